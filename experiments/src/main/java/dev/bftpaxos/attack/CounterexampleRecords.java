package dev.bftpaxos.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** A {@link CounterexampleReport} as JSON, field for field, for shard files. */
public final class CounterexampleRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CounterexampleRecords() {}

  public static ObjectNode json(CounterexampleReport r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("seed", r.seed()).put("property", r.property()).put("detail", r.detail()).put("safety", r.safety())
        .put("replay", r.replay()).put("originalReplay", r.originalReplay()).put("shrinkRuns", r.shrinkRuns());
    strings(n.putArray("steps"), r.steps());
    ArrayNode acts = n.putArray("acts");
    for (CounterexampleReport.Act a : r.acts()) {
      acts.addObject().put("index", a.index()).put("actor", a.actor()).put("what", a.what());
    }
    n.put("requests", r.requests()).put("faultEvents", r.faultEvents()).put("traceHash", r.traceHash());
    strings(n.putArray("summary"), r.summary());
    strings(n.putArray("trace"), r.trace());
    return n;
  }

  public static CounterexampleReport report(JsonNode n) {
    List<CounterexampleReport.Act> acts = new ArrayList<>();
    for (JsonNode a : n.path("acts")) {
      acts.add(new CounterexampleReport.Act(a.path("index").asInt(),
          a.has("actor") ? a.path("actor").asText() : "r" + a.path("replica").asInt(), a.path("what").asText()));
    }
    return new CounterexampleReport(n.path("seed").asLong(), n.path("property").asText(), n.path("detail").asText(),
        n.path("safety").asBoolean(), n.path("replay").asText(), n.path("originalReplay").asText(),
        n.path("shrinkRuns").asInt(), strings(n.path("steps")), acts, n.path("requests").asLong(),
        n.path("faultEvents").asInt(), n.path("traceHash").asText(), strings(n.path("summary")), strings(n.path("trace")));
  }

  private static void strings(ArrayNode a, List<String> xs) {
    xs.forEach(a::add);
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }
}
