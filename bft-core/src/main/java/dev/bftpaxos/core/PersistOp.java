package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Batch;

/** A write the driver must make durable before any message of the same step leaves. */
public sealed interface PersistOp {

  /** The highest ballot promised: never lowered, survives restarts. */
  record SavePromise(long ballot) implements PersistOp {}

  /** The acceptor's vote for {@code slot}; replaces any earlier vote for that slot. */
  record SaveAccepted(long slot, long ballot, Batch batch) implements PersistOp {}
}
