package dev.bftpaxos.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.sim.Simulator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Crash mode's lease reads rest on an assumed clock drift bound (50 thousandths in the lease-reads
 * scenario, whose clocks drift up to 40): the attack search finds a leader whose clock runs at a
 * quarter of real time while it leads (skewed-clock), far beyond the bound, serving a lease read
 * after a new leader ordered a newer write, and shrinks the run; the same search with that clock
 * at real time, or the lease-reads scenario without the skew, finds nothing.
 */
class LeaseClockAttackTest {
  static final Simulator.Options OPTIONS = Simulator.Options.defaults();
  static final int SEED_BUDGET = 100;
  static final String SLOW_LEADER = "skewed-clock(rate=250,while=leading)";

  static AttackSearch.Found search(String behaviour, int seeds) {
    return AttackSearch.search(seed -> SimRun.of("lease-reads", Scenarios.leaseReads(3), false, seed, "correct",
        Map.of(0, behaviour)), 1, seeds, OPTIONS, 2, AttackSearch.Progress.NONE);
  }

  @Test
  void aLeaderClockBeyondTheDriftBoundIsFoundAndShrunk() {
    AttackSearch.Found f = search(SLOW_LEADER, SEED_BUDGET);
    assertNotNull(f.failure(), "a slow leader clock went unnoticed for " + SEED_BUDGET + " seeds");
    assertEquals("linearizability", f.failure().result().violation().property());
    System.out.println("a leader clock at a quarter of real time found at seed " + f.failure().run().seed());
    AttackShrinker.Shrunk s = AttackShrinker.shrink(f.failure(), OPTIONS, 100, AttackShrinker.Progress.NONE);
    assertEquals("linearizability", s.outcome().result().violation().property());
    assertEquals(1, s.outcome().actions().size(), "the skew is one act, and the violation needs it");
    assertTrue(s.outcome().run().replayCommand().contains("--faulty '0=" + SLOW_LEADER + "'")
        || s.outcome().run().replayCommand().contains("--faulty 0=" + SLOW_LEADER), s.outcome().run().replayCommand());
  }

  @Test
  void theSameClockAtRealTimeBreaksNothing() {
    AttackSearch.Found f = search("skewed-clock(rate=1000,while=leading)", 30);
    assertNull(f.failure(), () -> "a correct clock broke a lease: " + f.failure().result().violation());
  }
}
