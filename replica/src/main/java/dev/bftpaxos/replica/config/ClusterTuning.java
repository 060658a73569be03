package dev.bftpaxos.replica.config;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.replica.wal.WalSettings;

/**
 * The cluster file's {@code timing:} and {@code batching:} sections: how long a replica's tick is,
 * the core's timeouts counted in ticks, and the leader's batching. Ranges are checked when the file
 * is read ({@link ClusterConfigFile}); docs/OPERATIONS.md says what each one does.
 *
 * @param tickMillis the replica driver's tick, in milliseconds; every *Ticks value counts these
 * @param heartbeatTicks how often a leader with nothing to send tells the followers it is alive
 * @param electionTimeoutTicks how long a follower waits without hearing from the leader, or with a
 *     client request unexecuted, before it suspects the leader (and starts a ballot change)
 * @param retransmitTicks how long a replica waits before resending a protocol message, a catch-up
 *     or a state fetch that was not answered
 * @param windowSlots the checkpoint interval is twice this, the high watermark four times
 * @param batchCountMax the most client requests one slot's batch holds
 * @param batchBytesMax the most request bytes one batch holds
 * @param batchDelayTicks how long the leader may hold a batch that is not full (0: propose at once)
 * @param pipelineSlots how many slots the leader may have proposed and not yet chosen (1..windowSlots):
 *     requests arriving while the pipeline is full wait and go out together in the next batch
 * @param precheckThreads Byzantine mode: threads checking incoming signatures before the driver
 *     steps (0: the driver thread verifies as it steps)
 * @param clientAuth Byzantine mode: the {@link ClientAuth} ordinal (0 signatures, 1 MACs, 2 hybrid); an int so
 *     that {@link #with} and {@code cluster --set} treat every field alike
 * @param walSegmentBytes the size of every write-ahead log segment file ({@link WalSettings#segmentBytes})
 * @param walSparesMax how many segment files a dropped log generation may leave as spares ({@link WalSettings#sparesMax})
 * @param clockDriftMaxPermille crash mode's lease reads: the drift bound every replica's clock is assumed to
 *     keep, in thousandths (0: none assumed, and leaders serve no lease reads); the core's
 *     {@link CoreConfig.Limits#clockDriftMaxPermille}
 */
