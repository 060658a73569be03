package dev.bftpaxos.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.check.Violation;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.RunResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * compare's shard records: per run, the figures the report reads (counts, the latency histogram in
 * HdrHistogram's compressed form, the violation, the fault plan's text, the trace hash), keyed by
 * the run's position in the job list. A run read back is a {@link RunResult} with exactly those
 * fields and empty traces and histories, which the report never reads.
 */
public final class CompareRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompareRecords() {}

  /** The configurations, seeds and variant: what a compare shard's runs depend on. */
  public static ObjectNode settings(String scenario, String variant, SeedRange seeds, List<Configuration> configs) {
    ObjectNode n = JSON.createObjectNode().put("scenario", scenario).put("scenarioFile", Scenarios.fileDigest(scenario))
        .put("variant", variant).put("seeds", seeds.count()).put("seedBase", seeds.base());
    ArrayNode cs = n.putArray("configurations");
    for (Configuration c : configs) {
      cs.addObject().put("mode", c.mode().label()).put("replicas", c.replicas()).put("faults", c.faults());
    }
    return n;
  }

  public static List<Configuration> configurations(JsonNode settings) {
    List<Configuration> out = new ArrayList<>();
    for (JsonNode c : settings.path("configurations")) {
      out.add(new Configuration(Mode.byLabel(c.path("mode").asText()), c.path("replicas").asInt(),
          c.path("faults").asBoolean()));
    }
    return out;
  }

  public static SeedRange seeds(JsonNode settings) {
    return new SeedRange(settings.path("seeds").asInt(), settings.path("seedBase").asLong());
  }

  public static ObjectNode record(int job, ConfiguredRun run) {
    RunResult r = run.result();
    ObjectNode n = JSON.createObjectNode().put("type", "run").put("job", job).put("mode", run.config().mode().label())
        .put("replicas", run.config().replicas()).put("faults", run.config().faults()).put("seed", r.seed())
        .put("scenario", r.scenario()).put("variant", r.variant()).put("plan", r.plan().render())
        .put("issued", r.requestsIssued()).put("completed", r.requestsCompleted()).put("slots", r.slotsChosen())
        .put("simulatedMicros", r.simulatedMicros()).put("lastCompletionMicros", r.lastCompletionMicros())
        .put("latency", histogram(r.latencyMicros())).put("messages", r.messagesSent()).put("bytes", r.bytesSent())
        .put("retransmissions", r.clientRetransmissions()).put("traceHash", r.traceHash())
        .put("traceEvents", r.traceEvents()).put("signed", r.signaturesMade()).put("verified", r.signaturesVerified());
    if (r.violation() != null) {
      n.putObject("violation").put("property", r.violation().property()).put("detail", r.violation().detail());
    }
    return n;
  }

  public static int job(JsonNode n) {
    return n.path("job").asInt();
  }

  public static ConfiguredRun run(JsonNode n) {
    Configuration c = new Configuration(Mode.byLabel(n.path("mode").asText()), n.path("replicas").asInt(),
        n.path("faults").asBoolean());
    JsonNode v = n.get("violation");
    Violation violation = v == null ? null : new Violation(v.path("property").asText(), v.path("detail").asText());
    RunResult r = new RunResult(n.path("scenario").asText(), n.path("seed").asLong(), n.path("variant").asText(),
        FaultPlan.parse(n.path("plan").asText()), c.replicas(), n.path("issued").asLong(), n.path("completed").asLong(),
        n.path("slots").asLong(), n.path("simulatedMicros").asLong(), n.path("lastCompletionMicros").asLong(),
        histogram(n.path("latency").asText()), n.path("messages").asLong(), n.path("bytes").asLong(),
        n.path("retransmissions").asLong(), Map.of(), violation, List.of(), n.path("traceHash").asLong(),
        n.path("traceEvents").asLong(), List.of(), 0, c.mode().label(), n.path("signed").asLong(),
        n.path("verified").asLong(), List.of(), null);
    return new ConfiguredRun(c, r);
  }

  private static String histogram(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buf);
    byte[] bytes = new byte[length];
    buf.flip();
    buf.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static Histogram histogram(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("a run's latency histogram cannot be decoded: " + e.getMessage());
    }
  }

  /**
   * Every job's run, in job order, from the shards' records: each job exactly once, or an error
   * naming the job that is missing or doubled.
   */
  public static List<ConfiguredRun> runs(List<? extends JsonNode> records, int jobs) {
    ConfiguredRun[] byJob = new ConfiguredRun[jobs];
    for (JsonNode n : records) {
      int j = job(n);
      if (j < 0 || j >= jobs) {
        throw new IllegalArgumentException("a record names run " + j + " of " + jobs);
      }
      if (byJob[j] != null) {
        throw new IllegalArgumentException("run " + j + " is recorded twice");
      }
      byJob[j] = run(n);
    }
    for (int j = 0; j < jobs; j++) {
      if (byJob[j] == null) {
        throw new IllegalArgumentException("no shard recorded run " + j + " of " + jobs);
      }
    }
    return List.of(byJob);
  }
}
