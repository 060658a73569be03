package dev.bftpaxos.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed history: its operations in invoke order. It exists as its own type (rather than a bare
 * list) so that the checker, the simulator and the CLI agree on one thing that has already been
 * validated; every {@code History} from {@link HistoryParser} is well-formed.
 *
 * @param ops every operation, including {@code fail} ones, ordered by {@link
 *     HistoryOp#invokeIndex()}
 * @param lineCount number of lines read (including blank ones), for messages
 * @param staleReads the stale gets (invoked with {@code "read":"stale"}), in invoke order: not
 *     linearizable by design, so not in {@code ops}; {@link StaleReadHistoryCheck} checks each
 *     against the slot it claims
 */
public record History(List<HistoryOp> ops, long lineCount, List<HistoryOp> staleReads) {
  public History {
    ops = List.copyOf(ops);
    staleReads = List.copyOf(staleReads);
  }

  /** A history without stale reads. */
  public History(List<HistoryOp> ops, long lineCount) {
    this(ops, lineCount, List.of());
  }

  /** Operations grouped per key, keys in order of first appearance, each list in invoke order. */
  public Map<String, List<HistoryOp>> byKey() {
    Map<String, List<HistoryOp>> out = new LinkedHashMap<>();
    for (HistoryOp op : ops) {
      out.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    return out;
  }
}
