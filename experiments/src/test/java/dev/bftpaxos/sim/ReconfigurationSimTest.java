package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.sim.variants.BrokenVariants;
import dev.bftpaxos.sim.variants.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash mode through random configuration changes (three replicas grow to five, then one may be
 * removed and one's key rotated) during random crashes, partitions, cut links, loss, duplication
 * and reordering: agreement (across configurations too), validity, exactly-once, linearizability
 * and liveness hold with the correct protocol, and each broken reconfiguration variant is caught.
 */
class ReconfigurationSimTest {
  static final int UNIVERSE = 5;
  static final int FIRST_MEMBERS = 3;
  static final int CORRECT_SEEDS = 40;
  static final int SEED_BUDGET = 60;
  static final int FAULTY_SEEDS = 10;

  /** A small window, so alpha (the watermark window, 16 slots here) passes within the fault window. */
  static Scenario scenario() {
    Scenario s = Scenario.randomFaults(UNIVERSE).withName("reconfiguration")
        .withCore(CoreConfig.defaults(UNIVERSE).withWindow(4));
    return s.withFaults(FaultPlan.NONE, new Scenario.RandomFaults(2, 1, 1, true, 1_200_000));
  }

  static final ReconfigurationRuns RUNS = new ReconfigurationRuns(scenario(), UNIVERSE, FIRST_MEMBERS);

  @Test
  void correctProtocolHoldsThroughReconfigurations() {
    int changed = RUNS.acceptedChanges(CORRECT_SEEDS);
    assertTrue(changed >= CORRECT_SEEDS, "configuration changes took effect: " + changed);
  }

  /**
   * A faulty replica being removed (replica 1, silent: it omits every message) and one being added
   * (replica 4, replaying old messages of earlier ballots and slots): the faults crash mode
   * tolerates. No crashes on top (with the silent one, a crash would be a second fault of three).
   */
  @Test
  void faultyReplicasBeingRemovedAndAdded() {
    for (long seed = 1; seed <= FAULTY_SEEDS; seed++) {
      Scenario s = scenario().withFaults(FaultPlan.NONE, new Scenario.RandomFaults(0, 1, 1, false, 1_200_000));
      SeededRandom random = SeededRandom.stream(seed, "reconfigurations");
      long t1 = random.nextLong(50_000, 250_000);
      long t2 = t1 + random.nextLong(50_000, 250_000);
      long t3 = t2 + random.nextLong(50_000, 250_000);
      FaultPlan changes = FaultPlan.parse("members(0,1,2)@0ms;add(3)@" + t1 + "us;add(4)@" + t2 + "us;remove(1)@" + t3 + "us");
      FaultPlan faults = FaultPlanGenerator.generate(s.randomFaults(), UNIVERSE, 1, SeededRandom.stream(seed, "faults"));
      Simulator sim = new Simulator(s, seed, Variant.CORRECT, ReconfigurationPlans.merge(faults, changes),
          Simulator.Options.defaults().withFaulty(java.util.Map.of(1, "silent-node", 4, "replayer")));
      RunResult r = sim.run();
      assertTrue(r.ok(), "seed " + seed + ": " + r.violation() + "\n" + String.join("\n", r.trace()));
      assertTrue(sim.reconfigurations().stream().filter(x -> x.startsWith("ok")).count() >= 2,
          "seed " + seed + ": " + sim.reconfigurations());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"quorum-not-updated", "activation-differs"})
  void brokenReconfigurationIsCaught(String name) {
    Variant v = BrokenVariants.byName(name);
    for (long seed = 1; seed <= SEED_BUDGET; seed++) {
      RunResult r = RUNS.run(v, seed, null);
      if (!r.ok()) {
        System.out.printf("%s caught after %d seed(s): %s%n", name, seed, r.violation());
        return;
      }
    }
    fail(name + " was not caught in " + SEED_BUDGET + " seeds: the checkers are blind to it");
  }
}
