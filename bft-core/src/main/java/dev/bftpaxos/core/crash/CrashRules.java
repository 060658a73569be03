package dev.bftpaxos.core.crash;

import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import java.util.List;

/**
 * The rules of Multi-Paxos a broken variant may replace (experiments' {@code BrokenVariants}): the
 * quorum size, when an acceptor may vote, and which value a new leader re-proposes. {@link #CORRECT}
 * is protocol.md's.
 */
public interface CrashRules {
  /** Votes (promises or accepts) needed out of {@code n} replicas. */
  int quorum(int n);

  /** Whether an acceptor that promised {@code promised} may vote in {@code ballot}. */
  boolean mayAccept(long ballot, long promised);

  /**
   * The value a new leader proposes for one slot, given what the promises reported for it (never
   * empty); null means a no-op.
   */
  PromiseEntry reproposal(List<PromiseEntry> reportsForSlot);

  /** Majority quorums, no vote below a promise, the highest-ballot value (a chosen one outright). */
  CrashRules CORRECT = new CrashRules() {
    @Override
    public int quorum(int n) {
      return n / 2 + 1;
    }

    @Override
    public boolean mayAccept(long ballot, long promised) {
      return ballot >= promised;
    }

    @Override
    public PromiseEntry reproposal(List<PromiseEntry> reports) {
      PromiseEntry best = null;
      for (PromiseEntry e : reports) {
        if (e.chosen()) {
          return e;
        }
        if (best == null || e.acceptedBallot() > best.acceptedBallot()) {
          best = e;
        }
      }
      return best;
    }
  };
}
