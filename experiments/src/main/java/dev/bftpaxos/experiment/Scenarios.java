package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.NetworkSpec;
import dev.bftpaxos.sim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** Finds a scenario by built-in name or YAML file, and derives the fault-free form of one. */
public final class Scenarios {
  /** Replicas for a built-in scenario when none are asked for. */
  public static final int DEFAULT_REPLICAS = 3;

  private static final Map<String, IntFunction<Scenario>> BUILT_IN = new LinkedHashMap<>();

  static {
    BUILT_IN.put("basic", Scenario::basic);
    BUILT_IN.put("random-faults", Scenario::randomFaults);
    BUILT_IN.put("byzantine-basic", n -> Scenario.byzantineBasic(Math.max(4, n)));
    BUILT_IN.put("byzantine-random-faults", n -> Scenario.byzantineRandomFaults(Math.max(4, n)));
    BUILT_IN.put("lease-reads", Scenarios::leaseReads);
  }

  /**
   * Crash mode's random faults with every get a lease read: clocks drift by up to 40 thousandths,
   * inside the 50 the replicas assume (what ReadsPropertyTest checks), so only a clock beyond the
   * bound (a skewed-clock replica) can break a lease.
   */
  public static Scenario leaseReads(int n) {
    Scenario s = Scenario.randomFaults(n).withName("lease-reads");
    s = s.withWorkload(s.workload().withReads(dev.bftpaxos.core.msg.Read.Kind.LEASE));
    return s.withClockDrift(40).withCore(s.core().withLimits(s.core().limits().withClockDrift(50)));
  }

  private Scenarios() {}

  public static Iterable<String> builtInNames() {
    return BUILT_IN.keySet();
  }

  /**
   * A built-in name or the path of a YAML file. Built-in scenarios get {@link #DEFAULT_REPLICAS}
   * replicas and no seed range; callers override replicas with {@link Scenario#withReplicas}.
   */
  public static ScenarioFile.Loaded resolve(String nameOrFile) {
    IntFunction<Scenario> builtIn = BUILT_IN.get(nameOrFile);
    if (builtIn != null) {
      return new ScenarioFile.Loaded(builtIn.apply(DEFAULT_REPLICAS), null, null);
    }
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no scenario '" + nameOrFile + "': not a built-in name ("
          + String.join(", ", BUILT_IN.keySet()) + ") and no such file");
    }
    return ScenarioFile.load(file);
  }

  /**
   * What a shard records about its scenario besides the name it was given: {@code built-in}, or
   * the SHA-256 of the file's bytes, so that shards that read different files of the same name
   * cannot be merged.
   */
  public static String fileDigest(String nameOrFile) {
    if (BUILT_IN.containsKey(nameOrFile)) {
      return "built-in";
    }
    try {
      byte[] bytes = Files.readAllBytes(Path.of(nameOrFile));
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("cannot read scenario file " + nameOrFile + ": " + e.getMessage());
    }
  }

  /**
   * {@code s} in {@code mode} with {@code replicas} replicas. The two changes are made in the order
   * in which each step is a valid scenario (Byzantine mode needs 4 replicas): a Byzantine
   * scenario can become a crash-mode one of 3, and a crash-mode one of 3 a Byzantine one of 4.
   */
  public static Scenario resized(Scenario s, String mode, int replicas) {
    String m = Mode.byLabel(mode).label();
    return m.equals(Mode.CRASH.label()) ? s.withMode(m).withReplicas(replicas) : s.withReplicas(replicas).withMode(m);
  }

  /**
   * The same cluster, workload and network delays with every fault removed: no fault plan, none
   * drawn per seed, and no message loss, duplication or reordering. What {@code compare} runs as
   * its "no faults" rows and {@code simulate --no-faults} replays.
   */
  public static Scenario withoutFaults(Scenario s) {
    NetworkSpec n = s.network();
    NetworkSpec clean = new NetworkSpec(n.delay(), n.links(), 0, 0, 0, n.reorderDelayMicros());
    return s.withNetwork(clean).withFaults(FaultPlan.NONE, null);
  }
}
