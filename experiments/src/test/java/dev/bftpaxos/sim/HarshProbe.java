package dev.bftpaxos.sim;

import dev.bftpaxos.core.CrashRules;
import org.junit.jupiter.api.Test;

class HarshProbe {
  @Test
  void probe() {
    int seeds = Integer.getInteger("probe.seeds", 300);
    for (int n : new int[] {3, 5}) {
      Scenario s = Scenario.randomFaults(n)
          .withNetwork(NetworkSpec.lan().withFaultRates(0.10, 0.05, 0.2))
          .withFaults(FaultPlan.NONE, new Scenario.RandomFaults(5, 2, 2, true, 1_500_000));
      int failed = 0;
      for (long seed = 1; seed <= seeds; seed++) {
        RunResult r = new Simulator(s, seed, CrashRules.INSTANCE, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
        if (!r.ok()) {
          failed++;
          if (failed <= 2) {
            System.out.println(FailureReport.render("harsh", n, r));
          } else {
            System.out.println("n=" + n + " seed=" + seed + " " + r.violation());
          }
        }
      }
      System.out.printf("harsh n=%d failed=%d/%d%n", n, failed, seeds);
    }
  }
}
