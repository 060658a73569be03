package dev.bftpaxos.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** An attack shard's records as JSON lines: one per judged seed, and the shrunk failure if any. */
public final class AttackRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AttackRecords() {}

  public static List<ObjectNode> records(AttackSweep.Raw raw) {
    List<ObjectNode> out = new ArrayList<>();
    for (AttackSearch.Seen s : raw.seen()) {
      out.add(JSON.createObjectNode().put("type", "seed").put("seed", s.seed()).put("completed", s.completed())
          .put("acts", s.acts()).put("violation", s.violation()));
    }
    if (raw.counterexample() != null) {
      ObjectNode n = JSON.createObjectNode().put("type", "counterexample");
      n.set("report", CounterexampleRecords.json(raw.counterexample()));
      if (raw.other() != null) {
        AttackSweep.OtherMode m = raw.other();
        n.putObject("otherMode").put("mode", m.mode()).put("replicas", m.replicas()).put("property", m.property())
            .put("detail", m.detail()).put("replay", m.replay());
      }
      out.add(n);
    }
    return out;
  }

  public static AttackSweep.Raw raw(List<ObjectNode> records) {
    List<AttackSearch.Seen> seen = new ArrayList<>();
    CounterexampleReport cx = null;
    AttackSweep.OtherMode other = null;
    for (ObjectNode n : records) {
      switch (n.path("type").asText()) {
        case "seed" -> seen.add(new AttackSearch.Seen(n.path("seed").asLong(), n.path("completed").asLong(),
            n.path("acts").asLong(), MatrixRecords.text(n, "violation")));
        case "counterexample" -> {
          cx = CounterexampleRecords.report(n.path("report"));
          JsonNode m = n.get("otherMode");
          if (m != null) {
            other = new AttackSweep.OtherMode(m.path("mode").asText(), m.path("replicas").asInt(),
                MatrixRecords.text(m, "property"), MatrixRecords.text(m, "detail"), m.path("replay").asText());
          }
        }
        default -> throw new IllegalArgumentException("unknown attack record type '" + n.path("type").asText() + "'");
      }
    }
    return new AttackSweep.Raw(seen, cx, other);
  }
}
