package dev.bftpaxos.core;

/** What a replica is doing in the current ballot. */
public enum Role {
  FOLLOWER,
  CANDIDATE,
  LEADER
}
