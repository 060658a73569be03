package dev.bftpaxos.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.LinkDelay;
import dev.bftpaxos.sim.NetworkSpec;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario from YAML. Every field is optional: the file starts from
 * {@link Scenario#basic(int)} and changes what it names. See {@code docs/scenario-example.yaml}
 * for every field. Errors name the file and the dotted field path.
 */
public final class ScenarioFile {
  private static final Pattern LINK = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ScenarioFile() {}

  /**
   * A scenario and, if the file says, the seeds {@code compare} should run it with.
   * {@code replicasGiven}: the file names its cluster size; otherwise the size is the mode's
   * smallest, and a command that changes the mode (--mode) picks the new mode's smallest.
   */
  public record Loaded(Scenario scenario, SeedRange seeds, Path file, java.util.SortedMap<Integer, String> faulty,
      boolean replicasGiven, List<String> faultyClients) {
    public Loaded {
      faulty = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(faulty));
      faultyClients = List.copyOf(faultyClients);
    }

    public Loaded(Scenario scenario, SeedRange seeds, Path file) {
      this(scenario, seeds, file, new java.util.TreeMap<>(), false, List.of());
    }
  }

  public static Loaded load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ScenarioFileException(file, "", "cannot read: " + e.getMessage());
    }
    return parse(text, file);
  }

  /** Parses {@code yaml}; {@code file} is used in messages and for the default name. */
  public static Loaded parse(String yaml, Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new ScenarioFileException(file, "", "not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    YamlSection top = YamlSection.root(file, root).allowOnly("name", "mode", "replicas", "core", "workload",
        "network", "faults", "durationMicros", "livenessBoundMicros", "tickMicros", "seeds", "faulty", "faulty_clients");
    String name = top.text("name", defaultName(file));
    String mode = mode(top);
    // Without replicas: the mode's smallest cluster, so that "mode: byzantine" alone is a valid file.
    int replicas = top.integer("replicas", Mode.byLabel(mode).smallestReplicas(), 1);
    if (replicas > 64) {
      throw top.error("replicas", "must be in 1..64, got " + replicas);
    }
    Scenario base = Scenario.basic(replicas);
    CoreConfig core = core(top.section("core"), replicas);
    Workload workload = workload(top.section("workload"));
    NetworkSpec network = network(top.section("network"), replicas);
    Faults faults = faults(top.section("faults"), replicas);
    long duration = positiveMicros(top, "durationMicros", base.durationMicros());
    long livenessBound = positiveMicros(top, "livenessBoundMicros", base.livenessBoundMicros());
    long tick = positiveMicros(top, "tickMicros", base.tickMicros());
    try {
      Scenario scenario = new Scenario(name, mode, replicas, core, workload, network, faults.plan(),
          faults.random(), duration, livenessBound, tick);
      return new Loaded(scenario, seeds(top), file, faulty(top.section("faulty"), replicas), top.has("replicas"),
          faultyClients(top));
    } catch (ScenarioFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw top.error(e.getMessage());
    }
  }

  /** {@code faulty: {3: equivocating-proposer, 1: "silent-node(to=0+2)"}}: replica id to behaviour. */
  private static java.util.SortedMap<Integer, String> faulty(YamlSection s, int replicas) {
    java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : s.entries().entrySet()) {
      int id;
      try {
        id = Integer.parseInt(e.getKey().trim());
      } catch (NumberFormatException ex) {
        throw s.error(e.getKey(), "keys of faulty are replica ids, got '" + e.getKey() + "'");
      }
      if (id < 0 || id >= replicas) {
        throw s.error(e.getKey(), "replica " + id + " is not in 0.." + (replicas - 1));
      }
      if (!e.getValue().isTextual()) {
        throw s.error(e.getKey(), "must be a behaviour name such as equivocating-proposer, got " + YamlSection.describe(e.getValue()));
      }
      String spec = e.getValue().asText();
      try {
        dev.bftpaxos.faulty.Behaviours.byName(spec);
      } catch (IllegalArgumentException ex) {
        throw s.error(e.getKey(), ex.getMessage());
      }
      out.put(id, spec);
    }
    return out;
  }

  /** {@code faulty_clients: [flooding-client, "forging-client(every=3)"]}: misbehaving clients beside the workload's. */
  private static List<String> faultyClients(YamlSection top) {
    JsonNode node = top.raw("faulty_clients");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw top.error("faulty_clients", "must be a list of client behaviours such as [flooding-client], got "
          + YamlSection.describe(node));
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode v = node.get(i);
      if (!v.isTextual()) {
        throw top.error("faulty_clients", "item " + i + " must be a client behaviour name, got " + YamlSection.describe(v));
      }
      try {
        dev.bftpaxos.faulty.client.ClientBehaviours.byName(v.asText());
      } catch (IllegalArgumentException ex) {
        throw top.error("faulty_clients", "item " + i + ": " + ex.getMessage());
      }
      out.add(v.asText());
    }
    return out;
  }

  private static String defaultName(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return "scenario";
    }
    return name.toString().replaceFirst("\\.ya?ml$", "");
  }

  private static String mode(YamlSection top) {
    String mode = top.text("mode", Mode.CRASH.label());
    try {
      return Mode.byLabel(mode).requireBuilt().label();
    } catch (IllegalArgumentException e) {
      throw top.error("mode", e.getMessage());
    }
  }

  private static CoreConfig core(YamlSection s, int replicas) {
    s.allowOnly("windowSlots", "batchCountMax", "batchBytesMax", "batchDelayTicks", "heartbeatTicks",
        "electionTimeoutTicks", "retransmitTicks", "catchupSlotsMax", "pendingRequestsMax", "clientsMax", "pipelineSlots");
    CoreConfig d = CoreConfig.defaults(replicas);
    try {
      CoreConfig c = new CoreConfig(replicas,
          s.integer("windowSlots", d.windowSlots(), 1),
          s.integer("batchCountMax", d.batchCountMax(), 1),
          s.integer("batchBytesMax", d.batchBytesMax(), 1),
          s.integer("batchDelayTicks", d.batchDelayTicks(), 0),
          s.integer("heartbeatTicks", d.heartbeatTicks(), 1),
          s.integer("electionTimeoutTicks", d.electionTimeoutTicks(), 1),
          s.integer("retransmitTicks", d.retransmitTicks(), 1),
          s.integer("catchupSlotsMax", d.catchupSlotsMax(), 1),
          s.integer("pendingRequestsMax", d.pendingRequestsMax(), 1),
          s.integer("clientsMax", d.clientsMax(), 1));
      return c.withPipeline(s.integer("pipelineSlots", c.windowSlots(), 1));
    } catch (ScenarioFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage());
    }
  }

  private static Workload workload(YamlSection s) {
    s.allowOnly("clients", "requestsPerClient", "keys", "getWeight", "putWeight", "deleteWeight", "casWeight",
        "thinkMicros", "retransmitTicks");
    Workload d = Workload.defaults();
    try {
      return new Workload(
          s.integer("clients", d.clients(), 1),
          s.integer("requestsPerClient", d.requestsPerClient(), 0),
          s.integer("keys", d.keys(), 1),
          s.integer("getWeight", d.getWeight(), 0),
          s.integer("putWeight", d.putWeight(), 0),
          s.integer("deleteWeight", d.deleteWeight(), 0),
          s.integer("casWeight", d.casWeight(), 0),
          s.micros("thinkMicros", d.thinkMicros()),
          s.integer("retransmitTicks", d.retransmitTicks(), 1));
    } catch (ScenarioFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage());
    }
  }

  private static NetworkSpec network(YamlSection s, int replicas) {
    s.allowOnly("delay", "links", "lossRate", "duplicateRate", "reorderRate", "reorderDelayMicros");
    NetworkSpec d = NetworkSpec.lan();
    LinkDelay delay = s.has("delay") ? delay(s.section("delay")) : d.delay();
    Map<String, LinkDelay> links = new LinkedHashMap<>();
    YamlSection linkSection = s.section("links");
    for (Map.Entry<String, JsonNode> e : linkSection.entries().entrySet()) {
      Matcher m = LINK.matcher(e.getKey().trim());
      if (!m.matches()) {
        throw linkSection.error(e.getKey(), "a link is named 'a-b' by two replica ids, e.g. '0-2'");
      }
      int a = Integer.parseInt(m.group(1));
      int b = Integer.parseInt(m.group(2));
      if (a == b || a >= replicas || b >= replicas) {
        throw linkSection.error(e.getKey(), "needs two different replicas in 0.." + (replicas - 1));
      }
      String key = Math.min(a, b) + "-" + Math.max(a, b);
      if (links.put(key, delay(linkSection.child(e.getKey(), e.getValue()))) != null) {
        throw linkSection.error(e.getKey(), "link " + key + " is given twice");
      }
    }
    double reorderRate = s.rate("reorderRate", d.reorderRate());
    // A reordering rate without a reordering delay would do nothing; use the random-faults default.
    long reorderDelay = s.micros("reorderDelayMicros", reorderRate > 0 ? 2000 : d.reorderDelayMicros());
    return new NetworkSpec(delay, links, s.rate("lossRate", d.lossRate()), s.rate("duplicateRate", d.duplicateRate()),
        reorderRate, reorderDelay);
  }

  private static LinkDelay delay(YamlSection s) {
    s.allowOnly("uniform", "exponential");
    if (s.names().size() != 1) {
      throw s.error("give exactly one of 'uniform: {minMicros, maxMicros}' or "
          + "'exponential: {minMicros, meanExtraMicros}'");
    }
    try {
      if (s.has("uniform")) {
        YamlSection u = s.section("uniform").allowOnly("minMicros", "maxMicros");
        return new LinkDelay.Uniform(required(u, "minMicros"), required(u, "maxMicros"));
      }
      YamlSection x = s.section("exponential").allowOnly("minMicros", "meanExtraMicros");
      return new LinkDelay.Exponential(required(x, "minMicros"), required(x, "meanExtraMicros"));
    } catch (ScenarioFileException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage());
    }
  }

  private static long required(YamlSection s, String name) {
    if (!s.has(name)) {
      throw s.error(name, "required");
    }
    return s.micros(name, 0);
  }

  /** A fixed plan and how to draw more per seed ({@code random} null: draw none). */
  private record Faults(FaultPlan plan, Scenario.RandomFaults random) {}

  private static Faults faults(YamlSection s, int replicas) {
    s.allowOnly("plan", "random");
    FaultPlan plan;
    try {
      plan = FaultPlan.parse(s.text("plan", "none"));
      plan.validate(replicas);
    } catch (IllegalArgumentException e) {
      throw s.error("plan", e.getMessage());
    }
    JsonNode r = s.raw("random");
    if (r == null || r.isNull() || (r.isTextual() && r.textValue().equals("none"))) {
      return new Faults(plan, null);
    }
    YamlSection rs = s.section("random").allowOnly("crashes", "partitions", "cuts", "midStepCrashes", "windowMicros");
    Scenario.RandomFaults d = Scenario.randomFaults(replicas).randomFaults();
    return new Faults(plan, new Scenario.RandomFaults(rs.integer("crashes", d.crashes(), 0),
        rs.integer("partitions", d.partitions(), 0), rs.integer("cuts", d.cuts(), 0),
        rs.bool("midStepCrashes", d.midStepCrashes()), positiveMicros(rs, "windowMicros", d.windowMicros())));
  }

  private static long positiveMicros(YamlSection s, String name, long dflt) {
    long micros = s.micros(name, dflt);
    if (micros == 0) {
      throw s.error(name, "must be > 0");
    }
    return micros;
  }

  private static SeedRange seeds(YamlSection top) {
    if (!top.has("seeds")) {
      return null;
    }
    YamlSection s = top.section("seeds").allowOnly("count", "base");
    return new SeedRange(s.integer("count", SeedRange.DEFAULT.count(), 1),
        s.longValue("base", SeedRange.DEFAULT.base(), 0));
  }
}
