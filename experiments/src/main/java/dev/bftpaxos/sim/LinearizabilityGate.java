package dev.bftpaxos.sim;

import dev.bftpaxos.check.Violation;
import dev.bftpaxos.history.CheckResult;
import dev.bftpaxos.history.HistoryFormatException;
import dev.bftpaxos.history.HistoryParser;
import dev.bftpaxos.history.LinearizabilityChecker;
import java.util.List;

/**
 * Runs the history checker over a run's client history, through the same JSON-lines form
 * {@code check-history} reads, so what the simulator checks and what a user checks is one thing.
 */
final class LinearizabilityGate {
  private LinearizabilityGate() {}

  static Violation check(List<String> historyLines) {
    CheckResult result;
    try {
      result = LinearizabilityChecker.check(HistoryParser.parse(String.join("\n", historyLines)));
    } catch (HistoryFormatException e) {
      throw new IllegalStateException("the simulator wrote a malformed history: " + e.getMessage(), e);
    }
    return switch (result.verdict()) {
      case LINEARIZABLE -> null;
      case NOT_LINEARIZABLE -> new Violation(Violation.LINEARIZABILITY, result.render());
      case UNKNOWN -> new Violation(Violation.LINEARIZABILITY,
          "the checker gave up (search budget) on keys " + result.undecidedKeys() + "; treat as a failure to look into");
    };
  }
}
