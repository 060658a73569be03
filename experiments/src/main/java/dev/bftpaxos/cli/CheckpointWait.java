package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Byzantine mode, after a change: waits until a checkpoint at or after the new configuration's
 * first slot is stable at its members, the moment the old configuration stops counting for
 * anything (until then a ballot change still needs a quorum of it, docs/PROTOCOL.md), so a removed
 * replica can be stopped and a rotated key's old private key no longer matters. Checkpoints come
 * only with traffic, so while waiting it orders reads through the log itself. Done when every
 * member of the configuration that answers status shows the checkpoint, and at least a quorum of
 * its members answer. Status lines are unsigned: this is an operator's convenience, not a proof.
 */
final class CheckpointWait {
  /** Reads through the log between two status rounds: enough to fill a checkpoint interval in a few rounds. */
  static final int READS_PER_ROUND = 16;
  /** How long one status round may take. */
  static final long STATUS_MILLIS = 1_000;

  private CheckpointWait() {}

  /** The first checkpoint slot at or after {@code fromSlot}. */
  static long checkpointAtOrAfter(long fromSlot, long interval) {
    return (fromSlot + interval - 1) / interval * interval;
  }

  /**
   * Waits for checkpoint {@code checkpoint} at configuration {@code configuration}'s members;
   * returns the replicas that showed it.
   *
   * @throws TimeoutException if it is not seen within {@code timeoutMillis}
   */
  static Map<Integer, Long> await(ClusterConfig c, ClusterKeys keys, MemberKey own, KvClient client,
      long configuration, long checkpoint, long timeoutMillis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    Map<Integer, Long> seen = new TreeMap<>();
    while (true) {
      Map<Integer, String> lines = StatusCommand.ask(c, keys, own, STATUS_MILLIS);
      seen.clear();
      int members = -1;
      boolean everyAnswerHasIt = true;
      for (Map.Entry<Integer, String> e : lines.entrySet()) {
        StatusLine line = StatusLine.parse(e.getValue());
        if (line == null || line.configuration() < configuration) {
          continue; // a spare, a replica still starting, or one behind the change: not counted either way
        }
        if (!line.members().contains(e.getKey())) {
          continue; // no member of the new configuration (a removed replica)
        }
        members = line.members().size();
        seen.put(e.getKey(), line.checkpoint());
        everyAnswerHasIt &= line.checkpoint() >= checkpoint;
      }
      if (members > 0 && everyAnswerHasIt && seen.size() >= dev.bftpaxos.core.bft.Quorums.quorum(members)) {
        return seen;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new TimeoutException("no stable checkpoint at or after slot " + checkpoint + " at a quorum of C"
            + configuration + "'s members in " + timeoutMillis + " ms (members answering, with their checkpoint: "
            + seen + ")");
      }
      for (int i = 0; i < READS_PER_ROUND; i++) {
        client.get("reconfigure").get(left, TimeUnit.MILLISECONDS); // one slot each, so the checkpoint comes
      }
    }
  }
}
