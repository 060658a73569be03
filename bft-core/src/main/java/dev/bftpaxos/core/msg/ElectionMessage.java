package dev.bftpaxos.core.msg;

import java.util.List;

/** Phase 1: a candidate asks for promises, acceptors answer with what they accepted or refuse. */
public sealed interface ElectionMessage extends CrashMessage {

  /** Phase 1a: promise not to accept below {@code ballot}; report accepted slots from {@code fromSlot}. */
  record Prepare(int from, long ballot, long fromSlot) implements ElectionMessage {
    @Override
    public void dispatch(Handler h) {
      h.onPrepare(this);
    }
  }

  /**
   * Phase 1b: the sender promised {@code ballot}. {@code entries} are its accepted (or known
   * chosen) values for every slot at or above the prepare's {@code fromSlot}, in slot order.
   */
  record Promise(int from, long ballot, long fromSlot, List<PromiseEntry> entries, long chosenThrough)
      implements ElectionMessage {
    public Promise {
      entries = List.copyOf(entries);
    }

    @Override
    public void dispatch(Handler h) {
      h.onPromise(this);
    }
  }

  /** One slot in a promise: accepted at {@code acceptedBallot}, or known chosen. */
  record PromiseEntry(long slot, long acceptedBallot, Batch batch, boolean chosen) {}

  /**
   * A refusal of {@code ballot}. {@code promised > ballot} means a higher ballot exists;
   * otherwise the sender still follows a live leader and will not help depose it.
   */
  record Nack(int from, long ballot, long promised) implements ElectionMessage {
    @Override
    public void dispatch(Handler h) {
      h.onNack(this);
    }
  }
}
