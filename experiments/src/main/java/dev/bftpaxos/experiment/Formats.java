package dev.bftpaxos.experiment;

import java.util.Locale;

/** Number formatting shared by the reports: fixed decimals, '.' as the point, "-" for no value. */
public final class Formats {
  private Formats() {}

  public static String decimal(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  /** Microseconds shown as milliseconds with two decimals. */
  public static String millis(long micros) {
    return decimal(micros / 1000.0, 2);
  }

  public static String hex(long value) {
    return String.format(Locale.ROOT, "%016x", value);
  }

  /** A byte count in B, KiB, MiB or GiB, one decimal. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return decimal(v, 1) + " " + units[u];
  }
}
