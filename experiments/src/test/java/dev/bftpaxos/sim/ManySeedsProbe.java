package dev.bftpaxos.sim;

import dev.bftpaxos.core.CrashRules;
import org.junit.jupiter.api.Test;

class ManySeedsProbe {
  @Test
  void probe() {
    int seeds = Integer.getInteger("probe.seeds", 200);
    for (int n : new int[] {3, 5}) {
      Scenario s = Scenario.randomFaults(n);
      long t0 = System.nanoTime();
      int failed = 0;
      long completed = 0;
      for (long seed = 1; seed <= seeds; seed++) {
        RunResult r = new Simulator(s, seed, CrashRules.INSTANCE, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
        completed += r.requestsCompleted();
        if (!r.ok()) {
          failed++;
          if (failed <= 2) {
            System.out.println("n=" + n + " seed=" + seed + " plan=" + r.plan() + " violation=" + r.violation());
            r.trace().stream().skip(Math.max(0, r.trace().size() - 60)).forEach(System.out::println);
          } else {
            System.out.println("n=" + n + " seed=" + seed + " violation=" + r.violation());
          }
        }
      }
      System.out.printf("n=%d seeds=%d failed=%d completed=%d wall=%.1fs%n", n, seeds, failed, completed, (System.nanoTime() - t0) / 1e9);
    }
  }
}
