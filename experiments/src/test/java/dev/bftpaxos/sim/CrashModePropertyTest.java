package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.core.CrashRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash mode must keep every property under every fault the simulator can inject: crashes (also
 * between a persist and its sends), restarts, partitions, cut links, loss, duplication and
 * reordering. Each seed draws its own schedule; a failure is shrunk to a minimal fault plan and
 * printed with its replay command.
 */
class CrashModePropertyTest {
  static final int SEEDS_PER_SIZE = Integer.getInteger("bftpaxos.seeds", 300);

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {3, 5})
  void everySeedKeepsEveryProperty(int n) {
    Scenario s = Scenario.randomFaults(n);
    long base = Long.getLong("bftpaxos.seedBase", 1);
    SeedSweep.Outcome o = SeedSweep.run(s, CrashRules.INSTANCE, Simulator.Options.defaults(), base, SEEDS_PER_SIZE,
        SeedSweep.cores());
    if (o.firstFailure() != null) {
      RunResult r = o.firstFailure();
      PlanShrinker.Shrunk shrunk = PlanShrinker.shrink(s, r.seed(), CrashRules.INSTANCE, r);
      fail("n=" + n + " seed " + r.seed() + " broke " + r.violation().property()
          + "\nshrunk to " + shrunk.plan().events().size() + " of " + r.plan().events().size()
          + " fault events in " + shrunk.runs() + " runs\n"
          + FailureReport.render("random-faults", n, shrunk.result()));
    }
    System.out.printf("crash mode n=%d: %d seeds from %d passed, %d requests completed, %.1f s%n", n, SEEDS_PER_SIZE,
        base, o.requestsCompleted(), o.wallNanos() / 1e9);
  }
}
