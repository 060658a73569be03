package dev.bftpaxos.core;

/**
 * Always-on invariant checks. Unlike {@code assert}, these run in production: a violated invariant
 * means this replica's own state is corrupt, and continuing would risk safety. Never use this for
 * what a peer sent: a peer may be faulty, so its messages are rejected and counted instead.
 */
public final class Invariants {
  private Invariants() {}

  public static void check(boolean condition, String what) {
    if (!condition) {
      throw new InvariantViolation(what);
    }
  }

  // Overloads for one to three numbers, so a check that holds (always, in a correct core) boxes and
  // allocates nothing: these run on every step.

  public static void check(boolean condition, String format, long a) {
    if (!condition) {
      throw new InvariantViolation(String.format(format, a));
    }
  }

  public static void check(boolean condition, String format, long a, long b) {
    if (!condition) {
      throw new InvariantViolation(String.format(format, a, b));
    }
  }

  public static void check(boolean condition, String format, long a, long b, long c) {
    if (!condition) {
      throw new InvariantViolation(String.format(format, a, b, c));
    }
  }

  public static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvariantViolation(String.format(format, args));
    }
  }

  /** Thrown when the core's own state breaks an invariant. */
  public static final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvariantViolation(String message) {
      super("invariant violated: " + message);
    }
  }
}