public record ClusterTuning(int tickMillis, int heartbeatTicks, int electionTimeoutTicks, int retransmitTicks,
    int windowSlots, int batchCountMax, int batchBytesMax, int batchDelayTicks, int pipelineSlots,
    int precheckThreads, int clientAuth, int walSegmentBytes, int walSparesMax, int clockDriftMaxPermille) {

  /** The most precheck threads a file may ask for. */
  public static final int PRECHECK_THREADS_MAX = 64;
  /**
   * Precheck threads where the file says nothing: one takes verification off the driver thread
   * without adding threads that compete for the cores when several replicas share a machine.
   */
  public static final int PRECHECK_THREADS_DEFAULT = 1;

  public static final int TICK_MILLIS_MAX = 1_000;
  public static final int TICKS_MAX = 1_000_000;
  public static final int WINDOW_SLOTS_MAX = 4_096;
  /** The largest drift bound a file may assume: beyond a tenth, a lease is mostly margin. */
  public static final int CLOCK_DRIFT_PERMILLE_MAX = 100;

  public ClusterTuning {
    if (clientAuth < 0 || clientAuth >= ClientAuth.values().length) {
      throw new IllegalArgumentException("clientAuth ordinal " + clientAuth + " outside 0.." + (ClientAuth.values().length - 1));
    }
  }

  /**
   * The names {@link #with} takes: the file's fields, as SECTION.FIELD. Declared before the
   * defaults below, which are built with {@link #with}.
   */
  public static final java.util.List<String> FIELD_NAMES = java.util.List.of("timing.tickMillis",
      "timing.heartbeatTicks", "timing.electionTimeoutTicks", "timing.retransmitTicks", "batching.windowSlots",
      "batching.batchCountMax", "batching.batchBytesMax", "batching.batchDelayTicks", "batching.pipelineSlots",
      "crypto.precheckThreads", "crypto.clientAuth", "wal.segmentBytes", "wal.sparesMax",
      "timing.clockDriftMaxPermille");

  /**
   * What a file without the sections gets: {@link CoreConfig#defaults} with a 1 ms tick, the
   * simulator's values.
   */
  public static final ClusterTuning CORE_DEFAULTS = of(CoreConfig.defaults(1), 1);

  /**
   * What {@code cluster} writes into a new file, both modes: one slot in flight, signatures verified
   * on the driver thread, and the core defaults with the timeouts ten times longer (heartbeat 100,
   * election 1000, retransmission 200 ticks of 1 ms). Measured on a loaded 2-core machine, the core defaults' 100 ms election timeout expired under CPU load and
   * Byzantine n=4 changed ballot about three times a second; docs/OPERATIONS.md ("Timing on a
   * loaded machine") has the figures. The cost: a crashed leader is replaced after 1-2 s, not
   * 0.1-0.2 s.
   */
  public static final ClusterTuning REAL_CLUSTER_DEFAULTS = CORE_DEFAULTS.withTimeouts(100, 1000, 200)
      // One slot in flight, measured best in both modes with every replica on one 2-core machine
      // (16 clients: crash n=3 5,197 ops/s at 1 slot, 4,797 at 4, 4,047 at 32; Byzantine n=4 401 /
      // 202 at 1 / 4 on a machine loaded by other builds; docs/BENCHMARKS.md): fuller batches.
      .with("batching.pipelineSlots", 1)
      // Replicas sharing a machine have no idle core for prechecks: verifying on the driver thread
      // measured faster (Byzantine n=4, 16 clients: 645 ops/s, against 483 with 1 precheck thread).
      .with("crypto.precheckThreads", 0);

  /** The sections' values taken from {@code core}, with a tick of {@code tickMillis}. */
  public static ClusterTuning of(CoreConfig core, int tickMillis) {
    return new ClusterTuning(tickMillis, core.heartbeatTicks(), core.electionTimeoutTicks(), core.retransmitTicks(),
        core.windowSlots(), core.batchCountMax(), core.batchBytesMax(), core.batchDelayTicks(), core.pipelineSlots(),
        PRECHECK_THREADS_DEFAULT, ClientAuth.SIGNATURES.ordinal(), WalSettings.DEFAULTS.segmentBytes(),
        WalSettings.DEFAULTS.sparesMax(), core.limits().clockDriftMaxPermille());
  }

  /** How Byzantine-mode requests and replies are authenticated. */
  public ClientAuth clientAuthKind() {
    return ClientAuth.values()[clientAuth];
  }

  public ClusterTuning withTimeouts(int heartbeat, int election, int retransmit) {
    return new ClusterTuning(tickMillis, heartbeat, election, retransmit, windowSlots, batchCountMax, batchBytesMax,
        batchDelayTicks, pipelineSlots, precheckThreads, clientAuth, walSegmentBytes, walSparesMax,
        clockDriftMaxPermille);
  }

  public ClusterTuning withTickMillis(int millis) {
    return new ClusterTuning(millis, heartbeatTicks, electionTimeoutTicks, retransmitTicks, windowSlots,
        batchCountMax, batchBytesMax, batchDelayTicks, pipelineSlots, precheckThreads, clientAuth, walSegmentBytes,
        walSparesMax, clockDriftMaxPermille);
  }


  /**
   * These values with the field named {@code name} (one of {@link #FIELD_NAMES}, as in the file)
   * set to {@code value}; its range is not checked here but when the file is read.
   *
   * @throws IllegalArgumentException for another name
   */
  public ClusterTuning with(String name, int value) {
    int[] v = {tickMillis, heartbeatTicks, electionTimeoutTicks, retransmitTicks, windowSlots, batchCountMax,
        batchBytesMax, batchDelayTicks, pipelineSlots, precheckThreads, clientAuth, walSegmentBytes, walSparesMax,
        clockDriftMaxPermille};
    int i = FIELD_NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("unknown field " + name + " (known: " + String.join(", ", FIELD_NAMES) + ")");
    }
    v[i] = value;
    if (name.equals("batching.windowSlots") && (pipelineSlots == windowSlots || pipelineSlots > value)) {
      v[8] = value; // a pipeline as deep as the window follows it, as CoreConfig.withWindow does
    }
    if (name.equals("crypto.clientAuth") && (value < 0 || value >= ClientAuth.values().length)) {
      throw new IllegalArgumentException("crypto.clientAuth is " + value + ", expected 0 (signatures), 1 (macs) or 2 (hybrid)");
    }
    return new ClusterTuning(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
  }

  /** The write-ahead log's settings; throws, naming the field, if one is out of its range. */
  public WalSettings walSettings() {
    return new WalSettings(walSegmentBytes, walSparesMax);
  }

  /**
   * The core's configuration for {@code n} replicas: {@link CoreConfig#defaults} with these
   * timeouts, batching and window (the window's limits re-derived from the window and the
   * retransmission interval, as {@link CoreConfig#withWindow} does).
   */
  public CoreConfig core(int n) {
    CoreConfig c = CoreConfig.defaults(n)
        .withTimeouts(heartbeatTicks, electionTimeoutTicks, retransmitTicks)
        .withBatching(batchCountMax, batchBytesMax, batchDelayTicks)
        .withWindow(windowSlots)
        .withPipeline(pipelineSlots);
    return c.withLimits(c.limits().withClockDrift(clockDriftMaxPermille));
  }

  /**
   * How long a client waits for an acceptable answer before it sends the request again, to every
   * replica, in milliseconds: the replicas' election timeout. Sooner would make every replica
   * verify the request again (and start its request timer) while the leader is merely slow.
   */
  public int clientRetransmitMillis() {
    return electionTimeoutTicks * tickMillis;
  }
}
