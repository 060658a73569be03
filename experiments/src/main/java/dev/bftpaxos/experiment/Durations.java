package dev.bftpaxos.experiment;

import java.util.Locale;

/**
 * Simulated durations in microseconds, written either as a bare integer (microseconds) or with a
 * unit: {@code 800us}, {@code 250ms}, {@code 1.5s}. The same units as the fault plan's text form.
 */
public final class Durations {
  private Durations() {}

  /** Parses {@code text}; throws IllegalArgumentException saying what is allowed. */
  public static long parseMicros(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("us")) {
        return checked(Long.parseLong(s.substring(0, s.length() - 2).trim()), text);
      }
      if (s.endsWith("ms")) {
        return checked(Math.round(Double.parseDouble(s.substring(0, s.length() - 2).trim()) * 1_000), text);
      }
      if (s.endsWith("s")) {
        return checked(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1_000_000), text);
      }
      return checked(Long.parseLong(s), text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(badDuration(text));
    }
  }

  private static long checked(long micros, String text) {
    if (micros < 0) {
      throw new IllegalArgumentException("must not be negative, got '" + text + "'");
    }
    return micros;
  }

  private static String badDuration(String text) {
    return "must be a duration: an integer number of microseconds or a number with a unit"
        + " (e.g. 800us, 250ms, 1.5s), got '" + text + "'";
  }
}
