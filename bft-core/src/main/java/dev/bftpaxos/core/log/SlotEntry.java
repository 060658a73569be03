package dev.bftpaxos.core.log;

import dev.bftpaxos.core.msg.Batch;

/**
 * What this replica knows about one slot: its acceptor vote, whether it is known chosen, and, while
 * it leads, which acceptors voted for its proposal.
 */
public final class SlotEntry {
  public long acceptedBallot = -1;
  public Batch acceptedBatch;
  public Batch chosen;
  /** Bit i set: replica i accepted this replica's proposal in the current ballot. */
  public long votes;
  public long proposedTick;

  public boolean isChosen() {
    return chosen != null;
  }

  public boolean hasVote() {
    return acceptedBatch != null;
  }
}
