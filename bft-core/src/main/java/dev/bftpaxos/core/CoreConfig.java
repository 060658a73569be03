package dev.bftpaxos.core;

/**
 * Tunables of one replica core. Every queue and window in the core is bounded by one of these;
 * time is counted in ticks (the driver decides how long a tick is).
 */
public record CoreConfig(
    int replicaCount,
    int windowSlots,
    int batchCountMax,
    int batchBytesMax,
    int batchDelayTicks,
    int heartbeatTicks,
    int electionTimeoutTicks,
    int retransmitTicks,
    int catchupSlotsMax,
    int pendingRequestsMax,
    int clientsMax) {

  /** The most requests a batch may hold: the wire format's bound. */
  public static final int BATCH_COUNT_LIMIT = dev.bftpaxos.core.wire.WireCodec.BATCH_REQUESTS_MAX;

  public CoreConfig {
    require(replicaCount >= 1, "replicaCount must be >= 1, got " + replicaCount);
    require(windowSlots >= 1, "windowSlots must be >= 1, got " + windowSlots);
    require(batchCountMax >= 1 && batchCountMax <= BATCH_COUNT_LIMIT,
        "batchCountMax must be in 1.." + BATCH_COUNT_LIMIT + " (the wire's bound), got " + batchCountMax);
    require(batchBytesMax >= 1, "batchBytesMax must be >= 1, got " + batchBytesMax);
    require(batchDelayTicks >= 0, "batchDelayTicks must be >= 0, got " + batchDelayTicks);
    require(heartbeatTicks >= 1, "heartbeatTicks must be >= 1, got " + heartbeatTicks);
    require(electionTimeoutTicks > heartbeatTicks,
        "electionTimeoutTicks must exceed heartbeatTicks, got " + electionTimeoutTicks);
    require(retransmitTicks >= 1, "retransmitTicks must be >= 1, got " + retransmitTicks);
    require(catchupSlotsMax >= 1, "catchupSlotsMax must be >= 1, got " + catchupSlotsMax);
    require(pendingRequestsMax >= 1, "pendingRequestsMax must be >= 1, got " + pendingRequestsMax);
    require(clientsMax >= 1, "clientsMax must be >= 1, got " + clientsMax);
  }

  /** Defaults for {@code n} replicas: a tick is meant to be about a millisecond. */
  public static CoreConfig defaults(int replicaCount) {
    return new CoreConfig(replicaCount, 32, 64, 64 * 1024, 0, 10, 100, 20, 256, 100_000, 1_000_000);
  }

  /**
   * Slots between two checkpoints, in both modes: twice the pipelining window, so a checkpoint
   * normally becomes stable before the window could outrun it.
   */
  public int checkpointSlots() {
    return Math.max(4, 2 * windowSlots);
  }

  public CoreConfig withBatching(int countMax, int bytesMax, int delayTicks) {
    return new CoreConfig(replicaCount, windowSlots, countMax, bytesMax, delayTicks, heartbeatTicks,
        electionTimeoutTicks, retransmitTicks, catchupSlotsMax, pendingRequestsMax, clientsMax);
  }

  public CoreConfig withWindow(int slots) {
    return new CoreConfig(replicaCount, slots, batchCountMax, batchBytesMax, batchDelayTicks,
        heartbeatTicks, electionTimeoutTicks, retransmitTicks, catchupSlotsMax, pendingRequestsMax,
        clientsMax);
  }

  public CoreConfig withTimeouts(int heartbeat, int election, int retransmit) {
    return new CoreConfig(replicaCount, windowSlots, batchCountMax, batchBytesMax, batchDelayTicks,
        heartbeat, election, retransmit, catchupSlotsMax, pendingRequestsMax, clientsMax);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
