package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.Scenario;

/**
 * One row of the comparison: a mode, a cluster size and whether faults are injected. Every seed of
 * a configuration runs the same scenario; only the seed changes.
 */
public record Configuration(Mode mode, int replicas, boolean faults) {

  /** The scenario this configuration runs, derived from the experiment's base scenario. */
  public Scenario scenarioFrom(Scenario base) {
    mode.requireBuilt();
    Scenario sized = Scenarios.resized(base, mode.label(), replicas);
    return faults ? sized : Scenarios.withoutFaults(sized);
  }

  public String faultsLabel() {
    return faults ? "faults" : "none";
  }

  public String label() {
    return mode.label() + " n=" + replicas + " " + (faults ? "with faults" : "no faults");
  }
}
