package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.variants.Variant;
import org.junit.jupiter.api.Test;

/**
 * Real Ed25519 in simulated Byzantine runs: the protocol must not depend on the fast scheme, and
 * the scheme must not change the run (same seed, same trace hash under either scheme).
 */
class Ed25519RunsTest {

  @Test
  void ed25519RunsKeepEveryPropertyAndMatchTheFastScheme() {
    Scenario s = Scenario.byzantineRandomFaults(4).withDuration(400_000);
    for (long seed = 1; seed <= 3; seed++) {
      FaultPlan plan = Simulator.planFor(s, seed);
      RunResult ed = new Simulator(s, seed, Variant.CORRECT, plan,
          Simulator.Options.defaults().withSignatureScheme("ed25519")).run();
      RunResult fast = new Simulator(s, seed, Variant.CORRECT, plan, Simulator.Options.defaults()).run();
      assertTrue(ed.ok(), "seed " + seed + ": " + ed.violation());
      assertTrue(ed.requestsCompleted() > 0);
      assertEquals(fast.traceHash(), ed.traceHash(), "the signature scheme changed the run for seed " + seed);
    }
  }
}
