package dev.bftpaxos.sim;

import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForgerProbe {
  @Test
  void probe() {
    Scenario s = Scenario.byzantineRandomFaults(4).withFaults(FaultPlan.parse("partition(3|0,1,2)@100ms;crash(0)@350ms;heal@360ms;restart(0)@800ms"), null);
    Simulator.Options o = new Simulator.Options(60, false, true, true).withFaulty(Map.of(1, "new-ballot-forger"));
    RunResult r = new Simulator(s, 24, BrokenVariants.byName("correct"), s.faultPlan(), o).run();
    System.out.println(r.violation());
    r.trace().forEach(l -> System.out.println(l.length() > 260 ? l.substring(0, 260) : l));
    System.out.println(r.rejections());
  }
}
