package dev.bftpaxos.core;

import java.util.Map;

/**
 * What a driver may report about one replica without touching its internals: for a status
 * command, a dashboard or a test. {@code leader} is the replica this one believes leads
 * ({@code -1} if it knows none); {@code changingBallot} is true while it is between ballots.
 * {@code configurationId}, {@code members} (a bit mask over replica ids) and {@code configurationFrom}
 * describe the last configuration it knows and the first slot that configuration governs (above
 * {@code executedThrough + 1} while a change is pending); members 0 means not reported.
 */
public record ReplicaStatus(int id, long ballot, int leader, boolean changingBallot, long executedThrough,
    long stableCheckpointSlot, Map<String, Long> rejections, long configurationId, long members,
    long configurationFrom) {
  public ReplicaStatus {
    rejections = Map.copyOf(rejections);
  }

  /** A status without configuration (a core that does not reconfigure). */
  public ReplicaStatus(int id, long ballot, int leader, boolean changingBallot, long executedThrough,
      long stableCheckpointSlot, Map<String, Long> rejections) {
    this(id, ballot, leader, changingBallot, executedThrough, stableCheckpointSlot, rejections, 0, 0, 1);
  }

  /**
   * The number of the configuration that governs {@code slot}, for a slot above this replica's
   * stable checkpoint: the last known one from its first slot on, the one before it below that (a
   * replica holds at most the one in force and one pending). 0 if not reported.
   */
  public long configurationGoverning(long slot) {
    if (members == 0 || slot >= configurationFrom) {
      return members == 0 ? 0 : configurationId;
    }
    return Math.max(0, configurationId - 1);
  }

  /** The members as ids in increasing order, comma-separated ({@code 0,1,3}); empty if not reported. */
  public String memberList() {
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < 64; r++) {
      if ((members & (1L << r)) != 0) {
        b.append(b.length() == 0 ? "" : ",").append(r);
      }
    }
    return b.toString();
  }
}
