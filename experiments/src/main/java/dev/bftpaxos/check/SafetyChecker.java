package dev.bftpaxos.check;

import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Watches every execution on every replica as it happens: agreement (one batch per slot across all
 * correct replicas), validity (every executed request was issued by a client, byte for byte) and
 * exactly-once (no replica incarnation applies a {@code (client, seq)} twice). It knows nothing of
 * the protocol: it sees only what replicas executed and what clients issued.
 */
public final class SafetyChecker {
  private final HashMap<Long, Batch> batchBySlot = new HashMap<>();
  private final HashMap<Long, Integer> firstExecutor = new HashMap<>();
  private final HashMap<Long, HashMap<Long, byte[]>> issued = new HashMap<>();
  /**
   * Further operations issued under a (client, seq) that already had one: only a faulty client does
   * that, and any one of them may run. Kept apart so correct clients cost one map entry a request.
   */
  private final HashMap<Long, HashMap<Long, java.util.List<byte[]>>> alsoIssued = new HashMap<>();
  /** (replica, incarnation) -> client -> {last applied seq, its slot}. */
  private final HashMap<Long, HashMap<Long, long[]>> applied = new HashMap<>();

  public void onIssued(Request r) {
    byte[] before = issued.computeIfAbsent(r.clientId(), c -> new HashMap<>()).putIfAbsent(r.seq(), r.op());
    if (before != null && !Arrays.equals(before, r.op())) {
      alsoIssued.computeIfAbsent(r.clientId(), c -> new HashMap<>())
          .computeIfAbsent(r.seq(), q -> new java.util.ArrayList<>()).add(r.op());
    }
  }

  private boolean wasIssued(Request r, byte[] first) {
    if (Arrays.equals(first, r.op())) {
      return true;
    }
    HashMap<Long, java.util.List<byte[]>> more = alsoIssued.get(r.clientId());
    java.util.List<byte[]> ops = more == null ? null : more.get(r.seq());
    return ops != null && ops.stream().anyMatch(o -> Arrays.equals(o, r.op()));
  }

  /** Returns the first violation this execution shows, or null. */
  public Violation onExecuted(int replica, int incarnation, Executed e) {
    Batch first = batchBySlot.putIfAbsent(e.slot(), e.batch());
    if (first != null && !first.equals(e.batch())) {
      return new Violation(Violation.AGREEMENT, "slot " + e.slot() + ": replica " + firstExecutor.get(e.slot())
          + " executed " + first + " but replica " + replica + " executed " + e.batch());
    }
    if (first == null) {
      firstExecutor.put(e.slot(), replica);
    }
    HashMap<Long, long[]> mine = applied.computeIfAbsent(((long) replica << 32) | incarnation, k -> new HashMap<>());
    for (int i = 0; i < e.batch().requests().size(); i++) {
      Request r = e.batch().requests().get(i);
      HashMap<Long, byte[]> ofClient = issued.get(r.clientId());
      byte[] op = ofClient == null ? null : ofClient.get(r.seq());
      if (op == null || !wasIssued(r, op)) {
        return new Violation(Violation.VALIDITY, "replica " + replica + " executed " + r + " at slot " + e.slot()
            + (op == null ? ", which no client issued" : " with an operation its client never sent"));
      }
      if (e.results().get(i) == null) {
        continue;
      }
      long[] last = mine.get(r.clientId());
      if (last != null && r.seq() <= last[0]) {
        return new Violation(Violation.EXACTLY_ONCE, "replica " + replica + " applied " + r + " at slot " + e.slot()
            + " after already applying c" + r.clientId() + "#" + last[0] + " at slot " + last[1]);
      }
      mine.put(r.clientId(), new long[] {r.seq(), e.slot()});
    }
    return null;
  }

  public long slotsChosen() {
    return batchBySlot.size();
  }
}
