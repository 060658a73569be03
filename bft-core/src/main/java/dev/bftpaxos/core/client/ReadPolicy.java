package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Read;

/**
 * How a client reads outside the log, per kind: the rule for taking an answer (null: this kind is
 * not served outside the log here, so the read goes through it), and whether a linearizable read
 * is asked of every replica (Byzantine mode) or of the leader (crash mode).
 */
public record ReadPolicy(ReadRule stale, ReadRule linearizable, ReadRule lease, boolean askAllForLinearizable) {
  /** Crash mode: the first answer; linearizable and lease reads go to the leader. */
  public static final ReadPolicy CRASH = new ReadPolicy(ReadRule.FIRST, ReadRule.FIRST, ReadRule.FIRST, false);

  /** Byzantine mode: one verified answer for a stale read, a quorum of them for a linearizable one, no leases. */
  public static ReadPolicy byzantine(int quorum, ReadRule.Verifier verifier) {
    return new ReadPolicy(ReadRule.firstSigned(verifier), ReadRule.matching(quorum, verifier), null, true);
  }

  /**
   * Byzantine mode with replies checked over {@code Statements.readReply} under {@code configId}: what
   * the simulator's and the real client both use, so that the two cannot drift apart.
   */
  public static ReadPolicy byzantineSigned(int replicaCount, dev.bftpaxos.crypto.Digest32 configId,
      dev.bftpaxos.crypto.Verifier replicas) {
    return byzantine(dev.bftpaxos.core.bft.Quorums.quorum(replicaCount), a -> replicas.verify(a.replica(),
        dev.bftpaxos.crypto.Statements.readReply(configId, a.clientId(), a.readId(), a.kind().ordinal(), a.slot(),
            a.result() == null ? new byte[0] : a.result()), a.signature()));
  }

  ReadRule rule(Read.Kind kind) {
    return switch (kind) {
      case STALE -> stale;
      case LINEARIZABLE -> linearizable;
      case LEASE -> lease;
    };
  }
}
