package dev.bftpaxos.core;

/**
 * Tunables of one replica core. Every queue, map and window in the core is bounded by one of these
 * or by one of the {@link Limits}; time is counted in ticks (the driver decides how long a tick is).
 *
 * <p>{@code windowSlots} sets the checkpoint interval and the watermark window; {@code pipelineSlots}
 * (at most the window) is how many slots a leader keeps in flight. A shallower pipeline makes the
 * leader batch sooner under load: in Byzantine mode every slot costs each replica about 2n signature
 * checks whatever its batch holds, so fewer, fuller slots are what raise the throughput of a
 * CPU-bound cluster (docs/BENCHMARKS.md has the measurement).
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
    int clientsMax,
    Limits limits,
    int pipelineSlots) {

  /** The most requests a batch may hold: the wire format's bound. */
  public static final int BATCH_COUNT_LIMIT = dev.bftpaxos.core.wire.WireCodec.BATCH_REQUESTS_MAX;

  /** The most replicas a core supports: vote sets are 64-bit masks. */
  public static final int REPLICAS_MAX = 64;

  /**
   * The bounds that keep a faulty peer from costing more than a crash: every number a peer or a
   * client sends is checked against one of these (and local state) before it changes state, takes
   * memory or triggers work. docs/PROTOCOL.md ("Bounds") says why each default is safe.
   *
   * @param ballotsAheadMax how far above this replica's own ballot a ballot in a message may be
   * @param slotsAheadMax how far above the stable checkpoint any slot a peer names may be (claims
   *     of chosen slots, checkpoint votes, fetched states); slot-level state is further confined to
   *     the watermark window
   * @param watermarkSlots how many slots above the stable checkpoint may hold any state: the high
   *     watermark, at least two checkpoint intervals
   * @param votesPerSignerMax distinct (ballot, digest) votes kept per signer per slot and kind
   * @param checkpointVotesPerSignerMax checkpoint votes kept per signer (its highest ones)
   * @param fetchAnswerIntervalTicks the interval over which a replica counts its answers to one
   *     peer's FETCH-SLOTS, and separately to its FETCH-STATE (and unsolicited snapshots)
   * @param fetchAnswersPerIntervalMax the most of either it sends one peer per interval
   * @param catchupReplyBytesMax a catch-up reply stops adding slots past this many batch bytes
   * @param clockDriftMaxPermille crash mode's lease reads: the most any replica's clock may run fast
   *     or slow, in thousandths, assumed (not measured); 0 assumes no bound and serves no lease reads
   * @param reconfigureClients the clients whose configuration changes are executed (at most
   *     {@link #RECONFIGURE_CLIENTS_MAX}); a change from any other client is refused and counted.
   *     Empty: any client may reconfigure (the simulator's default; a real cluster file names them)
   */
  public record Limits(long ballotsAheadMax, long slotsAheadMax, int watermarkSlots, int votesPerSignerMax,
      int checkpointVotesPerSignerMax, int fetchAnswerIntervalTicks, int fetchAnswersPerIntervalMax,
      int catchupReplyBytesMax, int clockDriftMaxPermille, java.util.Set<Long> reconfigureClients) {
    /** The most clients one configuration may allow to reconfigure: an administrator list, not a client table. */
    public static final int RECONFIGURE_CLIENTS_MAX = 64;

    public Limits {
      require(ballotsAheadMax >= 1 && ballotsAheadMax <= (1L << 48),
          "ballotsAheadMax must be in 1..2^48, got " + ballotsAheadMax);
      require(slotsAheadMax >= 1 && slotsAheadMax <= (1L << 48), "slotsAheadMax must be in 1..2^48, got " + slotsAheadMax);
      require(watermarkSlots >= 1, "watermarkSlots must be >= 1, got " + watermarkSlots);
      require(votesPerSignerMax >= 1, "votesPerSignerMax must be >= 1, got " + votesPerSignerMax);
      require(checkpointVotesPerSignerMax >= 1,
          "checkpointVotesPerSignerMax must be >= 1, got " + checkpointVotesPerSignerMax);
      require(fetchAnswerIntervalTicks >= 0, "fetchAnswerIntervalTicks must be >= 0, got " + fetchAnswerIntervalTicks);
      require(fetchAnswersPerIntervalMax >= 1,
          "fetchAnswersPerIntervalMax must be >= 1, got " + fetchAnswersPerIntervalMax);
      require(catchupReplyBytesMax >= 1, "catchupReplyBytesMax must be >= 1, got " + catchupReplyBytesMax);
      require(clockDriftMaxPermille >= 0 && clockDriftMaxPermille < 1000,
          "clockDriftMaxPermille must be in 0..999, got " + clockDriftMaxPermille);
      reconfigureClients = java.util.Set.copyOf(reconfigureClients);
      require(reconfigureClients.size() <= RECONFIGURE_CLIENTS_MAX,
          "reconfigureClients must name at most " + RECONFIGURE_CLIENTS_MAX + " clients, got " + reconfigureClients.size());
    }

    public Limits withClockDrift(int permille) {
      return new Limits(ballotsAheadMax, slotsAheadMax, watermarkSlots, votesPerSignerMax, checkpointVotesPerSignerMax,
          fetchAnswerIntervalTicks, fetchAnswersPerIntervalMax, catchupReplyBytesMax, permille, reconfigureClients);
    }

    /** These limits with only {@code clients} allowed to change the configuration (empty: any client). */
    public Limits withReconfigureClients(java.util.Set<Long> clients) {
      return new Limits(ballotsAheadMax, slotsAheadMax, watermarkSlots, votesPerSignerMax, checkpointVotesPerSignerMax,
          fetchAnswerIntervalTicks, fetchAnswersPerIntervalMax, catchupReplyBytesMax, clockDriftMaxPermille, clients);
    }

    /** Whether a configuration change from {@code clientId} is executed rather than refused. */
    public boolean mayReconfigure(long clientId) {
      return reconfigureClients.isEmpty() || reconfigureClients.contains(clientId);
    }

    /** The defaults for a window of {@code windowSlots} and retransmission every {@code retransmitTicks}. */
    public static Limits defaults(int windowSlots, int retransmitTicks) {
      return new Limits(1L << 32, 1L << 40, 2 * checkpointSlots(windowSlots), 4, 4, retransmitTicks, 4, 4 << 20, 0,
          java.util.Set.of());
    }
  }

  public CoreConfig {
    require(replicaCount >= 1 && replicaCount <= REPLICAS_MAX,
        "replicaCount must be in 1.." + REPLICAS_MAX + ", got " + replicaCount);
    require(windowSlots >= 1, "windowSlots must be >= 1, got " + windowSlots);
    if (pipelineSlots == 0) {
      pipelineSlots = windowSlots; // the constructors without a pipeline: as deep as the window
    }
    require(pipelineSlots >= 1 && pipelineSlots <= windowSlots,
        "pipelineSlots must be in 1..windowSlots (" + windowSlots + "), got " + pipelineSlots);
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
    if (limits == null) {
      limits = Limits.defaults(windowSlots, retransmitTicks);
    }
    require(limits.watermarkSlots() >= 2 * checkpointSlots(windowSlots),
        "watermarkSlots must be at least two checkpoint intervals (" + 2 * checkpointSlots(windowSlots) + "), got "
            + limits.watermarkSlots());
  }

  /** The tunables with the default {@link Limits} for their window. */
  public CoreConfig(int replicaCount, int windowSlots, int batchCountMax, int batchBytesMax, int batchDelayTicks,
      int heartbeatTicks, int electionTimeoutTicks, int retransmitTicks, int catchupSlotsMax, int pendingRequestsMax,
      int clientsMax) {
    this(replicaCount, windowSlots, batchCountMax, batchBytesMax, batchDelayTicks, heartbeatTicks, electionTimeoutTicks,
        retransmitTicks, catchupSlotsMax, pendingRequestsMax, clientsMax, null, 0);
  }

  /** The tunables with a pipeline as deep as the window. */
  public CoreConfig(int replicaCount, int windowSlots, int batchCountMax, int batchBytesMax, int batchDelayTicks,
      int heartbeatTicks, int electionTimeoutTicks, int retransmitTicks, int catchupSlotsMax, int pendingRequestsMax,
      int clientsMax, Limits limits) {
    this(replicaCount, windowSlots, batchCountMax, batchBytesMax, batchDelayTicks, heartbeatTicks, electionTimeoutTicks,
        retransmitTicks, catchupSlotsMax, pendingRequestsMax, clientsMax, limits, 0);
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
    return checkpointSlots(windowSlots);
  }

  private static int checkpointSlots(int windowSlots) {
    return Math.max(4, 2 * windowSlots);
  }

  /**
   * Lamport's alpha for reconfiguration: a configuration change executed at slot {@code s} governs
   * slots from {@code s + alpha} on. It is the watermark window ({@code limits.watermarkSlots}, at
   * least two checkpoint intervals, so at least four pipelining windows and four pipelines): when
   * {@code s} executes it is above the stable checkpoint, and no slot at or beyond
   * {@code stable + watermarkSlots < s + alpha} can hold any state anywhere, so no proposal, vote or
   * certificate already in flight ever changes configuration under it, and the pipeline need not be
   * drained at a change. More: whenever a replica is not fetching a state (executed >= stable), the
   * configuration of every slot in its window is known to it, since each is decided by a slot it has
   * executed. Alpha equal to only the pipeline ({@code pipelineSlots}) would be enough for the
   * leader's new proposals, but not for slots re-proposed after a leader change, which reach up to
   * the high watermark.
   */
  public int reconfigurationAlphaSlots() {
    return limits.watermarkSlots();
  }

  public CoreConfig withBatching(int countMax, int bytesMax, int delayTicks) {
    return new CoreConfig(replicaCount, windowSlots, countMax, bytesMax, delayTicks, heartbeatTicks,
        electionTimeoutTicks, retransmitTicks, catchupSlotsMax, pendingRequestsMax, clientsMax, limits, pipelineSlots);
  }

  /**
   * A new window; the limits that derive from it are re-derived, and a pipeline as deep as the old
   * window follows the new one (a shallower one is kept, cut to the window).
   */
  public CoreConfig withWindow(int slots) {
    int pipeline = pipelineSlots == windowSlots ? slots : Math.min(pipelineSlots, slots);
    return new CoreConfig(replicaCount, slots, batchCountMax, batchBytesMax, batchDelayTicks,
        heartbeatTicks, electionTimeoutTicks, retransmitTicks, catchupSlotsMax, pendingRequestsMax,
        clientsMax, null, pipeline);
  }

  /** At most {@code slots} (1..windowSlots) slots in flight at the leader. */
  public CoreConfig withPipeline(int slots) {
    return new CoreConfig(replicaCount, windowSlots, batchCountMax, batchBytesMax, batchDelayTicks,
        heartbeatTicks, electionTimeoutTicks, retransmitTicks, catchupSlotsMax, pendingRequestsMax,
        clientsMax, limits, slots);
  }

  public CoreConfig withTimeouts(int heartbeat, int election, int retransmit) {
    return new CoreConfig(replicaCount, windowSlots, batchCountMax, batchBytesMax, batchDelayTicks,
        heartbeat, election, retransmit, catchupSlotsMax, pendingRequestsMax, clientsMax, limits, pipelineSlots);
  }

  public CoreConfig withLimits(Limits newLimits) {
    return new CoreConfig(replicaCount, windowSlots, batchCountMax, batchBytesMax, batchDelayTicks,
        heartbeatTicks, electionTimeoutTicks, retransmitTicks, catchupSlotsMax, pendingRequestsMax, clientsMax,
        newLimits, pipelineSlots);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
