package dev.bftpaxos.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The verdict of {@link LinearizabilityChecker}. A bare boolean would not be enough: when a
 * history is not linearizable, the person reading the report needs the key and the handful of
 * operations (as they appear in the file, with line numbers) that cannot be ordered, and when the
 * search gave up they need to know the answer is "unknown" rather than either verdict.
 *
 * @param verdict the overall answer; {@link Verdict#NOT_LINEARIZABLE} as soon as any key is
 *     proven not linearizable, {@link Verdict#UNKNOWN} if no key is but some key exhausted the
 *     search budget
 * @param failures one entry per key proven not linearizable, in order of the key's first
 *     appearance
 * @param undecidedKeys keys whose search exhausted its budget without a verdict
 * @param keysChecked number of keys in the history
 * @param operationsChecked number of operations in the history (all kinds)
 */
public record CheckResult(
    Verdict verdict,
    List<KeyFailure> failures,
    List<String> undecidedKeys,
    int keysChecked,
    int operationsChecked) {

  /** Overall answer. */
  public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    UNKNOWN
  }

  /**
   * Why one key is not linearizable.
   *
   * @param key the key
   * @param operations the operations that cannot be ordered, in invoke order (possibly empty when
   *     the key was not examined in detail, see {@code explanation})
   * @param related operations whose effect is uncertain (info, never completed, or ok ones the
   *     proof treats as uncertain) that write a value the {@code operations} observe: not needed
   *     for the proof, but where a reader will look for "who wrote that?"
   * @param firstBadLine the smallest line L such that the key's history up to line L is already
   *     not linearizable (operations still outstanding at L counted as unknown), or -1 if not
   *     determined
   * @param explanation human-readable reasoning, several sentences, no trailing newline
   */
  public record KeyFailure(
      String key,
      List<HistoryOp> operations,
      List<HistoryOp> related,
      long firstBadLine,
      String explanation) {
    public KeyFailure {
      operations = List.copyOf(operations);
      related = List.copyOf(related);
    }
  }

  /** {@link #render()} lists at most this many operations per key (the latest ones). */
  public static final int MAX_RENDERED_OPERATIONS = 40;

  public CheckResult {
    failures = List.copyOf(failures);
    undecidedKeys = List.copyOf(undecidedKeys);
  }

  /** True only when every key was proven linearizable. */
  public boolean linearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  /** The first key proven not linearizable, or null. */
  public String key() {
    return failures.isEmpty() ? null : failures.get(0).key();
  }

  /** The operations of the first failing key that cannot be ordered, or an empty list. */
  public List<HistoryOp> operations() {
    return failures.isEmpty() ? List.of() : failures.get(0).operations();
  }

  /** Explanation for the first failing key, or null. */
  public String explanation() {
    return failures.isEmpty() ? null : failures.get(0).explanation();
  }

  /** Exit code convention of {@link CheckHistoryMain}: 0 linearizable, 1 not, 3 unknown. */
  public int exitCode() {
    return switch (verdict) {
      case LINEARIZABLE -> 0;
      case NOT_LINEARIZABLE -> 1;
      case UNKNOWN -> 3;
    };
  }

  /**
   * The text a CLI prints: a first line {@code LINEARIZABLE}, {@code NOT LINEARIZABLE} or {@code
   * UNKNOWN}; for a failure, each failing key with the lines of the operations that cannot be
   * ordered (verbatim, sorted by line number; at most {@link #MAX_RENDERED_OPERATIONS} of them)
   * and the explanation. Ends with a newline.
   */
  public String render() {
    StringBuilder sb = new StringBuilder();
    switch (verdict) {
      case LINEARIZABLE -> sb.append("LINEARIZABLE\n");
      case NOT_LINEARIZABLE -> sb.append("NOT LINEARIZABLE\n");
      case UNKNOWN -> sb.append("UNKNOWN\n");
    }
    for (KeyFailure f : failures) {
      sb.append('\n').append("key ").append(Values.render(f.key()));
      if (!f.operations().isEmpty()) {
        sb.append(": ").append(f.operations().size()).append(" operation")
            .append(f.operations().size() == 1 ? "" : "s").append(" cannot be ordered");
      }
      sb.append('\n');
      appendLines(sb, f.operations());
      sb.append(f.explanation()).append('\n');
      if (!f.related().isEmpty()) {
        sb.append("Related operations whose effect is uncertain (they do not help):\n");
        appendLines(sb, f.related());
      }
    }
    if (!undecidedKeys.isEmpty()) {
      sb.append('\n').append(verdict == Verdict.UNKNOWN ? "" : "also ")
          .append("undecided (search budget exhausted): ");
      for (int i = 0; i < undecidedKeys.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(Values.render(undecidedKeys.get(i)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The lines of {@code ops} as they appeared, sorted by line number, at most a bounded few. */
  private static void appendLines(StringBuilder sb, List<HistoryOp> ops) {
    List<HistoryOp> shown = ops;
    if (shown.size() > MAX_RENDERED_OPERATIONS) {
      shown = shown.subList(shown.size() - MAX_RENDERED_OPERATIONS, shown.size());
      sb.append("  (the ").append(ops.size() - shown.size()).append(" earliest not shown)\n");
    }
    List<long[]> order = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (HistoryOp op : shown) {
      order.add(new long[] {op.invokeIndex(), texts.size()});
      texts.add(op.invokeText());
      if (op.completed()) {
        order.add(new long[] {op.completeIndex(), texts.size()});
        texts.add(op.completeText());
      }
    }
    order.sort(Comparator.comparingLong(a -> a[0]));
    int width = order.isEmpty() ? 1 : String.valueOf(order.get(order.size() - 1)[0]).length();
    for (long[] o : order) {
      String n = String.valueOf(o[0]);
      sb.append("  line ").append(" ".repeat(width - n.length())).append(n).append(": ")
          .append(texts.get((int) o[1])).append('\n');
    }
    for (HistoryOp op : shown) {
      if (!op.completed()) {
        sb.append("  (the invoke at line ").append(op.invokeIndex()).append(" never completed)\n");
      }
    }
  }
}
