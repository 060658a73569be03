package dev.bftpaxos.experiment;

import java.util.List;

/**
 * One perturbation as it happened in a real run: the plan's line, the replicas it hit (the leader
 * resolved when it fired), when it began and ended (seconds from the start of the measurement, on
 * the harness's clock), what came of it, and how many seconds of the clients' series around it
 * fell below half the undisturbed rate.
 */
public record RealEvent(String plan, String kind, List<Integer> targets, double startSeconds, double endSeconds,
    String outcome, int degradedSeconds) {
  public RealEvent {
    targets = List.copyOf(targets);
  }
}
