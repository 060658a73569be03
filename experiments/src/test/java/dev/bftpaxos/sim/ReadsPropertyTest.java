package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.sim.variants.BrokenVariants;
import dev.bftpaxos.sim.variants.Variant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every read kind in both modes, under the property tests' faults: linearizable and lease reads go
 * into the history the linearizability checker judges, stale reads are checked against the slot they
 * claim. And the checkers catch a lease that outlasts the followers' promise (lease-no-drift-margin)
 * by random search.
 */
class ReadsPropertyTest {
  static final int SEEDS = Integer.getInteger("bftpaxos.readSeeds", 60);
  static final int VARIANT_SEED_BUDGET = 300;

  static Scenario scenario(String mode, int n, Read.Kind kind) {
    Scenario s = mode.equals("crash") ? Scenario.randomFaults(n) : Scenario.byzantineRandomFaults(n);
    s = s.withWorkload(s.workload().withReads(kind));
    if (kind == Read.Kind.LEASE) {
      s = s.withClockDrift(40).withCore(s.core().withLimits(s.core().limits().withClockDrift(50)));
    }
    return s;
  }

  @ParameterizedTest(name = "{0} mode n={1}, {2} reads")
  @CsvSource({"crash, 3, STALE", "crash, 3, LINEARIZABLE", "crash, 3, LEASE", "crash, 5, LEASE",
      "byzantine, 4, STALE", "byzantine, 4, LINEARIZABLE", "byzantine, 4, LEASE"})
  void everySeedKeepsEveryProperty(String mode, int n, Read.Kind kind) {
    Scenario s = scenario(mode, n, kind);
    SeedSweep.Outcome o = SeedSweep.run(s, Variant.CORRECT, Simulator.Options.defaults(), 1, SEEDS, SeedSweep.cores());
    assertNull(o.firstFailure(), () -> FailureReport.render(s.name(), n, o.firstFailure()));
    assertTrue(o.requestsCompleted() > 0);
  }

  @ParameterizedTest(name = "a lease longer than the followers' promise is caught")
  @CsvSource({"lease-no-drift-margin"})
  void aLeaseThatOutlastsThePromiseIsCaught(String variant) {
    Scenario s = scenario("crash", 3, Read.Kind.LEASE).withClockDrift(0);
    SeedSweep.Outcome o = SeedSweep.run(s, BrokenVariants.byName(variant), Simulator.Options.defaults(), 1,
        VARIANT_SEED_BUDGET, SeedSweep.cores());
    assertNotNull(o.firstFailure(), variant + " went unnoticed for " + VARIANT_SEED_BUDGET + " seeds");
    System.out.println(variant + " caught at seed " + o.firstFailure().seed() + ": "
        + o.firstFailure().violation().toString().lines().findFirst().orElse(""));
  }
}
