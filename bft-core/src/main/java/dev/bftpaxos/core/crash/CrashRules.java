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

  /**
   * The configuration whose members vote on {@code slot} and whose size sets its quorum: the one
   * governing the slot (a change is decided by the old configuration, the one it was ordered in).
   */
  default dev.bftpaxos.core.log.Configuration votingConfiguration(dev.bftpaxos.core.log.LogServices log, long slot) {
    return log.configurationAt(slot);
  }

  /**
   * Votes needed among the members of {@code configuration}: the quorum follows its n (a variant
   * that keeps the first configuration's n is bft-smart#118's "f not updated").
   */
  default int quorumSize(dev.bftpaxos.core.log.Configuration configuration, dev.bftpaxos.core.log.LogServices log) {
    return quorum(configuration.n());
  }

  /** The first slot governed by a change executed at {@code slot}: Lamport's alpha rule. */
  default long activationSlot(long slot, int alpha, int replica) {
    return slot + alpha;
  }

  /** Whether an acceptor that promised {@code promised} may vote in {@code ballot}. */
  boolean mayAccept(long ballot, long promised);

  /**
   * The value a new leader proposes for one slot, given what the promises reported for it (never
   * empty); null means a no-op.
   */
  PromiseEntry reproposal(List<PromiseEntry> reportsForSlot);

  /**
   * How long a leader's lease lasts in its own ticks, from the moment it sent a heartbeat that a
   * quorum acknowledged, when followers refuse other candidates for {@code electionTimeoutTicks} of
   * theirs and clocks drift by at most {@code driftPermille} thousandths: short enough that it ends
   * before any follower's refusal ends, however the two clocks drift within the bound.
   */
  default long leaseTicks(int electionTimeoutTicks, int driftPermille) {
    return (long) electionTimeoutTicks * (1000 - driftPermille) / (1000 + driftPermille) - 1;
  }

  /**
   * How long a replica that (re)starts refuses to promise another ballot: with leases, a follower
   * may have promised a leader, before it crashed, not to help depose it for that long, and it no
   * longer remembers when. Zero without leases.
   */
  default long restartRefusalTicks(int electionTimeoutTicks, int driftPermille) {
    return driftPermille > 0 ? electionTimeoutTicks : 0;
  }

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
