package dev.bftpaxos.history;

import dev.bftpaxos.history.CheckResult.KeyFailure;
import dev.bftpaxos.history.CheckResult.Verdict;
import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a key-value history is linearizable with respect to one register per key
 * (absent initially; put, get, delete, cas).
 *
 * <p>Linearizability is local (Herlihy &amp; Wing), so each key is checked on its own: per-key
 * searches are small, and a failure can be blamed on one key. The search itself lives in {@link
 * KeySearch}. When a key fails, a bare "no" is useless for debugging a replication protocol, so
 * the checker then works out a small explanation that is still a proof:
 *
 * <ol>
 *   <li>the shortest prefix of the key's history (by line) that is already not linearizable,
 *       which the search reports (in a prefix, operations still outstanding at its end count
 *       as unknown);
 *   <li>within that prefix, as many ok operations as possible are "weakened" to unknown outcome
 *       (as if {@code info}) while the history stays non-linearizable, delta-debugging style.
 *       Weakening only adds freedom, so the ok operations that remain cannot be ordered even
 *       with everything else allowed to happen or not: they are the witness.
 * </ol>
 *
 * The second step re-runs the search many times, within a work budget proportional to the first
 * search; if that runs out, the witness is just larger, never wrong.
 */
public final class LinearizabilityChecker {
  /**
   * Default cap on search configurations explored per key before answering "unknown"; a few
   * million per second are explored, so this bounds a key to tens of seconds.
   */
  public static final long DEFAULT_MAX_STATES = 50_000_000;

  /** Only this many failing keys get a minimised witness; the rest are just named. */
  static final int DETAILED_KEYS = 5;

  /** Cap on searches spent minimising one key's witness. */
  static final int MAX_WITNESS_SEARCHES = 400;

  /** Minimising a witness may cost this many times the work of finding the failure. */
  static final long WITNESS_WORK_FACTOR = 10;

  private LinearizabilityChecker() {}

  /** Checks with {@link #DEFAULT_MAX_STATES}. */
  public static CheckResult check(History history) {
    return check(history, DEFAULT_MAX_STATES);
  }

  /**
   * Checks every key. {@code maxStatesPerKey} bounds the work (and memory) of each key's search;
   * a key that exceeds it is reported as undecided and makes the verdict {@link Verdict#UNKNOWN}
   * unless another key is proven not linearizable.
   */
  public static CheckResult check(History history, long maxStatesPerKey) {
    Objects.requireNonNull(history, "history");
    Map<String, List<HistoryOp>> byKey = history.byKey();
    List<KeyFailure> failures = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    for (Map.Entry<String, List<HistoryOp>> e : byKey.entrySet()) {
      List<HistoryOp> ops = e.getValue();
      KeySearch.Result r = search(ops, Long.MAX_VALUE, Set.of(), maxStatesPerKey);
      switch (r.outcome()) {
        case LINEARIZABLE -> { }
        case GAVE_UP -> undecided.add(e.getKey());
        case NOT_LINEARIZABLE -> {
          if (failures.size() < DETAILED_KEYS) {
            failures.add(explain(e.getKey(), ops, r, maxStatesPerKey));
          } else {
            failures.add(new KeyFailure(e.getKey(), List.of(), List.of(), r.failedAt(),
                "Not linearizable up to line " + r.failedAt() + " (only the first "
                    + DETAILED_KEYS + " failing keys are examined in detail)."));
          }
        }
      }
    }
    Verdict verdict = !failures.isEmpty() ? Verdict.NOT_LINEARIZABLE
        : !undecided.isEmpty() ? Verdict.UNKNOWN : Verdict.LINEARIZABLE;
    return new CheckResult(verdict, failures, undecided, byKey.size(), history.ops().size());
  }

  /**
   * Searches one key's operations: those invoked after {@code prefixEnd} are ignored, ok ones
   * completed after it or in {@code weakened} count as info.
   */
  static KeySearch.Result search(
      List<HistoryOp> keyOps, long prefixEnd, Set<HistoryOp> weakened, long maxStates) {
    Map<Object, Integer> interned = new HashMap<>();
    List<KeySearch.Op> ops = KeySearch.prepare(keyOps, prefixEnd, weakened, interned);
    return KeySearch.decide(ops, interned.size(), maxStates);
  }

