package dev.bftpaxos.sim;

import dev.bftpaxos.core.CrashRules;
import org.junit.jupiter.api.Test;

class ByzProbe {
  @Test
  void probe() {
    int seeds = Integer.getInteger("probe.seeds", 1);
    boolean faults = Boolean.getBoolean("probe.faults");
    for (int n : new int[] {4, 7}) {
      Scenario s = (faults ? Scenario.randomFaults(n) : Scenario.basic(n)).withMode("byzantine");
      int failed = 0;
      long completed = 0, sig = 0, ver = 0;
      long t0 = System.nanoTime();
      for (long seed = 1; seed <= seeds; seed++) {
        RunResult r = new Simulator(s, seed, CrashRules.INSTANCE, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
        completed += r.requestsCompleted();
        sig += r.signaturesMade();
        ver += r.signaturesVerified();
        if (!r.ok()) {
          failed++;
          if (failed <= 1) {
            System.out.println(FailureReport.render("x", n, r));
            System.out.println(r.rejections());
          } else {
            System.out.println("n=" + n + " seed=" + seed + " " + r.violation());
          }
        } else if (seeds == 1) {
          System.out.println("n=" + n + " completed=" + r.requestsCompleted() + " p50=" + r.latencyMicros().getValueAtPercentile(50)
              + " msgs/req=" + r.messagesPerRequest() + " rej=" + r.rejections());
        }
      }
      System.out.printf("byz n=%d faults=%s failed=%d/%d completed=%d sig/req=%.1f ver/req=%.1f wall=%.1fs%n", n, faults, failed, seeds, completed,
          (double) sig / completed, (double) ver / completed, (System.nanoTime() - t0) / 1e9);
    }
  }
}
