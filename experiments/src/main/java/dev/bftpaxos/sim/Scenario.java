package dev.bftpaxos.sim;

import dev.bftpaxos.core.CoreConfig;

/**
 * Everything one simulated run needs besides its seed. {@code faults} is either a fixed plan or
 * drawn per seed ({@link RandomFaults}); after {@code faultsEndMicros} the network is healed and
 * every replica restarted, and every request issued must complete within
 * {@code livenessBoundMicros} after the later of that and the end of the workload.
 */
public record Scenario(
    String name,
    String mode,
    int replicas,
    CoreConfig core,
    Workload workload,
    NetworkSpec network,
    FaultPlan faultPlan,
    RandomFaults randomFaults,
    long durationMicros,
    long livenessBoundMicros,
    long tickMicros,
    int clockDriftPermille) {

  /** Every replica's clock runs at the true rate. */
  public Scenario(String name, String mode, int replicas, CoreConfig core, Workload workload, NetworkSpec network,
      FaultPlan faultPlan, RandomFaults randomFaults, long durationMicros, long livenessBoundMicros, long tickMicros) {
    this(name, mode, replicas, core, workload, network, faultPlan, randomFaults, durationMicros, livenessBoundMicros,
        tickMicros, 0);
  }

  /** How a per-seed fault plan is drawn; {@code null} in a scenario means use {@code faultPlan}. */
  public record RandomFaults(int crashes, int partitions, int cuts, boolean midStepCrashes, long windowMicros) {
    public RandomFaults {
      if (crashes < 0 || partitions < 0 || cuts < 0 || windowMicros <= 0) {
        throw new IllegalArgumentException("randomFaults counts must be >= 0 and windowMicros > 0");
      }
    }
  }

  public Scenario {
    if (!mode.equals("crash") && !mode.equals("byzantine")) {
      throw new IllegalArgumentException("mode must be 'crash' or 'byzantine', got '" + mode + "'");
    }
    if (mode.equals("byzantine") && replicas < 4) {
      throw new IllegalArgumentException("Byzantine mode needs at least 4 replicas (3f+1 with f >= 1), got " + replicas);
    }
    if (replicas < 1 || replicas > 64) {
      throw new IllegalArgumentException("replicas must be in 1..64, got " + replicas);
    }
    if (core.replicaCount() != replicas) {
      throw new IllegalArgumentException("core.replicaCount " + core.replicaCount() + " != replicas " + replicas);
    }
    if (durationMicros <= 0 || livenessBoundMicros <= 0 || tickMicros <= 0) {
      throw new IllegalArgumentException("durationMicros, livenessBoundMicros and tickMicros must be > 0");
    }
    if (clockDriftPermille < 0 || clockDriftPermille >= 1000) {
      throw new IllegalArgumentException("clockDriftPermille must be in 0..999, got " + clockDriftPermille);
    }
    faultPlan.validate(replicas);
  }

  /**
   * Each replica's clock runs at a rate drawn per seed within {@code permille} thousandths of the
   * true one (its ticks come that much more or less often): what lease reads assume a bound on.
   */
  public Scenario withClockDrift(int permille) {
    return new Scenario(name, mode, replicas, core, workload, network, faultPlan, randomFaults, durationMicros,
        livenessBoundMicros, tickMicros, permille);
  }

  /** Faulty replicas this mode tolerates at once with {@code replicas} replicas. */
  public int f() {
    return byzantine() ? (replicas - 1) / 3 : (replicas - 1) / 2;
  }

  public boolean byzantine() {
    return mode.equals("byzantine");
  }

  public Scenario withMode(String m) {
    return new Scenario(name, m, replicas, core, workload, network, faultPlan, randomFaults, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public long faultsEndMicros(FaultPlan plan) {
    long end = plan.lastEventMicros();
    if (randomFaults != null) {
      end = Math.max(end, randomFaults.windowMicros());
    }
    return end;
  }

  public static Scenario basic(int replicas) {
    return new Scenario("basic", "crash", replicas, CoreConfig.defaults(replicas), Workload.defaults(),
        NetworkSpec.lan(), FaultPlan.NONE, null, 2_000_000, 5_000_000, 1000);
  }

  /** The property-test scenario: crashes, partitions, cut links, loss, duplication, reordering. */
  public static Scenario randomFaults(int replicas) {
    return new Scenario("random-faults", "crash", replicas, CoreConfig.defaults(replicas),
        Workload.defaults().withClients(6),
        NetworkSpec.lan().withFaultRates(0.02, 0.02, 0.05),
        FaultPlan.NONE, new RandomFaults(2, 1, 1, true, 1_200_000), 2_000_000, 5_000_000, 1000);
  }

  /** Byzantine mode, fault-free, the same workload and network as {@link #basic}. */
  public static Scenario byzantineBasic(int replicas) {
    return basic(replicas).withName("byzantine-basic").withMode("byzantine");
  }

  /**
   * Byzantine mode under the same kinds of faults as {@link #randomFaults}, in shorter runs (one
   * simulated second, four clients): signatures make each run dearer, and CI runs hundreds.
   */
  public static Scenario byzantineRandomFaults(int replicas) {
    Scenario s = randomFaults(replicas).withName("byzantine-random-faults").withMode("byzantine")
        .withWorkload(Workload.defaults().withClients(4)).withDuration(1_000_000);
    return s.withFaults(FaultPlan.NONE, new RandomFaults(2, 1, 1, true, 700_000));
  }

  public Scenario withName(String n) {
    return new Scenario(n, mode, replicas, core, workload, network, faultPlan, randomFaults, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public Scenario withReplicas(int n) {
    CoreConfig c = new CoreConfig(n, core.windowSlots(), core.batchCountMax(), core.batchBytesMax(),
        core.batchDelayTicks(), core.heartbeatTicks(), core.electionTimeoutTicks(), core.retransmitTicks(),
        core.catchupSlotsMax(), core.pendingRequestsMax(), core.clientsMax(), core.limits(), core.pipelineSlots());
    return new Scenario(name, mode, n, c, workload, network, faultPlan, randomFaults, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public Scenario withCore(CoreConfig c) {
    return new Scenario(name, mode, replicas, c, workload, network, faultPlan, randomFaults, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public Scenario withWorkload(Workload w) {
    return new Scenario(name, mode, replicas, core, w, network, faultPlan, randomFaults, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public Scenario withNetwork(NetworkSpec net) {
    return new Scenario(name, mode, replicas, core, workload, net, faultPlan, randomFaults, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public Scenario withFaults(FaultPlan plan, RandomFaults random) {
    return new Scenario(name, mode, replicas, core, workload, network, plan, random, durationMicros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }

  public Scenario withDuration(long micros) {
    return new Scenario(name, mode, replicas, core, workload, network, faultPlan, randomFaults, micros, livenessBoundMicros, tickMicros, clockDriftPermille);
  }
}
