package dev.bftpaxos.cli;

/** Input the user can fix: the command prints the message (no stack trace) and exits with 2. */
final class BadInputException extends RuntimeException {
  BadInputException(String message) {
    super(message);
  }

  /** Runs {@code step}, turning its IllegalArgumentException (how the model rejects values) into bad input. */
  static <T> T check(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }
}