  private static KeyFailure explain(
      String key, List<HistoryOp> keyOps, KeySearch.Result detection, long maxStates) {
    long failedAt = detection.failedAt();
    long end = failedAt >= 0 ? failedAt : Long.MAX_VALUE;
    // The explanation may cost a small multiple of finding the problem, and about a hundred
    // searches, not more; every search is charged at least the number of operations, its fixed
    // cost.
    long n0 = keyOps.size();
    long budget = Math.min(maxStates,
        WITNESS_WORK_FACTOR * detection.work() + 100 * n0 + 50_000);
    HistoryOp last = null;
    long lastGood = -1;
    List<HistoryOp> cands = new ArrayList<>();
    for (HistoryOp op : keyOps) {
      if (op.kind() == Kind.OK && op.completeIndex() <= end) {
        cands.add(op);
        if (op.completeIndex() == end) {
          last = op;
        } else {
          lastGood = Math.max(lastGood, op.completeIndex());
        }
      }
    }
    // Weaken ok operations of the prefix to info while it stays non-linearizable, in halving
    // chunks, oldest first (the cause is usually near the end).
    cands.sort(Comparator.comparingLong(HistoryOp::completeIndex));
    Set<HistoryOp> weak = Collections.newSetFromMap(new IdentityHashMap<>());
    int n = cands.size();
    int searches = 0;
    outer:
    for (int chunk = Integer.highestOneBit(Math.max(1, n)); chunk >= 1; chunk >>= 1) {
      for (int start = 0; start < n; start += chunk) {
        List<HistoryOp> group = new ArrayList<>();
        for (int i = start; i < Math.min(n, start + chunk); i++) {
          if (!weak.contains(cands.get(i))) {
            group.add(cands.get(i));
          }
        }
        if (group.isEmpty() || group.size() + weak.size() == n) {
          continue;
        }
        if (++searches > MAX_WITNESS_SEARCHES || budget <= 0) {
          break outer;
        }
        Set<HistoryOp> trial = Collections.newSetFromMap(new IdentityHashMap<>());
        trial.addAll(weak);
        trial.addAll(group);
        KeySearch.Result r = search(keyOps, end, trial, budget);
        budget -= Math.max(r.work(), n0);
        if (r.outcome() == KeySearch.Outcome.NOT_LINEARIZABLE) {
          weak.addAll(group);
        }
      }
    }
    List<HistoryOp> witness = new ArrayList<>();
    for (HistoryOp op : cands) {
      if (!weak.contains(op)) {
        witness.add(op);
      }
    }
    witness.sort(Comparator.comparingLong(HistoryOp::invokeIndex));
    int others = 0;
    for (HistoryOp op : keyOps) {
      if (op.kind() != Kind.FAIL && op.invokeIndex() <= end && !witness.contains(op)
          && !(op.f().equals("get") && op.kind() != Kind.OK)) {
        others++;
      }
    }
    return new KeyFailure(key, witness, related(keyOps, witness, end), failedAt,
        explanation(key, keyOps, witness, end, lastGood, last, others));
  }

  private static String explanation(
      String key, List<HistoryOp> keyOps, List<HistoryOp> witness, long end, long lastGood,
      HistoryOp last, int others) {
    StringBuilder sb = new StringBuilder();
    String k = Values.render(key);
    if (last != null) {
      sb.append("The history of key ").append(k).append(" is not linearizable up to line ")
          .append(end);
      if (lastGood > 0) {
        sb.append(" (it still is up to line ").append(lastGood).append(')');
      }
      sb.append(": no order of its operations explains ").append(who(last)).append(".\n");
    } else {
      sb.append("The history of key ").append(k).append(" is not linearizable.\n");
    }
    sb.append("The ").append(witness.size()).append(" operation")
        .append(witness.size() == 1 ? "" : "s")
        .append(" above cannot be put in any order that respects real time (an operation that"
            + " completed before another was invoked comes first) and register semantics (a get"
            + " sees the latest put, or null if none or after a delete; a cas takes effect only"
            + " if the current value equals its expected one).");
    if (others > 0) {
      sb.append(" The other ").append(others).append(" operation")
          .append(others == 1 ? " on this key up to that point was" : "s on this key up to that"
              + " point were")
          .append(" treated as possibly not having taken effect (as if info), and that freedom"
              + " does not help.");
    }
    for (String hint : hints(keyOps, witness)) {
      sb.append('\n').append(hint);
    }
    return sb.toString();
  }

