package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bftpaxos.sim.variants.Variant;
import org.junit.jupiter.api.Test;

/** The same seed must give the same run, event for event: that is what makes a failure replayable. */
class DeterminismTest {

  private static RunResult run(Scenario s, long seed) {
    return new Simulator(s, seed, Variant.CORRECT, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
  }

  @Test
  void sameSeedGivesSameTraceHash() {
    for (int n : new int[] {3, 5}) {
      Scenario s = Scenario.randomFaults(n);
      for (long seed : new long[] {1, 42, 977}) {
        RunResult a = run(s, seed);
        RunResult b = run(s, seed);
        assertEquals(a.traceHash(), b.traceHash(), "n=" + n + " seed " + seed + " diverged");
        assertEquals(a.traceEvents(), b.traceEvents());
        assertEquals(a.requestsCompleted(), b.requestsCompleted());
        assertEquals(a.messagesSent(), b.messagesSent());
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    Scenario s = Scenario.randomFaults(3);
    assertNotEquals(run(s, 1).traceHash(), run(s, 2).traceHash());
  }
}
