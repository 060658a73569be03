package dev.bftpaxos.history;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.bftpaxos.history.HistoryOp.Cas;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Emits a history in exactly the JSON-lines format {@link HistoryParser} reads, one event per
 * call, so the simulator (or a real client harness) and the checker cannot drift apart on format.
 *
 * <p>It enforces the same pairing rules the parser does (at most one outstanding invoke per
 * process; a completion needs an outstanding invoke with the same {@code f} and key) and throws
 * {@link IllegalStateException} at the call that breaks them: a harness bug found at the call site
 * is far easier to fix than a malformed line found later by the checker. Values follow {@link
 * Values}: strings, numbers or null; for a cas pass a {@link Cas}, a two-element {@link List} or a
 * two-element {@code Object[]} of {@code [expected, new]}. For a get, {@code value} on {@link #ok}
 * is the value read ({@code null} = absent) and is ignored on the other event types.
 *
 * <p>Calls are synchronized so concurrent client threads produce whole lines in a real-time
 * order. I/O errors surface as {@link UncheckedIOException}, since a simulator has nothing better
 * to do with them than stop.
 */
public final class HistoryWriter implements Closeable, Flushable {
  private static final Set<String> FUNCTIONS = Set.of("put", "get", "delete", "cas");
  /** The {@code read} field's value that marks a stale get. */
  public static final String STALE = "stale";
  private static final long NO_SLOT = HistoryOp.NO_SLOT;

  private final Writer out;
  private final Map<Integer, String[]> outstanding = new HashMap<>();
  private final StringBuilder line = new StringBuilder(128);
  private long lines;

  public HistoryWriter(Writer out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Records that {@code process} invoked {@code f} on {@code key} with argument {@code value}. */
  public synchronized void invoke(int process, String f, String key, Object value) {
    invoke(process, f, key, value, false);
  }

  /**
   * Records that {@code process} invoked a stale get of {@code key}: its ok line must then carry
   * the slot its value reflects ({@link #ok(int, String, String, Object, long)}), and the checker
   * checks it against that slot instead of against linearizability.
   */
  public synchronized void invokeStaleGet(int process, String key) {
    invoke(process, "get", key, null, true);
  }

  private void invoke(int process, String f, String key, Object value, boolean stale) {
    checkF(f);
    Objects.requireNonNull(key, "key");
    String[] already = outstanding.get(process);
    if (already != null) {
      throw new IllegalStateException("process " + process + " already has an outstanding "
          + already[0] + " on key " + Values.render(already[1]));
    }
    Object arg = argument(f, value);
    outstanding.put(process, new String[] {f, key, stale ? "stale" : null});
    emit("invoke", process, f, key, arg, stale ? STALE : null, NO_SLOT);
  }

  /** The outstanding operation of {@code process} took effect; for a get, value is the read. */
  public synchronized void ok(int process, String f, String key, Object value) {
    complete("ok", process, f, key, value, NO_SLOT);
  }

  /**
   * As {@link #ok(int, String, String, Object)}, with the log slot the operation executed in (a
   * write, a read through the log) or, for a stale get, the slot its value reflects.
   */
  public synchronized void ok(int process, String f, String key, Object value, long slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot " + slot + " is negative");
    }
    complete("ok", process, f, key, value, slot);
  }

  /** The outstanding operation of {@code process} certainly did not take effect. */
  public synchronized void fail(int process, String f, String key, Object value) {
    complete("fail", process, f, key, value, NO_SLOT);
  }

  /** The outcome of the outstanding operation of {@code process} is unknown. */
  public synchronized void info(int process, String f, String key, Object value) {
    complete("info", process, f, key, value, NO_SLOT);
  }

  /** Number of lines written so far. */
  public synchronized long lines() {
    return lines;
  }

  @Override
  public synchronized void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the underlying writer. Invokes still outstanding stay so: they read as info. */
  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void complete(String type, int process, String f, String key, Object value, long slot) {
    checkF(f);
    Objects.requireNonNull(key, "key");
    String[] inv = outstanding.get(process);
    if (inv == null) {
      throw new IllegalStateException(type + " for process " + process
          + " which has no outstanding invoke");
    }
    if (!inv[0].equals(f) || !inv[1].equals(key)) {
      throw new IllegalStateException(type + " " + f + " on key " + Values.render(key)
          + " for process " + process + " whose outstanding invoke is " + inv[0] + " on key "
          + Values.render(inv[1]));
    }
    if (type.equals("ok") && inv[2] != null && slot == NO_SLOT) {
      throw new IllegalStateException("ok of the stale get of process " + process + " needs the slot it reflects");
    }
    outstanding.remove(process);
    Object v;
    if (f.equals("get")) {
      v = type.equals("ok") ? Values.canonical(value) : null;
    } else if (f.equals("delete")) {
      v = null;
    } else {
      v = value == null ? null : argument(f, value);
    }
    emit(type, process, f, key, v, null, slot);
  }

  private static Object argument(String f, Object value) {
    switch (f) {
      case "put":
        if (value == null) {
          throw new IllegalArgumentException("put needs a non-null value");
        }
        return Values.canonical(value);
      case "cas":
        if (value instanceof Cas c) {
          return c;
        }
        if (value instanceof List<?> l && l.size() == 2) {
          return new Cas(l.get(0), l.get(1));
        }
        if (value instanceof Object[] a && a.length == 2) {
          return new Cas(a[0], a[1]);
        }
        throw new IllegalArgumentException("cas needs [expected, new], got " + value);
      case "get":
      case "delete":
        if (value != null) {
          throw new IllegalArgumentException(f + " invoke takes no value, got " + value);
        }
        return null;
      default:
        throw new IllegalArgumentException("unknown f " + f);
    }
  }

  private static void checkF(String f) {
    if (!FUNCTIONS.contains(f)) {
      throw new IllegalArgumentException("unknown f " + f + " (expected put, get, delete or cas)");
    }
  }

  private void emit(String type, int process, String f, String key, Object value, String read, long slot) {
    line.setLength(0);
    format(line, type, process, f, key, value);
    line.setLength(line.length() - 1); // reopen the object for the optional fields
    if (read != null) {
      line.append(",\"read\":\"").append(read).append('"');
    }
    if (slot != NO_SLOT) {
      line.append(",\"slot\":").append(slot);
    }
    line.append('}');
    line.append('\n');
    try {
      out.write(line.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lines++;
  }

  /**
   * One event line without terminator, exactly as {@link #invoke} and friends write it, with no
   * pairing checks: for tools that rewrite single lines of an existing history (e.g. to mutate
   * it in tests). {@code value} must already have the shape the event needs (a {@link Cas} for
   * a cas).
   */
  public static String formatLine(String type, int process, String f, String key, Object value) {
    checkF(f);
    if (!Set.of("invoke", "ok", "fail", "info").contains(type)) {
      throw new IllegalArgumentException("unknown type " + type);
    }
    StringBuilder sb = new StringBuilder(128);
    format(sb, type, process, f, Objects.requireNonNull(key, "key"),
        value instanceof Cas ? value : Values.canonical(value));
    return sb.toString();
  }

  private static void format(
      StringBuilder line, String type, int process, String f, String key, Object value) {
    line.append("{\"type\":\"").append(type).append("\",\"process\":").append(process)
        .append(",\"f\":\"").append(f).append("\",\"key\":");
    string(line, key);
    line.append(",\"value\":");
    if (value instanceof Cas c) {
      line.append('[');
      scalar(line, c.expected());
      line.append(',');
      scalar(line, c.replacement());
      line.append(']');
    } else {
      scalar(line, value);
    }
    line.append('}');
  }

  private static void scalar(StringBuilder line, Object v) {
    if (v instanceof String s) {
      string(line, s);
    } else {
      line.append(Values.render(v));
    }
  }

  private static void string(StringBuilder line, String s) {
    line.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, line);
    line.append('"');
  }
}
