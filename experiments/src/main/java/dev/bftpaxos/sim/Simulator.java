package dev.bftpaxos.sim;

import dev.bftpaxos.check.CertificateChecker;
import dev.bftpaxos.check.SafetyChecker;
import dev.bftpaxos.check.StaleReadChecker;
import dev.bftpaxos.check.Violation;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.ReplicaStatus;
import dev.bftpaxos.core.bft.ByzantineKeys;
import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.faulty.Coalition;
import dev.bftpaxos.faulty.FaultyContext;
import dev.bftpaxos.faulty.FaultyReplica;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Verifier;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.core.client.ClientCore;
import dev.bftpaxos.faulty.client.ClientBehaviour;
import dev.bftpaxos.faulty.client.ClientBehaviours;
import dev.bftpaxos.faulty.client.ClientFrame;
import dev.bftpaxos.faulty.client.FaultyClientContext;
import dev.bftpaxos.core.client.ClientOutput;
import dev.bftpaxos.core.client.ReadPolicy;
import dev.bftpaxos.core.client.ReplyRule;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A deterministic discrete-event simulation of one cluster: virtual time in microseconds, one seed,
 * the same replica cores (the shared replicated log with a mode's agreement) the networked replica runs. Every run with the same scenario, seed,
 * plan and rules produces the same trace hash.
 */
public final class Simulator {
  private static final int KIND_DELIVER = 0;
  private static final int KIND_REQUEST = 1;
  private static final int KIND_REPLY = 2;
  private static final int KIND_REPLICA_TICK = 3;
  private static final int KIND_CLIENT_TICK = 4;
  private static final int KIND_CLIENT_ISSUE = 5;
  private static final int KIND_FAULT = 6;
  private static final int KIND_STABILIZE = 7;
  private static final int KIND_READ = 8;
  private static final int KIND_READ_REPLY = 9;

  private static final class Event {
    final long time;
    final long seq;
    final int kind;
    final int target;
    final int source;
    final Object payload;

    Event(long time, long seq, int kind, int target, int source, Object payload) {
      this.time = time;
      this.seq = seq;
      this.kind = kind;
      this.target = target;
      this.source = source;
      this.payload = payload;
    }
  }

  private static final class Host {
    Replica core;
    final DurableState durable = new DurableState();
    boolean up = true;
    boolean crashAfterNextPersist;
    int incarnation;
  }

  /**
   * Options that do not change what the cluster does, only what the run keeps: the last
   * {@code traceCapacity} events (rendered for a failing run, or always with {@code keepTrace}).
   */
  public record Options(int traceCapacity, boolean keepHistory, boolean checkLinearizability, boolean measureBytes,
      boolean keepTrace, String signatureScheme, boolean keepCertificates, Map<Integer, String> faulty,
      java.util.SortedSet<Integer> faultyActions, List<String> faultyClients, long settleMicros) {
    public Options {
      if (settleMicros < 0) {
        throw new IllegalArgumentException("settleMicros must be >= 0, got " + settleMicros);
      }
      faulty = Map.copyOf(faulty);
      faultyClients = List.copyOf(faultyClients);
      faultyActions = faultyActions == null ? null : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(faultyActions));
    }

    public Options(int traceCapacity, boolean keepHistory, boolean checkLinearizability, boolean measureBytes,
        boolean keepTrace, String signatureScheme, boolean keepCertificates, Map<Integer, String> faulty) {
      this(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, signatureScheme, keepCertificates,
          faulty, null, List.of(), 0);
    }

    public Options(int traceCapacity, boolean keepHistory, boolean checkLinearizability, boolean measureBytes) {
      this(traceCapacity, keepHistory, checkLinearizability, measureBytes, false, "fastsim", false, Map.of());
    }

    public Options(int traceCapacity, boolean keepHistory, boolean checkLinearizability, boolean measureBytes,
        boolean keepTrace) {
      this(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, "fastsim", false, Map.of());
    }

    /** The signature scheme of Byzantine-mode runs: {@code fastsim} or {@code ed25519}; it does not change the run. */
    public Options withSignatureScheme(String scheme) {
      return new Options(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, scheme, keepCertificates,
          faulty, faultyActions, faultyClients, settleMicros);
    }

    /** Keep every commit certificate (Byzantine mode), for export. */
    public Options withCertificates() {
      return new Options(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, signatureScheme, true,
          faulty, faultyActions, faultyClients, settleMicros);
    }

    /** Replicas that misbehave, by id, with a behaviour name from {@code faulty.Behaviours}. */
    public Options withFaulty(Map<Integer, String> byReplica) {
      return new Options(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, signatureScheme,
          keepCertificates, byReplica, faultyActions, faultyClients, settleMicros);
    }

    /**
     * Only these misbehaving acts (numbered in the order faulty replicas attempt them) are
     * performed; null allows all. The attack search shrinks counterexamples with it.
     */
    public Options withFaultyActions(java.util.SortedSet<Integer> allowed) {
      return new Options(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, signatureScheme,
          keepCertificates, faulty, allowed, faultyClients, settleMicros);
    }

    /**
     * Clients that misbehave, each a spec from {@code faulty.client.ClientBehaviours}; they run
     * beside the workload's correct clients (ids after theirs) and the checkers ignore them.
     */
    public Options withFaultyClients(List<String> specs) {
      return new Options(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, signatureScheme,
          keepCertificates, faulty, faultyActions, specs, settleMicros);
    }

    /** Keep (and render) the trace whether or not the run fails. */
    public Options withTrace(int capacity) {
      return new Options(capacity, keepHistory, checkLinearizability, measureBytes, true, signatureScheme,
          keepCertificates, faulty, faultyActions, faultyClients, settleMicros);
    }

    /**
     * After the workload, let the cluster run {@code micros} more with no client traffic and no
     * faults, then require every replica that is up to have executed as far as the furthest one
     * (a liveness violation otherwise): a replica that restarted, or was cut off, must catch up on
     * a quiet cluster too, not only while requests carry news of the log.
     */
    public Options withSettle(long micros) {
      return new Options(traceCapacity, keepHistory, checkLinearizability, measureBytes, keepTrace, signatureScheme,
          keepCertificates, faulty, faultyActions, faultyClients, micros);
    }

    public static Options defaults() {
      return new Options(400, false, true, true);
    }
  }

  private final Scenario scenario;
  private final long seed;
  private final Variant rules;
  private final FaultPlan plan;
  private final Options options;
  private final SeededRandom netRandom;
  private final SeededRandom workloadRandom;
  private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
      a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long eventSeq;
  private long now;
  private final Host[] hosts;
  private final boolean[][] linkDown;
  private final List<SimClient> clients = new ArrayList<>();
  private final Map<Long, SimClient> clientById = new HashMap<>();
  /** Misbehaving clients, by id (after the correct clients'); the checkers do not judge them. */
  private final Map<Long, FaultyClient> faultyClientById = new java.util.LinkedHashMap<>();
  private final Map<String, String> lastSeen = new HashMap<>();
  private final SafetyChecker safety = new SafetyChecker();
  private final dev.bftpaxos.check.ConfigurationChecker configurationChecker =
      new dev.bftpaxos.check.ConfigurationChecker();
  /** The first configuration (every replica unless the plan names members). */
  private final dev.bftpaxos.core.log.Configuration firstConfiguration;
  /** The reconfiguration client, only when the plan reconfigures (so other runs are exactly as before). */
  private final ReconfigurationClient reconfigurer;
  /**
   * Byzantine runs that reconfigure: the learner's chain, one link (the change's reply
   * certificate) per accepted change, for {@code simulate --export-certificates}; null otherwise.
   */
  private dev.bftpaxos.learner.ConfigurationChain learnerChain;
  private final List<dev.bftpaxos.core.client.ReplyCertificate> chainLinks = new ArrayList<>();
  /** Byzantine runs: the configurations the clients count replies in (clientConfigurations()). */
  private dev.bftpaxos.core.client.KnownConfigurations clientConfigurations;
  /** The change in flight: its signed request, the replies heard for it, and, once accepted, its result. */
  private Request changeRequest;
  private final java.util.TreeMap<Integer, Reply> changeReplies = new java.util.TreeMap<>();
  private byte[] changeAccepted;
  /** Only when the clients read stale: it replays every executed slot on a model of the store. */
  private final StaleReadChecker staleReads;
  /** Each replica's tick interval: the true one, or drawn within the scenario's clock drift. */
  private final long[] replicaTickMicros;
  private final CertificateChecker certificateChecker;
  private final HistoryLog history;
  private final Trace trace;
  private final Histogram latency = new Histogram(3_600_000_000L, 3);
  private final TreeMap<String, Long> rejections = new TreeMap<>();
  private Violation violation;
  private long messagesSent;
  private long bytesSent;
  private long issuedCount;
  private long completedCount;
  private long lastCompletion;
  private long stabilizeAt;
  private int idleClients;
  private final SimKeys keys;
  private final TreeMap<Long, CommitProof> certificates = new TreeMap<>();
  private final Coalition coalition;
  private final ActionGate actions;
  private java.util.SortedSet<Integer> spared = java.util.Collections.emptySortedSet();
  private int transmissions;
  private final List<Integer> disturbed = new ArrayList<>();

  public Simulator(Scenario scenario, long seed, Variant rules, FaultPlan plan, Options options) {
    this.scenario = scenario;
    this.seed = seed;
    this.rules = rules;
    this.plan = plan;
    this.options = options;
    this.netRandom = SeededRandom.stream(seed, "network");
    this.workloadRandom = SeededRandom.stream(seed, "workload");
    this.trace = new Trace(options.traceCapacity());
    this.history = options.keepHistory() || options.checkLinearizability() ? new HistoryLog() : null;
    int n = scenario.replicas();
    this.hosts = new Host[n];
    this.linkDown = new boolean[n][n];
    List<Long> clientIds = new ArrayList<>();
    for (int c = 0; c < scenario.workload().clients() + options.faultyClients().size(); c++) {
      clientIds.add(1000L + c);
    }
    java.util.SortedSet<Integer> members = plan.firstMembers();
    this.firstConfiguration = members == null ? null : dev.bftpaxos.core.log.Configuration.ofMemberIds(0, members);
    if (plan.reconfigures() && scenario.byzantine()) {
      clientIds.add(ReconfigurationClient.CLIENT_ID); // its changes are signed requests like any
    }
    this.keys = scenario.byzantine() ? new SimKeys(options.signatureScheme(), seed, n, clientIds) : null;
    if (!plan.reconfigures()) {
      this.reconfigurer = null;
    } else if (scenario.byzantine()) {
      this.learnerChain = new dev.bftpaxos.learner.ConfigurationChain(keys.configuration(), keys.scheme(),
          members == null ? null : new java.util.TreeSet<>(members));
      this.reconfigurer = new ReconfigurationClient(newClient(ReconfigurationClient.CLIENT_ID),
          new ReconfigurationClient.KeySource() {
            @Override
            public byte[] toAdd(int replica) {
              return keys.publicKeyToAdd(replica);
            }

            @Override
            public byte[] rotate(int replica) {
              return keys.rotate(replica);
            }
          });
    } else {
      this.reconfigurer = new ReconfigurationClient(new ClientCore(ReconfigurationClient.CLIENT_ID, n,
          scenario.workload().retransmitTicks(), new ReplyRule.FirstReply()));
    }
    // With changes, a certificate counts in its slot's configuration (as correct replicas executed
    // the changes); a learner holding only the first configuration cannot check those yet.
    this.certificateChecker = keys == null ? null : plan.reconfigures()
        ? new CertificateChecker(keys.configId(), slot -> {
            dev.bftpaxos.core.log.Configuration c = configurationChecker.at(slot, firstConfiguration());
            return new CertificateChecker.SlotKeys(keys.ringOf(c), c.byzantineQuorum());
          })
        : new CertificateChecker(keys.configuration(), keys.scheme());
    this.staleReads = scenario.workload().reads() == Read.Kind.STALE ? new StaleReadChecker() : null;
    this.coalition = new Coalition(new java.util.TreeSet<>(options.faulty().keySet()));
    this.actions = (options.faultyActions() == null ? ActionGate.all() : ActionGate.only(options.faultyActions()))
        .listener((index, actor, what) -> trace.record(now, "faulty", actor, "-", "act #" + index + ": " + what, index));
    for (int r = 0; r < n; r++) {
      hosts[r] = new Host();
      hosts[r].core = newCore(r);
    }
    this.replicaTickMicros = new long[n];
    SeededRandom clocks = SeededRandom.stream(seed, "clocks");
    for (int r = 0; r < n; r++) {
      double rate = scenario.clockDriftPermille() == 0 ? 1.0
          : 1.0 + scenario.clockDriftPermille() / 1000.0 * (2 * clocks.nextDouble() - 1);
      replicaTickMicros[r] = Math.max(1, Math.round(scenario.tickMicros() / rate));
    }
  }

  /** The plan a scenario uses for a seed: its fixed plan plus any drawn from the seed. */
  public static FaultPlan planFor(Scenario scenario, long seed) {
    if (scenario.randomFaults() == null) {
      return scenario.faultPlan();
    }
    FaultPlan drawn = FaultPlanGenerator.generate(scenario.randomFaults(), scenario.replicas(), scenario.f(),
        SeededRandom.stream(seed, "faults"));
    List<FaultEvent> all = new ArrayList<>(scenario.faultPlan().events());
    all.addAll(drawn.events());
    return new FaultPlan(all);
  }

  private Replica newCore(int r) {
    Replica core = correctCore(r, hosts[r].durable, "replica-" + r + "-" + hosts[r].incarnation);
    String behaviour = options.faulty().get(r);
    if (behaviour == null) {
      return core;
    }
    int[] extraCores = {0};
    Signer signer = scenario.byzantine() ? keys.forReplica(r).signer() : null;
    FaultyContext ctx = new FaultyContext(r, scenario.replicas(), scenario.byzantine(), scenario.core(), signer,
        keys == null ? null : keys.configId(), SeededRandom.stream(seed, hosts[r].incarnation == 0 ? "faulty-" + r : "faulty-" + r + "-" + hosts[r].incarnation),
        coalition, actions,
        durable -> correctCore(r, durable, "replica-" + r + "-" + hosts[r].incarnation + "-extra-" + extraCores[0]++));
    return new FaultyReplica(core, Behaviours.byName(behaviour), ctx);
  }

  private Replica correctCore(int r, DurableState durable, String randomStream) {
    SeededRandom random = SeededRandom.stream(seed, randomStream);
    if (scenario.byzantine()) {
      ByzantineKeys k = keys.forReplica(r);
      if (firstConfiguration != null) {
        return rules.byzantineCore(r, scenario.core(), k, new KvStateMachine(), random, durable, firstConfiguration);
      }
      return rules.byzantineCore(r, scenario.core(), k, new KvStateMachine(), random, durable);
    }
    if (firstConfiguration != null) {
      return rules.crashCore(r, scenario.core(), new KvStateMachine(), random, durable, firstConfiguration);
    }
    return rules.crashCore(r, scenario.core(), new KvStateMachine(), random, durable);
  }

  /** The first configuration: the plan's members, else every replica. */
  private dev.bftpaxos.core.log.Configuration firstConfiguration() {
    return firstConfiguration != null ? firstConfiguration
        : dev.bftpaxos.core.log.Configuration.initial(scenario.replicas());
  }

  /**
   * Transmissions (numbered in the order they are sent, clients' included) that the network must
   * neither lose, duplicate nor delay extra, whatever the seed draws: the attack search shrinks a
   * counterexample's lost and delayed messages with it. The draws are still made, so the rest of
   * the network schedule stays as it was up to the first difference the delivery makes.
   */
  public Simulator spare(java.util.SortedSet<Integer> transmissionIndices) {
    this.spared = transmissionIndices;
    return this;
  }

  /** Transmissions the network lost, duplicated or delayed extra in this run (spared ones excluded). */
  public List<Integer> disturbedTransmissions() {
    return java.util.Collections.unmodifiableList(disturbed);
  }

  /** The misbehaving acts performed so far, in order. */
  public List<ActionGate.Action> faultyActions() {
    return actions.performed();
  }

  /** How many misbehaving acts faulty replicas attempted (performed or denied). */
  public int faultyActionsAttempted() {
    return actions.attempted();
  }

  private ClientCore newClient(long clientId) {
    int n = scenario.replicas();
    int retransmit = scenario.workload().retransmitTicks();
    if (!scenario.byzantine()) {
      return new ClientCore(clientId, n, retransmit, new ReplyRule.FirstReply());
    }
    Signer signer = keys.forClient(clientId);
    Digest32 configId = keys.configId();
    Verifier replicas = keys.replicaVerifier();
    ReplyRule rule = rules.clientReplies().rule(clientConfigurations());
    ReadPolicy reads = ReadPolicy.byzantineSigned(configId, clientConfigurations());
    return new ClientCore(clientId, n, retransmit, rule,
        r -> signer.sign(Statements.request(configId, r.clientId(), r.seq(), r.op())), reads);
  }

  /**
   * What every Byzantine client of this run knows of the configurations: the first one, then each
   * one whose link the run's chain verified (tryChainLink), as a client handed the chain would.
   */
  private dev.bftpaxos.core.client.KnownConfigurations clientConfigurations() {
    if (clientConfigurations == null) {
      java.util.Set<Integer> members = new java.util.TreeSet<>();
      for (int r = 0; r < scenario.replicas(); r++) {
        if (firstConfiguration == null || firstConfiguration.contains(r)) {
          members.add(r);
        }
      }
      clientConfigurations = new dev.bftpaxos.core.client.KnownConfigurations(
          new dev.bftpaxos.core.client.KnownConfigurations.Known(0, 1, members, keys.replicaVerifier()::verify),
          dev.bftpaxos.core.client.KnownConfigurations.signed(keys.configId()));
    }
    return clientConfigurations;
  }

  public RunResult run() {
    long wallStart = System.nanoTime();
    int n = scenario.replicas();
    long tick = scenario.tickMicros();
    for (int r = 0; r < n; r++) {
      schedule(replicaTickMicros[r] * r / n + 1, KIND_REPLICA_TICK, r, -1, null);
    }
    schedule(tick / 2, KIND_CLIENT_TICK, -1, -1, null);
    for (int c = 0; c < scenario.workload().clients(); c++) {
      ClientCore core = newClient(1000 + c);
      SimClient client = new SimClient(core, scenario.workload(), SeededRandom.stream(seed, "client-" + c));
      client.index = c;
      clients.add(client);
      clientById.put(client.id, client);
      schedule(1 + c * 7L, KIND_CLIENT_ISSUE, c, -1, null);
    }
    startFaultyClients();
    for (FaultEvent e : plan.events()) {
      schedule(e.atMicros(), KIND_FAULT, -1, -1, e);
    }
    stabilizeAt = scenario.faultsEndMicros(plan);
    schedule(stabilizeAt, KIND_STABILIZE, -1, -1, null);
    long hardEnd = Math.max(scenario.durationMicros(), stabilizeAt) + scenario.livenessBoundMicros();

    while (!queue.isEmpty() && violation == null) {
      Event e = queue.poll();
      if (e.time > hardEnd) {
        break;
      }
      now = e.time;
      try {
        dispatch(e);
      } catch (Invariants.InvariantViolation ex) {
        violation = new Violation(Violation.INVARIANT, ex.getMessage());
      }
      if (idleClients == clients.size() && now >= scenario.durationMicros()
          && (reconfigurer == null || !reconfigurer.busy())) {
        break;
      }
    }
    if (violation == null) {
      checkLiveness();
    }
    if (violation == null && options.settleMicros() > 0) {
      settle(options.settleMicros());
    }
    if (violation == null && options.checkLinearizability()) {
      violation = LinearizabilityGate.check(history.lines());
    }
    if (violation == null && certificateChecker != null) {
      violation = certificateChecker.finish();
    }
    for (Host h : hosts) {
      if (h.core != null) {
        h.core.rejections().forEach((k, v) -> rejections.merge(k, v, Long::sum));
      }
    }
    long retrans = clients.stream().mapToLong(c -> c.core.retransmissions()).sum();
    return new RunResult(scenario.name(), seed, rules.name(), plan, n, issuedCount, completedCount,
        safety.slotsChosen(), now, lastCompletion, latency, messagesSent, bytesSent, retrans, rejections,
        violation, violation == null && !options.keepTrace() ? List.of() : trace.render(), trace.hash(), trace.eventCount(),
        history != null && (options.keepHistory() || violation != null) ? history.lines() : List.of(), System.nanoTime() - wallStart,
        scenario.mode(), keys == null ? 0 : keys.counters().signed, keys == null ? 0 : keys.counters().verified,
        List.copyOf(certificates.values()), keys == null ? null : keys.configuration());
  }

  /** {@link Options#withSettle}: runs on quiet, then checks that every replica up caught up. */
  private void settle(long micros) {
    long until = now + micros;
    while (!queue.isEmpty() && violation == null) {
      Event e = queue.peek();
      if (e.time > until) {
        break;
      }
      queue.poll();
      now = e.time;
      if (e.kind == KIND_CLIENT_ISSUE || e.kind == KIND_CLIENT_TICK) {
        continue; // quiet: no new requests and no client retransmissions (a fault plan still runs out)
      }
      try {
        dispatch(e);
      } catch (Invariants.InvariantViolation ex) {
        violation = new Violation(Violation.INVARIANT, ex.getMessage());
      }
    }
    if (violation != null) {
      return;
    }
    long furthest = 0;
    for (int r = 0; r < hosts.length; r++) {
      if (hosts[r].up && hosts[r].core != null && !options.faulty().containsKey(r)) {
        furthest = Math.max(furthest, hosts[r].core.status().executedThrough());
      }
    }
    for (int r = 0; r < hosts.length; r++) {
      Host h = hosts[r];
      if (h.up && h.core != null && !options.faulty().containsKey(r) && h.core.status().executedThrough() < furthest) {
        ReplicaStatus st = h.core.status();
        violation = new Violation(Violation.LIVENESS, "replica " + st.id() + " executed through slot "
            + st.executedThrough() + " of " + furthest + " after " + micros / 1000.0 + "ms quiet (ballot " + st.ballot()
            + (st.changingBallot() ? ", changing ballot" : "") + ", leader " + st.leader() + ")");
        return;
      }
    }
  }

  private void checkLiveness() {
    if (reconfigurer != null && reconfigurer.busy()) {
      // A change is a client request like any other: once the network is stable it must come back,
      // accepted or refused, or the cluster is stuck in (or before) a configuration change.
      violation = new Violation(Violation.LIVENESS, reconfigurer.unfinished() + " configuration change(s) of the plan "
          + "did not complete by " + now / 1000.0 + "ms (network stable since " + stabilizeAt / 1000.0 + "ms; results so far: "
          + reconfigurer.results() + ")");
      return;
    }
    for (SimClient c : clients) {
      if (c.core.busy()) {
        Object what = c.core.outstanding() != null ? c.core.outstanding() : c.core.outstandingRead();
        violation = new Violation(Violation.LIVENESS, "request " + what + " issued at "
            + c.issuedAtMicros / 1000.0 + "ms did not complete by " + now / 1000.0 + "ms (network stable since "
            + stabilizeAt / 1000.0 + "ms)");
        return;
      }
    }
  }

  private void dispatch(Event e) {
    switch (e.kind) {
      case KIND_DELIVER -> deliver(e);
      case KIND_REQUEST -> {
        Host h = hosts[e.target];
        Request r = (Request) e.payload;
        trace.record(now, "request", "c" + r.clientId(), "r" + e.target, r, r.seq());
        if (h.up) {
          step(e.target, new Input.ClientRequest(r));
        }
      }
      case KIND_REPLY -> {
        Reply reply = (Reply) e.payload;
        trace.record(now, "reply", "r" + reply.replica(), "c" + reply.clientId(), reply, reply.seq());
        SimClient c = clientById.get(reply.clientId());
        if (c == null && reconfigurer != null && reply.clientId() == ReconfigurationClient.CLIENT_ID) {
          collectChangeReply(reply);
          handleReconfigurerOutput(reconfigurer.core.onReply(reply));
          return;
        }
        if (c == null) {
          FaultyClient fc = faultyClientById.get(reply.clientId());
          sendFromFaultyClient(fc, fc.behaviour.onReply(reply, fc.ctx));
          return;
        }
        handleClientOutput(c, c.core.onReply(reply));
      }
      case KIND_REPLICA_TICK -> {
        if (hosts[e.target].up) {
          step(e.target, Input.Tick.INSTANCE);
        }
        schedule(now + replicaTickMicros[e.target], KIND_REPLICA_TICK, e.target, -1, null);
      }
      case KIND_READ -> {
        Host h = hosts[e.target];
        Read r = (Read) e.payload;
        trace.record(now, "read", "c" + r.clientId(), "r" + e.target, r, r.readId());
        if (h.up) {
          step(e.target, new Input.ClientRead(r));
        }
      }
      case KIND_READ_REPLY -> {
        ReadReply reply = (ReadReply) e.payload;
        trace.record(now, "reply", "r" + reply.replica(), "c" + reply.clientId(), reply, reply.readId());
        SimClient c = clientById.get(reply.clientId());
        if (c == null) {
          FaultyClient fc = faultyClientById.get(reply.clientId());
          sendFromFaultyClient(fc, fc.behaviour.onReadReply(reply, fc.ctx));
          return;
        }
        if (c.current != null && reply.kind() == Read.Kind.STALE && !reply.refused() && c.core.outstandingRead() != null
            && c.core.outstandingRead().readId() == reply.readId()) {
          c.staleAnswerFromCorrect = !options.faulty().containsKey(reply.replica());
        }
        handleClientOutput(c, c.core.onReadReply(reply));
      }
      case KIND_CLIENT_TICK -> {
        for (SimClient c : clients) {
          handleClientOutput(c, c.core.onTick());
        }
        for (FaultyClient fc : faultyClientById.values()) {
          sendFromFaultyClient(fc, fc.behaviour.onTick(fc.ctx));
        }
        if (reconfigurer != null) {
          handleReconfigurerOutput(reconfigurer.core.onTick());
        }
        schedule(now + scenario.tickMicros(), KIND_CLIENT_TICK, -1, -1, null);
      }
      case KIND_CLIENT_ISSUE -> issue(clients.get(e.target));
      case KIND_FAULT -> applyFault((FaultEvent) e.payload);
      case KIND_STABILIZE -> stabilize();
      default -> throw new IllegalStateException("unknown event kind " + e.kind);
    }
  }

  private void deliver(Event e) {
    Message m = (Message) e.payload;
    Host h = hosts[e.target];
    if (!h.up || linkDown[e.source][e.target]) {
      trace.record(now, "drop", "r" + e.source, "r" + e.target, m, 1);
      return;
    }
    if (m.from() != e.source) {
      // Channels are authenticated (the real transport proves each end's identity when a connection
      // opens): a replica cannot send in another's name, signed or not.
      rejections.merge("message naming another sender than its channel's", 1L, Long::sum);
      trace.record(now, "drop", "r" + e.source, "r" + e.target, m, 2);
      return;
    }
    trace.record(now, "deliver", "r" + e.source, "r" + e.target, m, m.getClass().getName().hashCode() * 31L + m.ballot());
    step(e.target, new Input.Receive(m));
  }

  private void step(int r, Input input) {
    Host h = hosts[r];
    Output out = h.core.step(input);
    boolean correct = !options.faulty().containsKey(r);
    for (PersistOp op : out.persist()) {
      h.durable.apply(op);
      if (op instanceof PersistOp.SaveCommitted c) {
        if (options.keepCertificates()) {
          certificates.putIfAbsent(c.proof().slot(), c.proof());
        }
        if (correct && certificateChecker != null) {
          noteViolation(r, certificateChecker.onHeld(r, c.proof()));
        }
      }
    }
    if (h.crashAfterNextPersist && !out.persist().isEmpty()) {
      trace.record(now, "crash", "r" + r, "-", "after persisting, before sending " + out.send().size() + " messages", r);
      crash(r);
      return;
    }
    for (Output.Send s : out.send()) {
      sendToReplica(r, s.to(), s.message());
    }
    for (Executed x : out.executed()) {
      if (options.faulty().containsKey(r)) {
        continue; // properties are about correct replicas; a faulty one may execute anything
      }
      noteViolation(r, safety.onExecuted(r, h.incarnation, x));
      if (reconfigurer != null) {
        noteViolation(r, configurationChecker.onExecuted(r, x));
      }
      if (staleReads != null) {
        staleReads.onExecuted(x);
      }
      if (certificateChecker != null) {
        certificateChecker.onExecuted(x.slot(), x.batch());
      }
    }
    for (Reply reply : out.replies()) {
      sendToClient(r, reply);
    }
    for (ReadReply reply : out.readReplies()) {
      messagesSent++;
      transmit(r, -1, reply, KIND_READ_REPLY, scenario.network().delay());
    }
  }

  private void noteViolation(int r, Violation v) {
    if (v != null && violation == null) {
      violation = v;
      trace.record(now, "VIOLATE", "r" + r, "-", v, 0);
    }
  }

  private void sendToReplica(int from, int to, Message m) {
    messagesSent++;
    if (options.measureBytes()) {
      bytesSent += WireSizes.of(m);
    }
    if (linkDown[from][to]) {
      return;
    }
    transmit(from, to, m, KIND_DELIVER, scenario.network().delayBetween(from, to));
  }

  private void sendToClient(int from, Reply reply) {
    messagesSent++;
    if (options.measureBytes()) {
      bytesSent += WireSizes.of(reply);
    }
    transmit(from, -1, reply, KIND_REPLY, scenario.network().delay());
  }

  private void transmit(int from, int to, Object payload, int kind, LinkDelay delay) {
    NetworkSpec net = scenario.network();
    int index = transmissions++;
    boolean spare = spared.contains(index);
    boolean lost = netRandom.chance(net.lossRate());
    if (lost && !spare) {
      disturbed.add(index);
      return;
    }
    boolean duplicated = netRandom.chance(net.duplicateRate());
    int copies = duplicated && !spare ? 2 : 1;
    boolean disturb = duplicated && !spare;
    for (int i = 0; i < copies; i++) {
      long d = delay.sampleMicros(netRandom);
      if (netRandom.chance(net.reorderRate())) {
        long extra = netRandom.nextLong(0, net.reorderDelayMicros() + 1);
        if (!spare) {
          d += extra;
          disturb = true;
        }
      }
      schedule(now + d, kind, to, from, payload);
    }
    if (disturb) {
      disturbed.add(index);
    }
  }

  private void handleClientOutput(SimClient c, ClientOutput out) {
    for (ClientOutput.Send s : out.send()) {
      messagesSent++;
      if (options.measureBytes()) {
        bytesSent += WireSizes.of(s.request());
      }
      safety.onIssued(s.request()); // a read that falls back to the log is issued here, not in issue()
      transmit(-1, s.to(), s.request(), KIND_REQUEST, scenario.network().delay());
    }
    for (ClientOutput.ReadSend s : out.readSends()) {
      messagesSent++;
      transmit(-1, s.to(), s.read(), KIND_READ, scenario.network().delay());
    }
    if (out.completed() != null) {
      SimClient.recordCompletion(history, c.id, c.current, out.completed().result(), lastSeen);
      finish(c);
    } else if (out.readCompleted() != null) {
      ReadReply answer = out.readCompleted();
      if (answer.kind() == Read.Kind.STALE) {
        if (c.staleAnswerFromCorrect) {
          noteViolation(answer.replica(), staleReads.onAnswer(c.current.key(), answer));
        }
      } else {
        SimClient.recordCompletion(history, c.id, c.current, answer.result(), lastSeen);
      }
      finish(c);
    }
  }

  /** A misbehaving client and what it holds. */
  private record FaultyClient(ClientBehaviour behaviour, FaultyClientContext ctx) {}

  /**
   * Builds the faulty clients, with ids after the correct clients'. One whose behaviour does not
   * apply to the mode is not started (it would only be a correct client that sends nothing).
   */
  private void startFaultyClients() {
    List<Long> correct = new ArrayList<>(clientById.keySet());
    java.util.Collections.sort(correct);
    for (int i = 0; i < options.faultyClients().size(); i++) {
      ClientBehaviour b = ClientBehaviours.byName(options.faultyClients().get(i));
      if (!b.appliesTo(scenario.byzantine())) {
        continue;
      }
      long id = 1000L + scenario.workload().clients() + i;
      FaultyClientContext ctx = new FaultyClientContext(id, scenario.replicas(), scenario.byzantine(), scenario.core(),
          keys == null ? null : keys.forClient(id), keys == null ? null : keys.configId(),
          SeededRandom.stream(seed, "faulty-client-" + i), correct, actions);
      faultyClientById.put(id, new FaultyClient(b, ctx));
    }
  }

  /**
   * Puts a faulty client's frames on the network. What it sends in its own name, properly signed,
   * it has issued (any one of its operations for a seq may run); nothing else it sends may run.
   */
  private void sendFromFaultyClient(FaultyClient fc, List<ClientFrame> frames) {
    for (ClientFrame f : frames) {
      if (f.to() < 0 || f.to() >= scenario.replicas()) {
        continue;
      }
      messagesSent++;
      if (f instanceof ClientFrame.Send s) {
        Request r = s.request();
        if (r.clientId() == fc.ctx.clientId() && (keys == null || keys.genuine(r))) {
          safety.onIssued(r);
        }
        transmit(-1, s.to(), r, KIND_REQUEST, scenario.network().delay());
      } else if (f instanceof ClientFrame.SendRead s) {
        transmit(-1, s.to(), s.read(), KIND_READ, scenario.network().delay());
      } else {
        throw new IllegalStateException("unknown client frame " + f);
      }
    }
  }

  /** The client's operation completed: it issues its next one, or is done. */
  private void finish(SimClient c) {
    completedCount++;
    lastCompletion = now;
    latency.recordValue(Math.max(0, now - c.issuedAtMicros));
    c.current = null;
    if ((scenario.workload().requestsPerClient() > 0 && c.issued >= scenario.workload().requestsPerClient())
        || now >= scenario.durationMicros()) {
      c.done = true;
      idleClients++;
    } else {
      schedule(now + scenario.workload().thinkMicros(), KIND_CLIENT_ISSUE, c.index, -1, null);
    }
  }

  private void issue(SimClient c) {
    if (c.done || c.core.busy()) {
      return;
    }
    if (now >= scenario.durationMicros()) {
      c.done = true;
      idleClients++;
      return;
    }
    KvCommand cmd = c.nextCommand(lastSeen);
    c.current = cmd;
    c.issued++;
    c.issuedAtMicros = now;
    issuedCount++;
    Read.Kind reads = scenario.workload().reads();
    boolean read = reads != null && cmd instanceof KvCommand.Get;
    // A stale read claims only its slot's value: it is checked against that, not linearizability.
    if (history != null && !(read && reads == Read.Kind.STALE)) {
      history.invoke(c.id, SimClient.f(cmd), cmd.key(), SimClient.invokeValue(cmd));
    }
    c.staleAnswerFromCorrect = false;
    ClientOutput out = read ? c.core.submitRead(reads, cmd.encode()) : c.core.submit(cmd.encode());
    handleClientOutput(c, out);
  }

  private void applyFault(FaultEvent e) {
    trace.record(now, "fault", "-", "-", e.render(), e.render().hashCode());
    if (e instanceof FaultEvent.Crash c) {
      if (c.midStep()) {
        hosts[c.replica()].crashAfterNextPersist = true;
      } else {
        crash(c.replica());
      }
    } else if (e instanceof FaultEvent.Restart r) {
      restart(r.replica());
    } else if (e instanceof FaultEvent.Cut c) {
      linkDown[c.a()][c.b()] = true;
      linkDown[c.b()][c.a()] = true;
    } else if (e instanceof FaultEvent.Partition p) {
      int n = scenario.replicas();
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          if (a != b && groupOf(p, a) != groupOf(p, b)) {
            linkDown[a][b] = true;
          }
        }
      }
    } else if (e instanceof FaultEvent.Heal) {
      healLinks();
    } else if (e instanceof FaultEvent.Reconfigure c) {
      reconfigurer.enqueue(c);
      handleReconfigurerOutput(reconfigurer.next());
    }
  }

  /** The reconfiguration client's requests go out like any client's; its results are only recorded. */
  private void handleReconfigurerOutput(ClientOutput out) {
    for (ClientOutput.Send s : out.send()) {
      if (changeRequest == null || changeRequest.seq() != s.request().seq()) {
        changeRequest = s.request();
        changeReplies.clear();
        changeAccepted = null;
      }
      messagesSent++;
      safety.onIssued(s.request());
      transmit(-1, s.to(), s.request(), KIND_REQUEST, scenario.network().delay());
    }
    if (out.completed() != null) {
      String result = new String(out.completed().result(), java.nio.charset.StandardCharsets.UTF_8);
      trace.record(now, "reconfigured", "c" + ReconfigurationClient.CLIENT_ID, "-", result, result.hashCode());
      reconfigurer.completed(result);
      if (dev.bftpaxos.core.log.ChangeAccepted.parse(result) != null && learnerChain != null && changeRequest != null) {
        changeAccepted = out.completed().result().clone();
        tryChainLink();
      }
      handleReconfigurerOutput(reconfigurer.next());
    }
  }

  /** Keeps each replica's first signed reply to the change in flight (a link may need later ones). */
  private void collectChangeReply(Reply reply) {
    if (learnerChain != null && changeRequest != null && reply.seq() == changeRequest.seq() && reply.result() != null
        && reply.signature() != null) {
      changeReplies.putIfAbsent(reply.replica(), reply);
      if (changeAccepted != null) {
        tryChainLink();
      }
    }
  }

  /**
   * Once the change is accepted: the replies that agree with the accepted result on one slot, cut
   * to f+1 of the configuration before that verify there, become the next link (each replica signs
   * its reply with its key in the change's slot, the configuration before).
   */
  private void tryChainLink() {
    java.util.Map<Long, List<dev.bftpaxos.crypto.SignerSignature>> bySlot = new java.util.TreeMap<>();
    for (Reply r : changeReplies.values()) {
      if (java.util.Arrays.equals(r.result(), changeAccepted)) {
        bySlot.computeIfAbsent(r.slot(), k -> new ArrayList<>())
            .add(new dev.bftpaxos.crypto.SignerSignature(r.replica(), r.signature()));
      }
    }
    for (java.util.Map.Entry<Long, List<dev.bftpaxos.crypto.SignerSignature>> e : bySlot.entrySet()) {
      dev.bftpaxos.core.client.ReplyCertificate link = learnerChain.trimmedForNextLink(
          new dev.bftpaxos.core.client.ReplyCertificate(keys.configuration().configId(), changeRequest.clientId(),
              changeRequest.seq(), e.getKey(), changeRequest.op(), changeRequest.signature(), changeAccepted,
              e.getValue()));
      if (link != null && learnerChain.extend(link).isValid()) {
        chainLinks.add(link);
        clientConfigurations().add(learnerChain.asKnown(learnerChain.last()));
        changeAccepted = null;
        return;
      }
    }
  }

  /**
   * The reply certificates of the changes accepted in this run, in order: the chain a learner
   * holding the first configuration follows (docs/CERTIFICATES.md, section 10). Empty where the run
   * does not reconfigure or is not Byzantine; a change whose link could not be made ends it.
   */
  public List<dev.bftpaxos.core.client.ReplyCertificate> chainLinks() {
    return List.copyOf(chainLinks);
  }

  /** Replica {@code r}'s core as it is now (observation, tests; a faulty replica's is its wrapper). */
  public Replica core(int r) {
    return hosts[r].core;
  }

  /** What the reconfiguration client got back, in order (observation, tests). */
  public List<String> reconfigurations() {
    return reconfigurer == null ? List.of() : reconfigurer.results();
  }

  private static int groupOf(FaultEvent.Partition p, int replica) {
    for (int g = 0; g < p.groups().size(); g++) {
      if (p.groups().get(g).contains(replica)) {
        return g;
      }
    }
    return -1;
  }

  private void healLinks() {
    for (boolean[] row : linkDown) {
      java.util.Arrays.fill(row, false);
    }
  }

  private void stabilize() {
    trace.record(now, "fault", "-", "-", "stabilize: heal all links, restart crashed replicas", 7);
    healLinks();
    for (int r = 0; r < hosts.length; r++) {
      hosts[r].crashAfterNextPersist = false;
      if (!hosts[r].up) {
        restart(r);
      }
    }
  }

  private void crash(int r) {
    Host h = hosts[r];
    if (!h.up) {
      return;
    }
    h.core.rejections().forEach((k, v) -> rejections.merge(k, v, Long::sum));
    h.up = false;
    h.core = null;
    h.crashAfterNextPersist = false;
  }

  private void restart(int r) {
    Host h = hosts[r];
    if (h.up) {
      return;
    }
    h.incarnation++;
    h.core = newCore(r);
    h.up = true;
    trace.record(now, "restart", "r" + r, "-", "incarnation " + h.incarnation, r);
  }

  private void schedule(long time, int kind, int target, int source, Object payload) {
    queue.add(new Event(time, eventSeq++, kind, target, source, payload));
  }
}
