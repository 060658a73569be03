package dev.bftpaxos.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix's shard records and settings as JSON: what a shard writes and {@code merge} reads.
 * Doubles are written in Java's shortest round-trip form, so a merged report adds up exactly the
 * numbers an unsharded run adds up.
 */
public final class MatrixRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MatrixRecords() {}

  /** Everything a shard's results depend on (threads do not, so they are not here). */
  public static ObjectNode settings(ResilienceMatrix.Spec spec) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode sizes = n.putArray("sizes");
    spec.sizes().forEach(s -> sizes.add(s.label() + "@" + s.scenarioRef()));
    ArrayNode behaviours = n.putArray("behaviours");
    spec.behaviours().forEach(behaviours::add);
    n.put("seeds", spec.seeds()).put("seedBase", spec.seedBase()).put("shrinkBudget", spec.shrinkBudget())
        .put("searchSeeds", spec.searchSeeds());
    return n;
  }

  /** The spec a shard ran, from its settings; {@code threads} is the merging machine's. */
  public static ResilienceMatrix.Spec spec(JsonNode settings, int threads) {
    List<ResilienceMatrix.Size> sizes = new ArrayList<>();
    for (JsonNode s : settings.path("sizes")) {
      String[] at = s.asText().split("@", 2);
      String[] mn = at[0].split(":", 2);
      sizes.add(new ResilienceMatrix.Size(mn[0], Integer.parseInt(mn[1]), at[1]));
    }
    List<String> behaviours = new ArrayList<>();
    settings.path("behaviours").forEach(b -> behaviours.add(b.asText()));
    return new ResilienceMatrix.Spec(sizes, behaviours, settings.path("seeds").asInt(), settings.path("seedBase").asLong(),
        settings.path("shrinkBudget").asInt(), threads, settings.path("searchSeeds").asInt());
  }

  public static List<ObjectNode> records(MatrixShard shard) {
    List<ObjectNode> out = new ArrayList<>();
    for (MatrixShard.Run r : shard.runs()) {
      ObjectNode n = cell(JSON.createObjectNode().put("type", "run"), r.cell());
      n.put("seedIndex", r.seedIndex()).put("seed", r.seed()).put("completed", r.completed()).put("issued", r.issued())
          .put("throughput", r.throughput()).put("acts", r.acts()).put("violation", r.violation());
      out.add(n);
    }
    for (MatrixShard.Search s : shard.searches()) {
      ObjectNode n = cell(JSON.createObjectNode().put("type", "search"), s.cell());
      n.put("seedsRun", s.seedsRun()).put("failingSeed", s.failingSeed()).put("failingProperty", s.failingProperty());
      out.add(n);
    }
    for (MatrixShard.Shrunk s : shard.shrunk()) {
      ObjectNode n = cell(JSON.createObjectNode().put("type", "counterexample"), s.cell());
      n.put("fromSearch", s.fromSearch());
      n.set("report", CounterexampleRecords.json(s.report()));
      out.add(n);
    }
    return out;
  }

  public static MatrixShard shard(List<ObjectNode> records, ResilienceMatrix.Spec spec) {
    List<MatrixShard.Run> runs = new ArrayList<>();
    List<MatrixShard.Search> searches = new ArrayList<>();
    List<MatrixShard.Shrunk> shrunk = new ArrayList<>();
    for (ObjectNode n : records) {
      MatrixShard.CellKey key = key(n, spec);
      switch (n.path("type").asText()) {
        case "run" -> runs.add(new MatrixShard.Run(key, n.path("seedIndex").asInt(), n.path("seed").asLong(),
            n.path("completed").asLong(), n.path("issued").asLong(), n.path("throughput").asDouble(),
            n.path("acts").asLong(), text(n, "violation")));
        case "search" -> searches.add(new MatrixShard.Search(key, n.path("seedsRun").asInt(), n.path("failingSeed").asLong(),
            text(n, "failingProperty")));
        case "counterexample" -> shrunk.add(new MatrixShard.Shrunk(key, n.path("fromSearch").asBoolean(),
            CounterexampleRecords.report(n.path("report"))));
        default -> throw new IllegalArgumentException("unknown matrix record type '" + n.path("type").asText() + "'");
      }
    }
    return new MatrixShard(runs, searches, shrunk);
  }

  private static ObjectNode cell(ObjectNode n, MatrixShard.CellKey key) {
    return n.put("size", key.size().label()).put("behaviour", key.behaviour()).put("k", key.k());
  }

  private static MatrixShard.CellKey key(ObjectNode n, ResilienceMatrix.Spec spec) {
    String label = n.path("size").asText();
    ResilienceMatrix.Size size = spec.sizes().stream().filter(s -> s.label().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("a record names size '" + label + "', which the settings do not"));
    return new MatrixShard.CellKey(size, n.path("behaviour").asText(), n.path("k").asInt());
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
