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

  ReadRule rule(Read.Kind kind) {
    return switch (kind) {
      case STALE -> stale;
      case LINEARIZABLE -> linearizable;
      case LEASE -> lease;
    };
  }
}
