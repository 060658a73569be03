package dev.bftpaxos.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks each stale get of a history against what it claims: that its value is the key's value
 * after the log slot it names. The history's own writes say what that value is, by the slots
 * their ok lines carry: after slot s a key holds what the last write to it at a slot up to s wrote,
 * or nothing if no write came that early (histories start from absent keys, as check-history
 * assumes everywhere).
 *
 * <p>What the history cannot pin down is allowed, never guessed: several writes to one key in one
 * slot (one batch, whose order the clients do not see) allow any of their values; a write whose
 * slot is unknown (info, or an ok line without a slot) may have executed at any slot, so its value
 * is allowed too; and a write that failed allowed nothing. A cas that completed ok wrote its new value.
 */
public final class StaleReadHistoryCheck {
  private StaleReadHistoryCheck() {}

  /** One stale get whose value is not what its slot says. */
  public record Violation(HistoryOp read, String why) {
    @Override
    public String toString() {
      return "line " + read.completeIndex() + ": " + why;
    }
  }

  /** Every stale get of {@code h} that completed ok and contradicts its slot, in invoke order. */
  public static List<Violation> check(History h) {
    Map<String, TreeMap<Long, Set<Object>>> known = new HashMap<>();
    Map<String, Set<Object>> unplaced = new HashMap<>();
    for (HistoryOp op : h.ops()) {
      if (op.f().equals("get") || op.kind() == HistoryOp.Kind.FAIL) {
        continue;
      }
      Object written = written(op);
      if (op.kind() == HistoryOp.Kind.OK && op.logSlot() != HistoryOp.NO_SLOT) {
        known.computeIfAbsent(op.key(), k -> new TreeMap<>()).computeIfAbsent(op.logSlot(), s -> new HashSet<>())
            .add(written);
      } else {
        unplaced.computeIfAbsent(op.key(), k -> new HashSet<>()).add(written);
      }
    }
    List<Violation> out = new ArrayList<>();
    for (HistoryOp r : h.staleReads()) {
      if (r.kind() != HistoryOp.Kind.OK) {
        continue;
      }
      TreeMap<Long, Set<Object>> writes = known.get(r.key());
      Map.Entry<Long, Set<Object>> last = writes == null ? null : writes.floorEntry(r.logSlot());
      Set<Object> allowed = new HashSet<>();
      if (last == null) {
        allowed.add(null);
      } else {
        allowed.addAll(last.getValue());
      }
      Set<Object> maybe = unplaced.getOrDefault(r.key(), java.util.Collections.emptySet()); // Set.of() throws on contains(null)
      if (allowed.contains(r.result()) || maybe.contains(r.result())) {
        continue;
      }
      String expected = last == null ? "absent (no write to it at slot " + r.logSlot() + " or before)"
          : render(last.getValue()) + " (written at slot " + last.getKey() + ")";
      Map.Entry<Long, Set<Object>> source = null;
      if (writes != null) {
        for (Map.Entry<Long, Set<Object>> e : writes.entrySet()) {
          if (e.getValue().contains(r.result())) {
            source = e;
            break;
          }
        }
      }
      out.add(new Violation(r, "stale get of " + Values.render(r.key()) + " read " + Values.render(r.result())
          + " and claims slot " + r.logSlot() + "; after that slot the key is " + expected
          + (source != null ? "; the value read was written at slot " + source.getKey() : "")));
    }
    return out;
  }

  /** The value a write leaves: a put's value, a cas's new value, null for a delete. */
  private static Object written(HistoryOp op) {
    switch (op.f()) {
      case "put":
        return op.value();
      case "cas":
        return ((HistoryOp.Cas) op.value()).replacement();
      case "delete":
        return null;
      default:
        throw new IllegalStateException(op.f());
    }
  }

  private static String render(Set<Object> values) {
    List<String> r = new ArrayList<>();
    for (Object v : values) {
      r.add(Values.render(v));
    }
    r.sort(String::compareTo);
    return r.size() == 1 ? r.get(0) : "one of " + r;
  }
}
