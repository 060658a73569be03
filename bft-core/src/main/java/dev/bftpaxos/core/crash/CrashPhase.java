package dev.bftpaxos.core.crash;

import dev.bftpaxos.core.Role;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.Read;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Where a crash-mode replica stands in the ballot it promised: following a leader, campaigning for
 * a ballot of its own (phase 1), or leading one (phase 2). Each phase holds exactly the state that
 * phase needs; {@link MultiPaxos} moves between them and drops a phase's state with it.
 */
sealed interface CrashPhase permits CrashPhase.Following, CrashPhase.Campaign, CrashPhase.Leadership {

  /**
   * A read the leader will answer once a heartbeat round at or after {@code round} is confirmed by
   * a quorum (or, for a lease read, while its lease holds) and it has executed through
   * {@code readIndex}: every slot where a write that completed before the read arrived can be.
   */
  record PendingRead(Read read, long readIndex, long round) {}

  Role role();

  /** The ballot this replica runs for or leads; -1 while following. */
  long ownBallot();

  /** Following the leader of the promised ballot (or waiting for one). */
  final class Following implements CrashPhase {
    static final Following INSTANCE = new Following();

    private Following() {}

    @Override
    public Role role() {
      return Role.FOLLOWER;
    }

    @Override
    public long ownBallot() {
      return -1;
    }
  }

  /** Phase 1 for {@code ballot}: prepares sent, promises collected (by sender, in id order). */
  final class Campaign implements CrashPhase {
    final long ballot;
    /** First slot phase 1 covers: every slot below it was already known chosen. */
    final long fromSlot;
    final TreeMap<Integer, Promise> promises = new TreeMap<>();
    /** When the campaign started: the leadership's first quorum check and heartbeat count from here. */
    final long startTick;
    long prepareSentTick;

    Campaign(long ballot, long fromSlot, long now) {
      this.ballot = ballot;
      this.fromSlot = fromSlot;
      this.startTick = now;
      this.prepareSentTick = now;
    }

    /** Bit i: replica i promised (so it acknowledged this ballot). */
    long promisers() {
      long bits = 0;
      for (int r : promises.keySet()) {
        bits |= 1L << r;
      }
      return bits;
    }

    @Override
    public Role role() {
      return Role.CANDIDATE;
    }

    @Override
    public long ownBallot() {
      return ballot;
    }
  }

  /** Phase 2 for {@code ballot}: proposing from {@code firstSlot} on. */
  final class Leadership implements CrashPhase {
    final long ballot;
    /** The first slot this leader proposed in its ballot: everything below was chosen before it. */
    final long firstSlot;
    /** The last slot its phase 1 re-proposed: an earlier ballot may have had a write chosen up to here. */
    long reproposedThrough;
    long nextSlot;
    long lastHeartbeatTick;
    long lastQuorumCheckTick;
    /** Bit i: replica i acknowledged this ballot since the last quorum check. */
    long heardSinceCheck;
    /** The commit index last sent to followers. */
    long advertisedCommit;

    /** The last heartbeat round sent, and when each unconfirmed one was sent (this ballot's clock). */
    long round;
    final TreeMap<Long, Long> roundSentTick = new TreeMap<>();
    /** The highest round each replica acknowledged. */
    final long[] ackedRound;
    /** The highest round a quorum acknowledged, and when it was sent: the ballot held then. */
    long confirmedRound;
    long confirmedTick = Long.MIN_VALUE / 2;
    /** Reads waiting for a confirmed round, or for execution to reach their read index. */
    final ArrayDeque<PendingRead> reads = new ArrayDeque<>();

    Leadership(Campaign won, long firstSlot, int replicas) {
      this.ballot = won.ballot;
      this.firstSlot = firstSlot;
      this.nextSlot = firstSlot;
      this.lastHeartbeatTick = won.startTick;
      this.lastQuorumCheckTick = won.startTick;
      this.heardSinceCheck = won.promisers();
      this.ackedRound = new long[replicas];
      Arrays.fill(ackedRound, 0);
    }

    @Override
    public Role role() {
      return Role.LEADER;
    }

    @Override
    public long ownBallot() {
      return ballot;
    }
  }
}
