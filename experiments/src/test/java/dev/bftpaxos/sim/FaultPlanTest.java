package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A replay command is only as good as the plan's text form: render and parse must agree. */
class FaultPlanTest {

  @Test
  void everyGeneratedPlanSurvivesItsTextForm() {
    for (long seed = 1; seed <= 2000; seed++) {
      int n = 3 + (int) (seed % 5);
      Scenario.RandomFaults spec = new Scenario.RandomFaults((int) (seed % 4), (int) (seed % 3), (int) (seed % 2), true, 1_000_000);
      FaultPlan plan = FaultPlanGenerator.generate(spec, n, (n - 1) / 2, SeededRandom.stream(seed, "faults"));
      FaultPlan back = FaultPlan.parse(plan.render());
      assertEquals(plan, back, "seed " + seed + ": " + plan.render());
    }
  }

  @Test
  void generatedPlansNeverCrashMoreThanFAtOnce() {
    for (long seed = 1; seed <= 2000; seed++) {
      int n = 3 + (int) (seed % 5);
      int f = (n - 1) / 2;
      FaultPlan plan = FaultPlanGenerator.generate(new Scenario.RandomFaults(5, 0, 0, false, 1_000_000), n, f,
          SeededRandom.stream(seed, "faults"));
      java.util.Set<Integer> down = new java.util.HashSet<>();
      for (FaultEvent e : plan.events()) {
        if (e instanceof FaultEvent.Crash c) {
          down.add(c.replica());
        } else if (e instanceof FaultEvent.Restart r) {
          down.remove(r.replica());
        }
        assertTrue(down.size() <= f, "seed " + seed + " n=" + n + " plan " + plan);
      }
    }
  }

  @Test
  void handWrittenPlansParse() {
    FaultPlan p = FaultPlan.parse("crash(1)@200ms; crash!(2)@1.5s; restart(1)@900ms; cut(0,2)@300ms; partition(0|1,2)@400us; heal@2s");
    assertEquals(6, p.events().size());
    assertEquals(new FaultEvent.Partition(List.of(Set.of(0), Set.of(1, 2)), 400), p.events().get(0));
    assertEquals(new FaultEvent.Crash(2, 1_500_000, true), p.events().get(4));
    assertEquals(FaultPlan.NONE, FaultPlan.parse("none"));
  }

  @Test
  void badPlansAreRejectedWithTheEventNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("crash(1)@200ms;explode(2)@3ms"));
    assertTrue(e.getMessage().contains("explode"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("crash(x)@2ms"));
    assertTrue(e.getMessage().contains("crash(x)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("crash(1)@soon"));
    assertTrue(e.getMessage().contains("soon"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("crash(7)@1ms").validate(3));
    assertTrue(e.getMessage().contains("replica 7"), e.getMessage());
  }
}
