package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;

/**
 * Where a Byzantine-mode replica stands in its ballot: taking part in it, or changing to it (its
 * promise sent, waiting for a NEW-BALLOT). Each phase holds only what that phase needs;
 * {@link ByzantinePaxos} moves between them.
 */
sealed interface BallotPhase permits BallotPhase.InBallot, BallotPhase.Changing {

  /** Taking part in the ballot. */
  final class InBallot implements BallotPhase {
    /** The verified NEW-BALLOT that started the ballot; null for ballot 0, which needs none. */
    final NewBallot start;
    /** The last slot the NEW-BALLOT fixed: proposals at or below it are refused. */
    final long startLast;
    /** Bit i: replica i sent an ACCEPT in this ballot (so it has joined it). */
    long joined;
    /**
     * Bit i: replica i's promise is inside {@link #start}: the ballot's phase 1 reached exactly these
     * replicas, so it covers a slot only if they hold a quorum of that slot's configuration.
     */
    final long promisers;

    InBallot(NewBallot start, long startLast, long joined) {
      this.start = start;
      this.startLast = startLast;
      this.joined = joined;
      long m = 0;
      if (start != null) {
        for (dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise p : start.promises()) {
          m |= 1L << p.from();
        }
      }
      this.promisers = m;
    }
  }

  /** Changing to the ballot: this replica's promise is out, a NEW-BALLOT has not been taken yet. */
  final class Changing implements BallotPhase {
    /** The length of this change's timer, fixed when it starts (jitter included). */
    final long timeoutTicks;
    long deadline;
    /** As the ballot's leader: whether its NEW-BALLOT went out. */
    boolean newBallotSent;

    Changing(long timeoutTicks, long now) {
      this.timeoutTicks = timeoutTicks;
      this.deadline = now + timeoutTicks;
    }
  }
}
