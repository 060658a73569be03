package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.CrashRules;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void basicRunCompletesRequests() {
    Scenario s = Scenario.basic(3);
    RunResult r = new Simulator(s, 1, CrashRules.INSTANCE, Simulator.planFor(s, 1), Simulator.Options.defaults()).run();
    System.out.println("completed=" + r.requestsCompleted() + " issued=" + r.requestsIssued() + " slots=" + r.slotsChosen()
        + " msgs=" + r.messagesSent() + " violation=" + r.violation() + " wallms=" + r.wallNanos() / 1e6
        + " p50=" + r.latencyMicros().getValueAtPercentile(50) + " rej=" + r.rejections());
    r.trace().forEach(System.out::println);
    assertTrue(r.ok());
    assertTrue(r.requestsCompleted() > 100);
  }

  @Test
  void randomFaultSeeds() {
    for (int n : new int[] {3, 5}) {
      Scenario s = Scenario.randomFaults(n);
      for (long seed = 1; seed <= 30; seed++) {
        RunResult r = new Simulator(s, seed, CrashRules.INSTANCE, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
        if (!r.ok()) {
          System.out.println("n=" + n + " seed=" + seed + " plan=" + r.plan() + " violation=" + r.violation());
          r.trace().forEach(System.out::println);
        }
        assertTrue(r.ok(), "n=" + n + " seed " + seed + ": " + r.violation());
      }
    }
  }
}
