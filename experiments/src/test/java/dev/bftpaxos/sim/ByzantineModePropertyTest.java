package dev.bftpaxos.sim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byzantine mode under crash and network faults, with the fast signature scheme: every checker of
 * crash mode applies unchanged. Real Ed25519 runs are in {@link Ed25519RunsTest}.
 */
class ByzantineModePropertyTest {
  static final int SEEDS_PER_SIZE = Integer.getInteger("bftpaxos.byzSeeds", 250);

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {4, 7})
  void everySeedKeepsEveryProperty(int n) {
    SeedSweep.Outcome o = PropertySweep.assertEverySeedPasses(Scenario.byzantineRandomFaults(n), "byzantine-random-faults",
        SEEDS_PER_SIZE);
    System.out.printf("Byzantine mode n=%d: %d seeds passed, %d requests, %.1f signatures made and %.1f verified"
        + " per request, %.1f s%n", n, o.seedsRun(), o.requestsCompleted(),
        (double) o.signaturesMade() / o.requestsCompleted(), (double) o.signaturesVerified() / o.requestsCompleted(),
        o.wallNanos() / 1e9);
  }
}
