package dev.bftpaxos.sim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The client-observed history of a run, in the JSON-lines format of {@code check-history}
 * (Jepsen's model): one line per invoke and per completion, in simulated real-time order.
 */
public class HistoryLog {
  /** A log that keeps nothing, for runs nobody will check. */
  static final HistoryLog DISCARD = new HistoryLog() {
    @Override
    public void complete(String type, long process, String f, String key, String valueJson) {}
  };

  private final List<String> lines = new ArrayList<>();

  public void invoke(long process, String f, String key, String valueJson) {
    lines.add(line("invoke", process, f, key, valueJson));
  }

  public void complete(String type, long process, String f, String key, String valueJson) {
    lines.add(line(type, process, f, key, valueJson));
  }

  public List<String> lines() {
    return lines;
  }

  private static String line(String type, long process, String f, String key, String valueJson) {
    StringBuilder b = new StringBuilder(80);
    b.append("{\"type\":\"").append(type).append("\",\"process\":").append(process)
        .append(",\"f\":\"").append(f).append("\",\"key\":").append(json(key));
    if (valueJson != null) {
      b.append(",\"value\":").append(valueJson);
    }
    return b.append('}').toString();
  }

  /** A JSON string literal, or {@code null}. */
  public static String json(String s) {
    if (s == null) {
      return "null";
    }
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
