package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplayCommandTest {
  @Test
  void givesThePlanExplicitlyInSingleQuotes() {
    assertEquals("bft-paxos simulate --scenario random-faults --n 5 --seed 7 --variant correct"
            + " --faults 'crash!(1)@200ms;partition(0|1,2)@300ms'",
        ReplayCommand.simulate("random-faults", 5, 7, "correct",
            FaultPlan.parse("crash!(1)@200ms;partition(0|1,2)@300ms"), false));
  }

  @Test
  void faultFreeRunsReplayWithNoFaults() {
    assertEquals("bft-paxos simulate --scenario 'my dir/s.yaml' --n 3 --seed 1 --variant correct --no-faults",
        ReplayCommand.simulate("my dir/s.yaml", 3, 1, "correct", FaultPlan.NONE, true));
  }

  @Test
  void quotesForThePosixShell() {
    assertEquals("docs/a.yaml", ReplayCommand.quote("docs/a.yaml"));
    assertEquals("'it'\\''s'", ReplayCommand.quote("it's"));
    assertEquals("''", ReplayCommand.quote(""));
  }
}
