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
    long completed = 0;
    for (long seed = base; seed < base + SEEDS_PER_SIZE; seed++) {
      RunResult r = new Simulator(s, seed, CrashRules.INSTANCE, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
      if (!r.ok()) {
        PlanShrinker.Shrunk shrunk = PlanShrinker.shrink(s, seed, CrashRules.INSTANCE, r);
        fail("n=" + n + " seed " + seed + " broke " + r.violation().property()
            + "\nshrunk to " + shrunk.plan().events().size() + " of " + r.plan().events().size()
            + " fault events in " + shrunk.runs() + " runs\n"
            + FailureReport.render("random-faults", n, shrunk.result()));
      }
      completed += r.requestsCompleted();
    }
    System.out.printf("crash mode n=%d: %d seeds from %d passed, %d requests completed%n", n, SEEDS_PER_SIZE, base, completed);
  }
}
