package dev.bftpaxos.history;

/**
 * A history file that cannot be read as a history. It is a checked exception carrying the 1-based
 * line number because the only useful thing a user can do with a malformed history is open it at
 * the offending line; a checker that guessed past bad input would give verdicts about a history
 * nobody recorded.
 */
public final class HistoryFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long lineNumber;
  private final String problem;

  public HistoryFormatException(long lineNumber, String problem) {
    super("line " + lineNumber + ": " + problem);
    this.lineNumber = lineNumber;
    this.problem = problem;
  }

  public HistoryFormatException(long lineNumber, String problem, Throwable cause) {
    super("line " + lineNumber + ": " + problem, cause);
    this.lineNumber = lineNumber;
    this.problem = problem;
  }

  /** The 1-based line of the input that is wrong. */
  public long lineNumber() {
    return lineNumber;
  }

  /** What is wrong, without the "line N: " prefix that {@link #getMessage()} carries. */
  public String problem() {
    return problem;
  }
}
