package dev.bftpaxos.sim;

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
    SeedSweep.Outcome o = PropertySweep.assertEverySeedPasses(Scenario.randomFaults(n), "random-faults", SEEDS_PER_SIZE);
    System.out.printf("crash mode n=%d: %d seeds passed, %d requests completed, %.1f s%n", n, o.seedsRun(),
        o.requestsCompleted(), o.wallNanos() / 1e9);
  }
}
