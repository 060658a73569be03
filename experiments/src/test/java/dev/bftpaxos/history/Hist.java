package dev.bftpaxos.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Test shorthand for histories: one event per string, {@code "<process> <type> <f> <key>
 * [value]"} with type {@code i}/{@code invoke}, {@code ok}, {@code fail}, {@code info} and the
 * value as raw JSON ({@code 1}, {@code "x"}, {@code null}, {@code [1,2]}). Writing JSON lines by
 * hand in every test would bury the interesting part: which events happen in which order.
 */
final class Hist {
  private Hist() {}

  static String text(String... events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      String[] t = e.trim().split("\\s+", 5);
      String type = t[1].equals("i") ? "invoke" : t[1];
      sb.append("{\"type\":\"").append(type).append("\",\"process\":").append(t[0])
          .append(",\"f\":\"").append(t[2]).append("\",\"key\":\"").append(t[3]).append('"');
      if (t.length > 4) {
        sb.append(",\"value\":").append(t[4]);
      }
      sb.append("}\n");
    }
    return sb.toString();
  }

  static History parse(String... events) {
    try {
      return HistoryParser.parse(text(events));
    } catch (HistoryFormatException e) {
      throw new AssertionError(e);
    }
  }

  static CheckResult check(String... events) {
    return LinearizabilityChecker.check(parse(events));
  }

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n")));
  }
}
