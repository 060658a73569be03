package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Workload;

/** Scenarios small enough that a test can run a dozen of them in a second or two. */
final class TinyScenarios {
  private TinyScenarios() {}

  /** Random faults over 300 ms, 3 clients that retransmit after 50 ticks, 400 ms of workload. */
  static Scenario randomFaults() {
    Workload w = Workload.defaults();
    return Scenario.randomFaults(3)
        .withName("tiny")
        .withWorkload(new Workload(3, 0, w.keys(), w.getWeight(), w.putWeight(), w.deleteWeight(), w.casWeight(),
            w.thinkMicros(), 50))
        .withFaults(FaultPlan.NONE, new Scenario.RandomFaults(1, 1, 1, true, 300_000))
        .withDuration(400_000);
  }

  /** The YAML form of {@link #randomFaults()}, for the command-line tests. */
  static final String YAML = """
      name: tiny
      workload: {clients: 3, retransmitTicks: 50}
      network: {lossRate: 0.02, duplicateRate: 0.02, reorderRate: 0.05}
      faults: {random: {crashes: 1, partitions: 1, cuts: 1, windowMicros: 300ms}}
      durationMicros: 400ms
      """;
}
