package dev.bftpaxos.check;

/** A property a run broke, and what showed it. */
public record Violation(String property, String detail) {
  public static final String AGREEMENT = "agreement";
  public static final String VALIDITY = "validity";
  public static final String EXACTLY_ONCE = "exactly-once";
  public static final String LINEARIZABILITY = "linearizability";
  public static final String CERTIFICATE = "certificate-soundness";
  public static final String STALE_READ = "stale-read";
  public static final String LIVENESS = "liveness";
  public static final String INVARIANT = "invariant";

  @Override
  public String toString() {
    return property + ": " + detail;
  }
}
