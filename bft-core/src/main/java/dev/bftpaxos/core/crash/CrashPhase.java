package dev.bftpaxos.core.crash;

import dev.bftpaxos.core.Role;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import java.util.TreeMap;

/**
 * Where a crash-mode replica stands in the ballot it promised: following a leader, campaigning for
 * a ballot of its own (phase 1), or leading one (phase 2). Each phase holds exactly the state that
 * phase needs; {@link MultiPaxos} moves between them and drops a phase's state with it.
 */
sealed interface CrashPhase permits CrashPhase.Following, CrashPhase.Campaign, CrashPhase.Leadership {

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
    long nextSlot;
    long lastHeartbeatTick;
    long lastQuorumCheckTick;
    /** Bit i: replica i acknowledged this ballot since the last quorum check. */
    long heardSinceCheck;
    /** The commit index last sent to followers. */
    long advertisedCommit;

    Leadership(Campaign won, long firstSlot) {
      this.ballot = won.ballot;
      this.firstSlot = firstSlot;
      this.nextSlot = firstSlot;
      this.lastHeartbeatTick = won.startTick;
      this.lastQuorumCheckTick = won.startTick;
      this.heardSinceCheck = won.promisers();
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
