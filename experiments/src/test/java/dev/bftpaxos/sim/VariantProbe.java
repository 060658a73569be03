package dev.bftpaxos.sim;

import dev.bftpaxos.core.ProtocolRules;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariantProbe {
  @Test
  void probe() {
    int seeds = Integer.getInteger("probe.seeds", 200);
    for (Map.Entry<String, ProtocolRules> v : BrokenVariants.all().entrySet()) {
      for (int n : new int[] {3, 5}) {
        Scenario s = Scenario.randomFaults(n);
        int failed = 0;
        long firstFail = -1;
        String what = "";
        for (long seed = 1; seed <= seeds; seed++) {
          RunResult r = new Simulator(s, seed, v.getValue(), Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
          if (!r.ok()) {
            failed++;
            if (firstFail < 0) {
              firstFail = seed;
              what = r.violation().toString();
            }
          }
        }
        System.out.printf("%s n=%d failed=%d/%d first=%d %s%n", v.getKey(), n, failed, seeds, firstFail, what.length() > 150 ? what.substring(0, 150) : what);
      }
    }
  }
}
