package dev.bftpaxos.core;

import java.util.Map;

/**
 * What a driver may report about one replica without touching its internals: for a status
 * command, a dashboard or a test. {@code leader} is the replica this one believes leads
 * ({@code -1} if it knows none); {@code changingBallot} is true while it is between ballots.
 */
public record ReplicaStatus(int id, long ballot, int leader, boolean changingBallot, long executedThrough,
    long stableCheckpointSlot, Map<String, Long> rejections) {
  public ReplicaStatus {
    rejections = Map.copyOf(rejections);
  }
}
