package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import java.util.HashMap;

/**
 * Volatile state of a replica that is running for, or holding, the leadership of one ballot. It is
 * dropped on step-down and on crash; nothing in it is needed for safety after a restart.
 */
final class LeaderState {
  final long ballot;
  /** First slot phase 1 covers: every slot below it was already known chosen. */
  final long fromSlot;
  final HashMap<Integer, Promise> promises = new HashMap<>();
  long prepareSentTick;
  boolean active;
  long nextSlot;

  final RequestQueue requests;

  long lastHeartbeatTick;
  long lastQuorumCheckTick;
  /** Bit i: replica i acknowledged this ballot since the last quorum check. */
  long heardSinceCheck;
  long advertisedCommit;

  LeaderState(long ballot, long fromSlot, long now, CoreConfig config) {
    this.requests = new RequestQueue(config);
    this.ballot = ballot;
    this.fromSlot = fromSlot;
    this.prepareSentTick = now;
    this.lastQuorumCheckTick = now;
    this.lastHeartbeatTick = now;
  }
}
