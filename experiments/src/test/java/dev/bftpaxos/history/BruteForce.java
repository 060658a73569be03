package dev.bftpaxos.history;

import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A deliberately naive linearizability oracle for tiny histories: tries every order of every
 * subset of the info operations, straight from the definition, with none of the checker's
 * reductions. Differential testing against it is what justifies those reductions.
 */
final class BruteForce {
  private BruteForce() {}

  static boolean linearizable(History h) {
    for (Map.Entry<String, List<HistoryOp>> e : h.byKey().entrySet()) {
      List<HistoryOp> ops = new ArrayList<>();
      for (HistoryOp op : e.getValue()) {
        if (op.kind() != Kind.FAIL) {
          ops.add(op);
        }
      }
      if (ops.size() > 20) {
        throw new IllegalArgumentException("too big for brute force");
      }
      if (!search(ops, 0, null, new HashSet<>())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the prefix of one key's operations up to line {@code end} is linearizable:
   * operations invoked later are left out, ok ones completed later count as info.
   */
  static boolean linearizablePrefix(List<HistoryOp> keyOps, long end) {
    List<HistoryOp> ops = new ArrayList<>();
    for (HistoryOp op : keyOps) {
      if (op.invokeIndex() > end || op.kind() == Kind.FAIL) {
        continue;
      }
      if (op.kind() == Kind.OK && op.completeIndex() > end) {
        op = new HistoryOp(op.process(), op.f(), op.key(), op.value(), null, op.invokeIndex(),
            HistoryOp.NEVER, Kind.INFO, op.invokeText(), null);
      }
      ops.add(op);
    }
    return search(ops, 0, null, new HashSet<>());
  }

  private static boolean search(
      List<HistoryOp> ops, int chosen, Object state, Set<List<Object>> seen) {
    boolean allOk = true;
    for (int i = 0; i < ops.size(); i++) {
      if ((chosen & (1 << i)) == 0 && ops.get(i).kind() == Kind.OK) {
        allOk = false;
      }
    }
    if (allOk) {
      return true;
    }
    if (!seen.add(java.util.Arrays.asList(chosen, state))) {
      return false;
    }
    for (int i = 0; i < ops.size(); i++) {
      if ((chosen & (1 << i)) != 0) {
        continue;
      }
      HistoryOp x = ops.get(i);
      boolean blocked = false;
      for (int j = 0; j < ops.size(); j++) {
        HistoryOp y = ops.get(j);
        if ((chosen & (1 << j)) == 0 && y.kind() == Kind.OK
            && y.completeIndex() < x.invokeIndex()) {
          blocked = true;
        }
      }
      if (blocked) {
        continue;
      }
      Object next;
      switch (x.f()) {
        case "put" -> next = x.value();
        case "delete" -> next = null;
        case "get" -> {
          if (x.kind() != Kind.OK || !Objects.equals(state, x.result())) {
            continue;
          }
          next = state;
        }
        case "cas" -> {
          Cas c = (Cas) x.value();
          if (!Objects.equals(state, c.expected())) {
            continue;
          }
          next = c.replacement();
        }
        default -> throw new IllegalStateException();
      }
      if (search(ops, chosen | (1 << i), next, seen)) {
        return true;
      }
    }
    return false;
  }
}
