package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;

/** A write the driver must make durable before any message of the same step leaves. */
public sealed interface PersistOp {

  /** The highest ballot promised: never lowered, survives restarts. */
  record SavePromise(long ballot) implements PersistOp {}

  /** The acceptor's vote for {@code slot}; replaces any earlier vote for that slot. */
  record SaveAccepted(long slot, long ballot, Batch batch) implements PersistOp {}

  /** Byzantine mode: this replica signed ACCEPT for {@code batch} at (ballot, slot); never sign another. */
  record SaveVote(long ballot, long slot, Batch batch) implements PersistOp {}

  /** Byzantine mode: an accept certificate this replica holds (its highest for the slot). */
  record SavePrepared(AcceptProof proof) implements PersistOp {}

  /** Byzantine mode: a slot is chosen; the certificate is kept with it. */
  record SaveCommitted(CommitProof proof) implements PersistOp {}

  /** A stable checkpoint and the state at it; everything at or below its slot may be dropped. */
  record SaveCheckpoint(CheckpointProof proof, byte[] snapshot) implements PersistOp {}

  /** Byzantine mode: the verified start of a ballot, which constrains what may be voted in it. */
  record SaveNewBallot(NewBallot message) implements PersistOp {}
}