  /** Non-witness operations up to {@code end} that may write a value the witness observes. */
  private static List<HistoryOp> related(List<HistoryOp> keyOps, List<HistoryOp> witness,
      long end) {
    Set<Object> observed = new java.util.HashSet<>();
    for (HistoryOp op : witness) {
      if (op.f().equals("get")) {
        observed.add(op.result());
      } else if (op.f().equals("cas")) {
        observed.add(((Cas) op.value()).expected());
      }
    }
    List<HistoryOp> out = new ArrayList<>();
    Set<HistoryOp> inWitness = Collections.newSetFromMap(new IdentityHashMap<>());
    inWitness.addAll(witness);
    for (HistoryOp op : keyOps) {
      if (op.kind() == Kind.FAIL || op.invokeIndex() > end || inWitness.contains(op)
          || op.f().equals("get")) {
        continue;
      }
      if (observed.contains(written(op)) && (written(op) != null || op.f().equals("delete"))) {
        out.add(op);
      }
    }
    return out;
  }

  private static String who(HistoryOp op) {
    return op.describe() + " by process " + op.process() + " (" + op.lines() + ")";
  }

  /** Concrete facts that usually are the reason: reads of values never written, stale reads. */
  private static List<String> hints(List<HistoryOp> keyOps, List<HistoryOp> witness) {
    List<String> out = new ArrayList<>();
    boolean anyDelete = false;
    for (HistoryOp op : keyOps) {
      anyDelete |= op.kind() != Kind.FAIL && op.f().equals("delete");
    }
    for (HistoryOp reader : witness) {
      Object seen;
      if (reader.f().equals("get")) {
        seen = reader.result();
      } else if (reader.f().equals("cas")) {
        seen = ((Cas) reader.value()).expected();
      } else {
        continue;
      }
      String verb = reader.f().equals("get") ? "read " : "expected ";
      List<HistoryOp> writers = new ArrayList<>();
      for (HistoryOp w : keyOps) {
        if (w.kind() != Kind.FAIL && Objects.equals(written(w), seen) && w != reader) {
          writers.add(w);
        }
      }
      if (seen != null && writers.isEmpty()) {
        out.add("Note: " + who(reader) + " " + verb + Values.render(seen)
            + ", but no operation on this key ever writes that value.");
        continue;
      }
      if (seen != null && writers.size() == 1 && writers.get(0).kind() == Kind.OK) {
        HistoryOp w = writers.get(0);
        if (w.invokeIndex() > reader.completeIndex()) {
          out.add("Note: " + who(reader) + " " + verb + Values.render(seen)
              + " before the only write of that value, " + who(w) + ", was invoked.");
          continue;
        }
        for (HistoryOp x : witness) {
          boolean writes = overwrites(x, seen);
          if (x != w && x != reader && x.kind() == Kind.OK && (writes || observesOther(x, seen))
              && w.completeIndex() < x.invokeIndex() && x.completeIndex() < reader.invokeIndex()) {
            out.add("Note: " + who(reader) + " " + verb + Values.render(seen)
                + ", but the only write of that value, " + who(w) + ", was followed by "
                + who(x) + (writes ? ", which" : ", which saw another value and")
                + " completed before the " + reader.f() + " was invoked.");
            break;
          }
        }
      } else if (seen == null && !anyDelete) {
        for (HistoryOp x : witness) {
          if (x != reader && x.kind() == Kind.OK && overwrites(x, null)
              && x.completeIndex() < reader.invokeIndex()) {
            out.add("Note: " + who(reader) + " " + verb + "null (absent), but " + who(x)
                + " completed before the " + reader.f()
                + " was invoked and nothing on this key deletes.");
            break;
          }
        }
      }
    }
    return out;
  }

  /** The value an operation writes when it takes effect, or null if it does not write one. */
  private static Object written(HistoryOp op) {
    return switch (op.f()) {
      case "put" -> op.value();
      case "cas" -> ((Cas) op.value()).replacement();
      default -> null;
    };
  }

  /** Whether {@code op} (a get or cas) found a value other than {@code seen} current. */
  private static boolean observesOther(HistoryOp op, Object seen) {
    return switch (op.f()) {
      case "get" -> !Objects.equals(op.result(), seen);
      case "cas" -> !Objects.equals(((Cas) op.value()).expected(), seen);
      default -> false;
    };
  }

  private static boolean overwrites(HistoryOp op, Object seen) {
    return switch (op.f()) {
      case "put", "cas" -> !Objects.equals(written(op), seen);
      case "delete" -> seen != null;
      default -> false;
    };
  }
}
