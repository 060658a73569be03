package dev.bftpaxos.check;

import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvDecodeException;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Stale reads are not linearizable, by design: each claims only that its value is the key's value
 * after the slot it names. This checks exactly that claim, against the log as correct replicas
 * executed it, replayed on a model of the key-value machine. It knows nothing of the protocol.
 */
public final class StaleReadChecker {
  private final KvStateMachine model = new KvStateMachine();
  /** Per key: the slot of each change and the value after it (null: absent). */
  private final Map<String, TreeMap<Long, String>> history = new HashMap<>();
  private long replayedThrough;

  /** A correct replica executed a slot; the first execution of each slot is replayed, in order. */
  public void onExecuted(Executed e) {
    if (e.slot() != replayedThrough + 1) {
      return; // replayed already (or a later slot: it comes after this one, from the same replica)
    }
    replayedThrough = e.slot();
    for (int i = 0; i < e.batch().requests().size(); i++) {
      if (e.results().get(i) == null) {
        continue; // a duplicate the client table skipped
      }
      Request r = e.batch().requests().get(i);
      KvCommand c;
      try {
        c = KvCommand.decode(r.op());
      } catch (KvDecodeException ex) {
        continue;
      }
      model.execute(c);
      if (!(c instanceof KvCommand.Get)) {
        KvResult now = model.execute(new KvCommand.Get(c.key()));
        history.computeIfAbsent(c.key(), k -> new TreeMap<>()).put(e.slot(), ((KvResult.Value) now).valueOrNull());
      }
    }
  }

  /** A correct replica answered a stale read of {@code key}; the violation it shows, or null. */
  public Violation onAnswer(String key, ReadReply answer) {
    if (answer.slot() > replayedThrough) {
      return new Violation(Violation.STALE_READ, "replica " + answer.replica() + " answered a stale read of " + key
          + " at slot " + answer.slot() + ", beyond the log correct replicas executed (" + replayedThrough + ")");
    }
    KvResult r;
    try {
      r = KvResult.decode(answer.result());
    } catch (RuntimeException ex) {
      return new Violation(Violation.STALE_READ, "replica " + answer.replica() + " answered a stale read with bytes "
          + "that are not a result");
    }
    if (!(r instanceof KvResult.Value v)) {
      return new Violation(Violation.STALE_READ, "replica " + answer.replica() + " answered a stale read of " + key
          + " with " + r);
    }
    TreeMap<Long, String> changes = history.get(key);
    Map.Entry<Long, String> at = changes == null ? null : changes.floorEntry(answer.slot());
    String expected = at == null ? null : at.getValue();
    if (!Objects.equals(expected, v.valueOrNull())) {
      return new Violation(Violation.STALE_READ, "replica " + answer.replica() + " says " + key + " = "
          + v.valueOrNull() + " after slot " + answer.slot() + "; the log has " + expected + " there");
    }
    return null;
  }
}
