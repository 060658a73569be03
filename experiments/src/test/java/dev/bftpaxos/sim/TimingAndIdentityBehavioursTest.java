package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.check.Violation;
import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.faulty.BehaviourSpec;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.faulty.SlowLeader;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The timing and identity faults: slow-leader, twins and crash-with-amnesia. Byzantine mode with
 * one of them (k = f = 1 at n = 4) keeps every property, whichever replica misbehaves; crash mode
 * (which assumes honest replicas with intact disks) is run with each and what happens is printed -
 * twins and amnesia break agreement there, a slow leader only slows it down.
 */
class TimingAndIdentityBehavioursTest {
  static final int BYZANTINE_SEEDS = 10;
  static final int CRASH_SEEDS = 20;

  /** One run and the number of misbehaving acts performed in it. */
  record Run(RunResult result, int acts) {}

  /**
   * Runs seeds {@code first..first+count-1} on every core, like {@link SeedSweep}, but keeps each
   * run's count of performed acts (which needs the Simulator, not just its result).
   */
  static List<Run> sweep(Scenario s, Map<Integer, String> faulty, long first, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, SeedSweep.cores()));
    try {
      List<Future<Run>> futures = new ArrayList<>();
      for (long seed = first; seed < first + count; seed++) {
        long sd = seed;
        futures.add(pool.submit(() -> {
          Simulator sim = new Simulator(s, sd, BrokenVariants.byName("correct"), Simulator.planFor(s, sd),
              Simulator.Options.defaults().withFaulty(faulty));
          RunResult r = sim.run();
          return new Run(r, sim.faultyActions().size());
        }));
      }
      List<Run> runs = new ArrayList<>();
      for (Future<Run> f : futures) {
        runs.add(f.get());
      }
      return runs;
    } finally {
      pool.shutdownNow();
    }
  }

  static String summary(List<Run> runs) {
    return runs.stream().map(r -> "seed " + r.result().seed() + ": " + r.acts() + " acts, "
        + r.result().requestsCompleted() + " done, " + (r.result().ok() ? "ok" : r.result().violation().property()))
        .collect(Collectors.joining("; "));
  }

  // ------------------------------------------------------------------ Byzantine mode: tolerated

  @ParameterizedTest(name = "{0} at replica {1}")
  @CsvSource({"slow-leader, 0", "slow-leader, 1", "twins, 0", "twins, 3", "crash-with-amnesia, 0",
      "crash-with-amnesia, 1"})
  void byzantineModeToleratesOne(String behaviour, int replica) throws Exception {
    Scenario s = Scenario.byzantineRandomFaults(4);
    List<Run> runs = sweep(s, Map.of(replica, behaviour), 1, BYZANTINE_SEEDS);
    System.out.println("byzantine " + replica + "=" + behaviour + ": " + summary(runs));
    for (Run r : runs) {
      assertNull(r.result().violation(), () -> FailureReport.render(s.name(), 4, r.result())
          + "  faulty: --faulty " + replica + "=" + behaviour);
    }
    assertTrue(runs.stream().mapToLong(r -> r.result().requestsCompleted()).sum() > 0);
    // It did misbehave: a replica that does not lead first (slow-leader at 1) acts in the seeds where
    // faults make it lead a later ballot.
    assertTrue(runs.stream().mapToInt(Run::acts).sum() > 0, behaviour + " never acted");
  }

  // ------------------------------------------------------------------ slow-leader: the effect

  @Test
  void slowLeaderMakesTheByzantineClusterCrawlWithoutBeingDeposed() throws Exception {
    Scenario s = Scenario.byzantineBasic(4).withDuration(500_000);
    RunResult fast = run(s, 1, Map.of());
    Simulator sim = simulator(s, 1, Map.of(0, "slow-leader"));
    RunResult slow = sim.run();
    int delay = SlowLeader.defaultDelay(s.core());
    print("byzantine-basic n=4", delay, fast, slow, sim);
    assertNull(slow.violation(), () -> FailureReport.render(s.name(), 4, slow));
    assertCrawls(fast, slow, delay);
    // Never deposed: no replica's request timer expired, no ballot change was needed, and every
    // delayed proposal was a PROPOSE of ballot 0, replica 0's, to the end of the run.
    assertFalse(slow.rejections().containsKey("request timer expired: suspecting the leader"), slow.rejections()::toString);
    assertFalse(slow.rejections().containsKey("ballot change timed out"), slow.rejections()::toString);
    assertAllActs(sim, "delay PROPOSE ballot 0 slot ");
  }

  @Test
  void slowLeaderMakesTheCrashModeClusterCrawlWithoutBeingDeposed() throws Exception {
    // Seed 1 of basic: replica 0 wins the first election (ballot 0).
    Scenario s = Scenario.basic(3).withDuration(500_000);
    RunResult fast = run(s, 1, Map.of());
    Simulator sim = simulator(s, 1, Map.of(0, "slow-leader"));
    RunResult slow = sim.run();
    int delay = SlowLeader.defaultDelay(s.core());
    print("basic n=3 (crash)", delay, fast, slow, sim);
    assertNull(slow.violation(), () -> FailureReport.render(s.name(), 3, slow));
    assertCrawls(fast, slow, delay);
    assertAllActs(sim, "delay ACCEPT ballot 0 slot ");
  }

  private static void assertCrawls(RunResult fast, RunResult slow, int delayTicks) {
    assertTrue(slow.throughputPerSimSecond() * 10 < fast.throughputPerSimSecond(),
        () -> "throughput " + slow.throughputPerSimSecond() + " vs fault-free " + fast.throughputPerSimSecond());
    long p50 = slow.latencyMicros().getValueAtPercentile(50);
    assertTrue(p50 >= delayTicks * 1000L * 9 / 10, () -> "p50 latency " + p50 + " us, delay " + delayTicks + " ticks");
  }

  private static void assertAllActs(Simulator sim, String prefix) {
    List<ActionGate.Action> acts = sim.faultyActions();
    assertFalse(acts.isEmpty());
    for (ActionGate.Action a : acts) {
      assertTrue(a.description().startsWith(prefix), () -> "act #" + a.index() + ": " + a.description());
    }
  }

  private static void print(String what, int delay, RunResult fast, RunResult slow, Simulator sim) {
    System.out.printf("slow-leader on %s (delay %d ticks): fault-free %.0f req/s, p50 %.2f ms; slow %.0f req/s, "
            + "p50 %.2f ms, p99 %.2f ms; %d proposals delayed; ballot-change rejections %s%n",
        what, delay, fast.throughputPerSimSecond(), fast.latencyMicros().getValueAtPercentile(50) / 1000.0,
        slow.throughputPerSimSecond(), slow.latencyMicros().getValueAtPercentile(50) / 1000.0,
        slow.latencyMicros().getValueAtPercentile(99) / 1000.0, sim.faultyActions().size(),
        slow.rejections().entrySet().stream().filter(e -> e.getKey().contains("timer") || e.getKey().contains("ballot change"))
            .toList());
  }

  private static Simulator simulator(Scenario s, long seed, Map<Integer, String> faulty) {
    return new Simulator(s, seed, BrokenVariants.byName("correct"), Simulator.planFor(s, seed),
        Simulator.Options.defaults().withFaulty(faulty));
  }

  private static RunResult run(Scenario s, long seed, Map<Integer, String> faulty) {
    return simulator(s, seed, faulty).run();
  }

  // ------------------------------------------------------------------ crash mode: what happens

  @Test
  void crashModeSurvivesASlowLeader() throws Exception {
    Scenario s = Scenario.randomFaults(3);
    List<Run> runs = sweep(s, Map.of(0, "slow-leader"), 1, CRASH_SEEDS);
    System.out.println("crash 0=slow-leader: " + summary(runs));
    // Delay is asynchrony, which Paxos is built for; heartbeats keep the slow leader in place.
    for (Run r : runs) {
      assertNull(r.result().violation(), () -> FailureReport.render(s.name(), 3, r.result()));
    }
    assertTrue(runs.stream().mapToInt(Run::acts).sum() > 0);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0=twins", "2=crash-with-amnesia"})
  void crashModeLosesAgreement(String spec) throws Exception {
    Scenario s = Scenario.randomFaults(3);
    Map<Integer, String> faulty = BehaviourSpec.parseAssignments(spec);
    List<Run> runs = sweep(s, faulty, 1, CRASH_SEEDS);
    System.out.println("crash " + spec + ": " + summary(runs));
    if (runs.stream().allMatch(r -> r.result().ok())) {
      // About one seed in seven breaks with amnesia; look further before calling it safe.
      runs.addAll(sweep(s, faulty, CRASH_SEEDS + 1, CRASH_SEEDS));
    }
    List<RunResult> broken = runs.stream().map(Run::result).filter(r -> !r.ok()).toList();
    for (RunResult r : broken) {
      System.out.println("  crash " + spec + " seed " + r.seed() + ": " + r.violation() + "\n    replay: "
          + FailureReport.replayCommand(s.name(), 3, r) + " --faulty " + spec);
      // What breaks is agreement (or what follows from it), never the simulator.
      assertFalse(r.violation().property().equals(Violation.INVARIANT), r.violation()::toString);
    }
    assertTrue(broken.stream().anyMatch(r -> r.violation().property().equals(Violation.AGREEMENT)),
        () -> spec + " broke no agreement in crash mode over " + runs.size() + " seeds");
  }

  // ------------------------------------------------------------------ parameters

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "slow-leader(delay=0)|slow-leader: parameter delay=0 must be an integer in 1..1000000",
      "slow-leader(delay=soon)|slow-leader: parameter delay=soon must be an integer",
      "slow-leader(what=new-ballot)|slow-leader: parameter what=new-ballot must include 'proposals'",
      "slow-leader(what=accepts)|slow-leader: parameter what=accepts must be words from",
      "slow-leader(dealy=5)|behaviour slow-leader has no parameter 'dealy'",
      "twins(a=one)|twins: parameter a=one must be replica ids",
      "twins(a=-1)|twins: parameter a=-1 must be replica ids >= 0",
      "twins(sends=some)|twins: parameter sends=some must be one of all, own-side",
      "crash-with-amnesia(every=0)|crash-with-amnesia: parameter every=0 must be an integer in 1..1000000",
      "crash-with-amnesia(down=-1)|crash-with-amnesia: parameter down=-1 must be an integer in 0..1000000",
      "crash-with-amnesia(down=x)|crash-with-amnesia: parameter down=x must be an integer",
      "crash-with-amnesia(every=50,period=3)|behaviour crash-with-amnesia has no parameter 'period'"})
  void badParametersAreRefused(String spec, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName(spec));
    assertTrue(e.getMessage().startsWith(message), e::getMessage);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "twins(a=7)|twins: parameter a names replica 7 but the cluster has 0..3",
      "twins(a=0+1)|twins: parameter a names replica 0, the twins themselves",
      "twins(a=1+2+3)|twins: parameter a=[1, 2, 3] leaves no peer for twin B"})
  void twinsSidesAreCheckedAgainstTheCluster(String spec, String message) {
    // Side A can be checked only once the replica's id and the cluster size are known: at its first step.
    Scenario s = Scenario.byzantineBasic(4).withDuration(10_000);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(s, 1, Map.of(0, spec)));
    assertTrue(e.getMessage().startsWith(message), e::getMessage);
  }

  @Test
  void goodParametersAndDefaults() {
    for (String spec : List.of("slow-leader(delay=40)", "slow-leader(what=proposals)", "slow-leader(what=proposals+new-ballot)",
        "twins(a=1+2)", "twins(sends=own-side)", "crash-with-amnesia(every=50,down=0)")) {
      assertEquals(spec.substring(0, spec.indexOf('(')), Behaviours.byName(spec).name());
    }
    for (String name : List.of("slow-leader", "twins", "crash-with-amnesia")) {
      dev.bftpaxos.faulty.Registry.Entry<?> e = Behaviours.entries().get(name);
      assertFalse(e.summary().isBlank() || e.parameters().isBlank(), name);
    }
    // Just under the 100-tick request timer of the defaults.
    assertEquals(95, SlowLeader.defaultDelay(CoreConfig.defaults(4)));
  }
}
