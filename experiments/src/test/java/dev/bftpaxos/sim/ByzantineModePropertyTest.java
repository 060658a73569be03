package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.core.CrashRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byzantine mode under crash and network faults, with the fast signature scheme: every checker of
 * crash mode applies unchanged. A share of the runs (see {@link Ed25519RunsTest}) uses real Ed25519.
 */
class ByzantineModePropertyTest {
  static final int SEEDS_PER_SIZE = Integer.getInteger("bftpaxos.byzSeeds", 250);

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {4, 7})
  void everySeedKeepsEveryProperty(int n) {
    Scenario s = Scenario.byzantineRandomFaults(n);
    long base = Long.getLong("bftpaxos.seedBase", 1);
    SeedSweep.Outcome o = SeedSweep.run(s, CrashRules.INSTANCE, Simulator.Options.defaults(), base, SEEDS_PER_SIZE,
        SeedSweep.cores());
    if (o.firstFailure() != null) {
      RunResult r = o.firstFailure();
      PlanShrinker.Shrunk shrunk = PlanShrinker.shrink(s, r.seed(), CrashRules.INSTANCE, r);
      fail("Byzantine n=" + n + " seed " + r.seed() + " broke " + r.violation().property()
          + "\nshrunk to " + shrunk.plan().events().size() + " of " + r.plan().events().size() + " fault events\n"
          + FailureReport.render("byzantine-random-faults", n, shrunk.result()));
    }
    System.out.printf("Byzantine mode n=%d: %d seeds from %d passed, %d requests, %.1f signatures made and %.1f verified"
        + " per request, %.1f s%n", n, SEEDS_PER_SIZE, base, o.requestsCompleted(),
        (double) o.signaturesMade() / o.requestsCompleted(), (double) o.signaturesVerified() / o.requestsCompleted(),
        o.wallNanos() / 1e9);
  }
}
