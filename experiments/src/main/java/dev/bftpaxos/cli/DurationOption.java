package dev.bftpaxos.cli;

import dev.bftpaxos.experiment.Durations;

/** A duration option given with a unit (10s, 500ms), checked: a bare number, zero or too long is exit 2. */
final class DurationOption {
  private DurationOption() {}

  /**
   * {@code text} in microseconds; {@code maxMicros} and {@code maxWords} ("an hour") bound it.
   *
   * @throws BadInputException naming {@code option}
   */
  static long micros(String option, String text, boolean zeroAllowed, long maxMicros, String maxWords) {
    String t = text.trim();
    if (t.matches("\\d+")) {
      throw new BadInputException(option + " " + text + ": give a unit, e.g. " + t + "s or " + t + "ms");
    }
    long micros;
    try {
      micros = Durations.parseMicros(t);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(option + " " + e.getMessage());
    }
    if (micros == 0 && !zeroAllowed) {
      throw new BadInputException(option + " must be longer than 0, got '" + text + "'");
    }
    if (micros > maxMicros) {
      throw new BadInputException(option + " must be at most " + maxWords + ", got '" + text + "'");
    }
    return micros;
  }
}
