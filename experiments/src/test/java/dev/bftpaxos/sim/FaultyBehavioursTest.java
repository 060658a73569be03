package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Byzantine mode with one faulty replica (k = f = 1 at n = 4) keeps every property, whatever the
 * behaviour and whichever replica it takes over - the leader of the first ballot included.
 */
class FaultyBehavioursTest {
  static final int SEEDS = 15;

  @ParameterizedTest(name = "{0} at replica {1}")
  @CsvSource({"silent-node, 0", "silent-node, 2", "replayer, 0", "forgetful-promiser, 1", "forgetful-promiser, 2", "replayer, 3", "equivocating-proposer, 0",
      "lying-replier, 2", "new-ballot-forger, 1"})
  void oneFaultyReplicaBreaksNothing(String behaviour, int replica) {
    Scenario s = Scenario.byzantineRandomFaults(4);
    SeedSweep.Outcome o = SeedSweep.run(s, BrokenVariants.byName("correct"),
        Simulator.Options.defaults().withFaulty(Map.of(replica, behaviour)), 1, SEEDS, SeedSweep.cores());
    assertNull(o.firstFailure(), () -> FailureReport.render(s.name(), 4, o.firstFailure()));
    assertTrue(o.requestsCompleted() > 0);
  }

  /**
   * Was an open finding (docs/FAULTY-NODES.md): with a silent first leader, replica 3 restarted and,
   * with a shorter back-off than the others, kept timing out of its ballot change alone; it stayed
   * one ballot ahead of replicas 1 and 2, leaving each ballot just before they arrived, and ballot
   * after ballot had no quorum. A ballot-change timer now runs only while a quorum has reached the
   * ballot, so a replica alone waits for the others.
   */
  @Test
  void silentFirstLeaderSeed13StaysLive() {
    Scenario s = Scenario.byzantineRandomFaults(4);
    FaultPlan plan = FaultPlan.parse("partition(2|0,1,3)@100571us;crash(3)@251906us;heal@323676us;cut(2,1)@324105us;"
        + "restart(3)@342561us;crash(0)@448135us;restart(0)@555041us;heal@656744us");
    RunResult r = new Simulator(s, 13, BrokenVariants.byName("correct"), plan,
        Simulator.Options.defaults().withFaulty(Map.of(0, "silent-node"))).run();
    assertNull(r.violation(), () -> FailureReport.render(s.name(), 4, r));
    assertTrue(r.requestsCompleted() > 0);
    assertEquals(r.requestsIssued(), r.requestsCompleted());
  }
}
