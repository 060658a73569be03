package dev.bftpaxos.history;

import java.util.Objects;

/**
 * One operation of a history: an invoke line joined with its completion line (if any).
 *
 * <p>The checker reasons about operations, not lines, but every verdict has to point back at the
 * text a person can find in the file; so an operation keeps both line numbers and both lines
 * verbatim. Line numbers double as timestamps: lines are in real-time order, so "a completed
 * before b was invoked" is simply {@code a.completeIndex() < b.invokeIndex()}.
 *
 * @param process the client process that issued the operation
 * @param f {@code "put"}, {@code "get"}, {@code "delete"} or {@code "cas"}
 * @param key the register the operation touches
 * @param value the argument, canonicalised by {@link Values#canonical}: the written value for a
 *     put, a {@link Cas} for a cas, {@code null} for get and delete
 * @param result for a get that completed {@code ok}: the value read (canonical; {@code null} means
 *     the key was absent). {@code null} for everything else
 * @param invokeIndex 1-based line number of the invoke line
 * @param completeIndex 1-based line number of the completion line, or {@link #NEVER} when the
 *     history ends with the operation still outstanding (it then counts as {@link Kind#INFO})
 * @param kind how the operation ended
 * @param invokeText the invoke line exactly as it appeared (without the line terminator)
 * @param completeText the completion line as it appeared, or {@code null} if never completed
 * @param logSlot the {@code slot} field of an ok completion: the log slot the operation executed in
 *     or, for a stale get, the slot its value reflects; {@link #NO_SLOT} when not given
 */
public record HistoryOp(
    int process,
    String f,
    String key,
    Object value,
    Object result,
    long invokeIndex,
    long completeIndex,
    Kind kind,
    String invokeText,
    String completeText,
    long logSlot) {

  /** {@link #completeIndex()} of an operation whose invoke was never completed. */
  public static final long NEVER = -1;
  /** {@link #logSlot()} of an operation whose completion named no slot. */
  public static final long NO_SLOT = -1;

  /** An operation whose completion named no slot. */
  public HistoryOp(int process, String f, String key, Object value, Object result, long invokeIndex,
      long completeIndex, Kind kind, String invokeText, String completeText) {
    this(process, f, key, value, result, invokeIndex, completeIndex, kind, invokeText, completeText, NO_SLOT);
  }

  /**
   * How an operation ended. {@code FAIL} certainly did not take effect; {@code INFO} (including
   * never completed) may have taken effect at any time after its invoke, or never.
   */
  public enum Kind {
    OK,
    FAIL,
    INFO
  }

  /**
   * The argument of a compare-and-set: {@code expected == null} means "the key is absent";
   * {@code replacement} is never null.
   */
  public record Cas(Object expected, Object replacement) {
    public Cas {
      expected = Values.canonical(expected);
      replacement = Values.canonical(Objects.requireNonNull(replacement, "cas new value"));
    }

    @Override
    public String toString() {
      return "[" + Values.render(expected) + "," + Values.render(replacement) + "]";
    }
  }

  public HistoryOp {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    if (!(value instanceof Cas)) {
      value = Values.canonical(value);
    }
    result = Values.canonical(result);
  }

  /** Whether the invoke has a completion line. */
  public boolean completed() {
    return completeIndex != NEVER;
  }

  /**
   * A compact description such as {@code put("a", 1) ok}, {@code get("a") -> 2 ok} or {@code
   * cas("a", [1,2]) info (never completed)}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(f).append('(').append(Values.render(key));
    if (value instanceof Cas cas) {
      sb.append(", ").append(cas);
    } else if (value != null) {
      sb.append(", ").append(Values.render(value));
    }
    sb.append(')');
    if (kind == Kind.OK && f.equals("get")) {
      sb.append(" -> ").append(Values.render(result));
    }
    sb.append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (!completed()) {
      sb.append(" (never completed)");
    }
    return sb.toString();
  }

  /** Where the operation is in the file: {@code "lines 4-5"}, or {@code "line 4"} if pending. */
  public String lines() {
    return completed() ? "lines " + invokeIndex + "-" + completeIndex : "line " + invokeIndex;
  }
}
