package dev.bftpaxos.sim;

import dev.bftpaxos.core.client.ClientCore;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Reply;

/**
 * One closed-loop simulated client: draws a key-value operation from the workload, submits it
 * through its {@link ClientCore}, records invoke and completion in the history, and waits for the
 * result before the next.
 */
final class SimClient {
  final ClientCore core;
  final long id;
  int index;
  private final Workload workload;
  private final SeededRandom random;
  KvCommand current;
  long issuedAtMicros;
  int issued;
  long nextIssueMicros;
  boolean done;
  /** Whether the answer this client's stale read is taking came from a correct replica. */
  boolean staleAnswerFromCorrect;

  SimClient(ClientCore core, Workload workload, SeededRandom random) {
    this.core = core;
    this.id = core.clientId();
    this.workload = workload;
    this.random = random;
  }

  KvCommand nextCommand(java.util.Map<String, String> lastSeen) {
    String key = "k" + random.nextInt(workload.keys());
    int total = workload.getWeight() + workload.putWeight() + workload.deleteWeight() + workload.casWeight();
    int pick = random.nextInt(total);
    String fresh = "c" + id + "-" + (issued + 1);
    if (pick < workload.getWeight()) {
      return new KvCommand.Get(key);
    }
    pick -= workload.getWeight();
    if (pick < workload.putWeight()) {
      return new KvCommand.Put(key, fresh);
    }
    pick -= workload.putWeight();
    if (pick < workload.deleteWeight()) {
      return new KvCommand.Delete(key);
    }
    String expected = random.chance(0.8) ? lastSeen.get(key) : "nope";
    return new KvCommand.Cas(key, expected, fresh);
  }

  static String f(KvCommand c) {
    if (c instanceof KvCommand.Get) {
      return "get";
    } else if (c instanceof KvCommand.Put) {
      return "put";
    } else if (c instanceof KvCommand.Delete) {
      return "delete";
    }
    return "cas";
  }

  static String invokeValue(KvCommand c) {
    if (c instanceof KvCommand.Put p) {
      return HistoryLog.json(p.value());
    } else if (c instanceof KvCommand.Cas cas) {
      return "[" + HistoryLog.json(cas.expected()) + "," + HistoryLog.json(cas.newValue()) + "]";
    }
    return null;
  }

  /**
   * Records the completion of {@code c} in the history (when kept) and what the client now knows
   * of the key; the workload draws CAS expectations from that knowledge whether or not a history
   * is kept, so keeping one never changes the run.
   */
  static void recordCompletion(HistoryLog kept, long id, KvCommand c, byte[] resultBytes,
      java.util.Map<String, String> lastSeen) {
    HistoryLog history = kept != null ? kept : HistoryLog.DISCARD;
    KvResult result = KvResult.decode(resultBytes);
    String f = f(c);
    if (c instanceof KvCommand.Get g && result instanceof KvResult.Value v) {
      history.complete("ok", id, f, g.key(), HistoryLog.json(v.valueOrNull()));
      lastSeen.put(g.key(), v.valueOrNull());
    } else if (c instanceof KvCommand.Cas cas && result instanceof KvResult.CasResult r) {
      history.complete(r.applied() ? "ok" : "fail", id, f, cas.key(), invokeValue(c));
      lastSeen.put(cas.key(), r.applied() ? cas.newValue() : r.current());
    } else if (result instanceof KvResult.Error) {
      history.complete("fail", id, f, c.key(), invokeValue(c));
    } else {
      history.complete("ok", id, f, c.key(), invokeValue(c));
      if (c instanceof KvCommand.Put p) {
        lastSeen.put(p.key(), p.value());
      } else {
        lastSeen.put(c.key(), null);
      }
    }
  }
}
