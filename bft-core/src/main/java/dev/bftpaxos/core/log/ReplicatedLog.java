package dev.bftpaxos.core.log;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DuplicateFilter;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Executor;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Randomness;
import dev.bftpaxos.core.RejectionCounters;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.ReplicaStatus;
import dev.bftpaxos.core.RequestQueue;
import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.mode.Agreement;
import dev.bftpaxos.core.mode.Mode;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ForwardedRequest;
import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One replica of either mode: the replicated log both modes share, with the mode's {@link Agreement}
 * plugged in. The log owns the watermark window, the chosen slots, checkpoints and truncation,
 * catch-up, state transfer, execution in slot order, client intake and batching; the agreement only
 * decides what each slot holds and who leads. Like every core it does no I/O and reads no clock: it
 * is driven through {@link #step}, and everything it wants done comes back in the {@link Output}.
 */
public final class ReplicatedLog implements Replica, LogMessage.Handler {
  private final int id;
  private final int n;
  private final CoreConfig config;
  private final Mode mode;
  private final Randomness random;
  private final RejectionCounters rejections = new RejectionCounters();
  private final Executor executor;
  private final RequestQueue requests;
  private final List<SlotWindow<?>> windows = new ArrayList<>();
  private final ChosenLog chosen;
  private final Checkpoints checkpoints;
  private final StateTransfer transfer;
  private final Catchup catchup;
  private final LogServices services;
  private final Agreement agreement;
  private final Configurations configurations;

  private long now;
  private Output.Builder out;
  /** The ballot this replica leads as the request queue was filled, -1 while it does not lead. */
  private long leadingBallot = -1;

  public ReplicatedLog(int id, CoreConfig config, Mode mode, DuplicateFilter duplicates, StateMachine stateMachine,
      Randomness random, DurableState durable) {
    this(id, config, mode, duplicates, stateMachine, random, durable, Configuration.initial(config.replicaCount()));
  }

  /**
   * A replica whose first configuration is {@code initial} (its members a subset of the replica ids
   * 0..replicaCount-1 the driver runs; the others wait, outside every quorum, until a change adds
   * them). The constructor without it starts with every replica a member.
   */
  public ReplicatedLog(int id, CoreConfig config, Mode mode, DuplicateFilter duplicates, StateMachine stateMachine,
      Randomness random, DurableState durable, Configuration initial) {
    Invariants.check(id >= 0 && id < config.replicaCount(), "replica id %d outside 0..%d", id,
        config.replicaCount() - 1);
    Invariants.check(63 - Long.numberOfLeadingZeros(initial.members()) < config.replicaCount(),
        "first configuration %s names a replica outside 0..%d", initial, config.replicaCount() - 1);
    this.id = id;
    this.n = config.replicaCount();
    this.config = config;
    this.mode = mode;
    this.random = random;
    int alpha = config.reconfigurationAlphaSlots();
    this.configurations = new Configurations(initial, n, alpha, mode::checkConfiguration, rejections::count,
        slot -> mode.activationSlot(slot, alpha, id));
    this.executor = new Executor(id, stateMachine, config.clientsMax(), duplicates, rejections, mode::signReply,
        new ReservedConfigurationOps(configurations, config.limits(), rejections::count));
    this.requests = new RequestQueue(config);
    this.chosen = new ChosenLog(newWindow(), rejections);
    this.checkpoints = new Checkpoints(this);
    this.transfer = new StateTransfer(this);
    this.catchup = new Catchup(this);
    if (durable.checkpoint() != null && durable.checkpointSnapshot() != null) {
      executor.restore(durable.checkpoint().slot(), durable.checkpointSnapshot());
      checkpoints.recover(durable.checkpoint(), durable.checkpointSnapshot());
      truncateThrough(durable.checkpoint().slot());
    }
    for (Map.Entry<Long, CommitProof> e : durable.committed().entrySet()) {
      if (chosen.window().contains(e.getKey())) {
        chosen.choose(e.getKey(), e.getValue().batch(), e.getValue());
      }
    }
    this.services = new LogServices(this);
    this.agreement = mode.agreement(services, durable);
  }

  // ================================================================ entry point

  @Override
  public Output step(Input input) {
    out = new Output.Builder();
    if (input instanceof Input.Tick) {
      onTick();
    } else if (input instanceof Input.Receive r) {
      onMessage(r.message());
    } else if (input instanceof Input.ClientRequest c) {
      onClientRequest(c.request(), true);
    } else if (input instanceof Input.ClientRead r) {
      onClientRead(r.read());
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
    afterStep();
    checkInvariants();
    Output result = out.build();
    out = null;
    return result;
  }

  private void onTick() {
    now++;
    agreement.onTick();
    checkpoints.onTick();
    transfer.onTick();
    catchup.onTick();
  }

  private void onMessage(Message m) {
    if (m.from() < 0 || m.from() >= n || m.from() == id) {
      rejections.count("unknown or self sender");
      return;
    }
    if (!configurations.anyContains(m.from())) {
      // Removed (its configuration is under the stable checkpoint) or not yet added: it can neither
      // vote nor be served. A replica being added is a member of the pending configuration.
      rejections.count("message from a replica outside the configurations held");
      return;
    }
    if (m instanceof LogMessage log) {
      log.dispatch(this);
    } else {
      agreement.onMessage(m);
    }
  }

  private void afterStep() {
    execute();
    agreement.afterStep();
    long leading = agreement.isActiveLeader() ? agreement.ballot() : -1;
    if (leading != leadingBallot) {
      if (leadingBallot != -1) {
        // The queue and its in-flight marks belong to the leadership they were filled under: a
        // request proposed there may never be chosen, and clients retransmit to the next leader.
        requests.clear();
      }
      leadingBallot = leading;
    }
    catchup.maybeFetch();
  }

  // ================================================================ the log's own messages

  @Override
  public void onCheckpoint(LogMessage.Checkpoint m) {
    checkpoints.onVote(m);
  }

  @Override
  public void onFetchSlots(LogMessage.FetchSlots m) {
    catchup.serve(m);
  }

  @Override
  public void onChosenSlots(LogMessage.ChosenSlots m) {
    catchup.onReply(m);
  }

  @Override
  public void onFetchState(LogMessage.FetchState m) {
    transfer.serve(m);
  }

  @Override
  public void onStateSnapshot(LogMessage.StateSnapshot m) {
    transfer.onSnapshot(m);
  }

  @Override
  public void onForwardedRequest(ForwardedRequest m) {
    if (m.request() == null) {
      rejections.count("forwarded request without a request");
      return;
    }
    onClientRequest(m.request(), false);
  }

  // ================================================================ client intake

  /**
   * A request from its client ({@code fromClient}) or forwarded by a replica: answered from the
   * client table if it already ran, refused if the mode's checks fail, queued by an active leader,
   * passed on by anyone else who knows the leader.
   */
  private void onClientRequest(Request r, boolean fromClient) {
    if (executor.isDone(r)) {
      Reply cached = executor.cachedReply(r, agreement.leaderHint());
      if (cached != null) {
        out.reply(cached);
      }
      return;
    }
    if (r.sizeBytes() > config.batchBytesMax()) {
      rejections.count("request larger than a batch may hold");
      return;
    }
    String bad = mode.checkRequest(r);
    if (bad != null) {
      rejections.count(bad);
      return;
    }
    agreement.onRequest(r);
    if (agreement.isActiveLeader()) {
      String refused = switch (requests.offer(r, now)) {
        case QUEUED -> null;
        case SUPERSEDED -> "waiting request superseded by its client's later one";
        case ALREADY_PENDING -> "request already pending";
        case FULL -> "request queue full (pendingRequestsMax clients waiting)";
      };
      if (refused != null) {
        rejections.count(refused);
      }
      return;
    }
    int leader = agreement.leaderHint();
    if (!fromClient) {
      rejections.count("forwarded request at a replica that does not lead");
    } else if (leader >= 0 && leader != id) {
      out.send(leader, new ForwardedRequest(id, r));
    } else {
      rejections.count("client request with no known leader");
    }
  }

  // ================================================================ reads outside the log

  /** A stale read is answered here, at once; the others are the agreement's to answer or refuse. */
  private void onClientRead(Read r) {
    if (r.op().length > config.batchBytesMax()) {
      rejections.count("read larger than a batch may hold");
      return;
    }
    if (r.kind() == Read.Kind.STALE) {
      answerRead(r);
    } else {
      agreement.onRead(r);
    }
  }

  /** Answers {@code r} from the state as executed now. */
  void answerRead(Read r) {
    byte[] result = executor.stateMachine().query(r.op());
    sendReadReply(new ReadReply(id, r.clientId(), r.readId(), r.kind(), executor.executedThrough(), result,
        agreement.leaderHint()));
  }

  /** Tells the client this replica cannot serve {@code r} now, and who it believes leads. */
  void refuseRead(Read r) {
    sendReadReply(new ReadReply(id, r.clientId(), r.readId(), r.kind(), executor.executedThrough(), null,
        agreement.leaderHint()));
  }

  private void sendReadReply(ReadReply unsigned) {
    ReadReply signed = mode.signReadReply(unsigned);
    if (signed != null) {
      out.readReply(signed);
    }
  }

  // ================================================================ execution

  /** Executes every chosen slot in order, taking a checkpoint every {@code checkpointSlots}. */
  private void execute() {
    while (!transfer.pending()) {
      long next = executor.executedThrough() + 1;
      Batch batch = chosen.batch(next);
      if (batch == null) {
        return;
      }
      boolean replying = mode.everyReplicaReplies() || agreement.isActiveLeader();
      Executed e = executor.execute(next, batch, replying, agreement.leaderHint(), out);
      for (Request r : e.batch().requests()) {
        requests.executed(r);
      }
      agreement.onExecuted(e);
      if (next % config.checkpointSlots() == 0) {
        checkpoints.take(next, executor.snapshot());
      }
    }
  }

  // ================================================================ shared mechanics (for the components and LogServices)

  /** A slot window that moves with this log's stable checkpoint. */
  <S> SlotWindow<S> newWindow() {
    SlotWindow<S> w = new SlotWindow<>(config.limits().watermarkSlots(), checkpoints == null ? 0 : checkpoints.stableSlot());
    windows.add(w);
    return w;
  }

  /** Drops every slot at or below {@code slot} from every window; the chosen log counts them chosen. */
  void truncateThrough(long slot) {
    for (SlotWindow<?> w : windows) {
      w.truncateThrough(slot);
    }
    chosen.truncatedThrough(slot);
  }

  /** The stable checkpoint moved to {@code proof.slot()}: truncate and tell the agreement. */
  void stableMoved(long slot) {
    truncateThrough(slot);
    configurations.prune(slot);
    if (agreement != null) {
      agreement.onStable(slot);
    }
  }

  /**
   * Marks {@code slot} chosen by the agreement; false if it was already chosen (or conflicts). A
   * proof, where the mode keeps one, is made durable with it.
   */
  boolean choose(long slot, Batch batch, CommitProof proof) {
    if (!chosen.choose(slot, batch, proof)) {
      return false;
    }
    if (proof != null) {
      out.persist(new PersistOp.SaveCommitted(proof));
    }
    return true;
  }

  /** Marks {@code slot} chosen from a peer's proof; the agreement hears of it. */
  void chooseFromPeer(long slot, Batch batch, CommitProof proof) {
    if (choose(slot, batch, proof)) {
      agreement.onLearnedFromPeer(slot);
    }
  }

  void stateInstalled(long slot) {
    agreement.onStateInstalled(slot);
  }

  void send(int to, Message m) {
    out.send(to, m);
  }

  /** To every other member of the configurations held: a replica being added hears everything. */
  void broadcast(Message m) {
    long members = configurations.allMembers();
    for (int peer = 0; peer < n; peer++) {
      if (peer != id && (members & (1L << peer)) != 0) {
        out.send(peer, m);
      }
    }
  }

  void persist(PersistOp op) {
    out.persist(op);
  }

  void reject(String reason) {
    rejections.count(reason);
  }

  int n() {
    return n;
  }

  CoreConfig config() {
    return config;
  }

  Configurations configurations() {
    return configurations;
  }

  Mode mode() {
    return mode;
  }

  Randomness random() {
    return random;
  }

  Executor executor() {
    return executor;
  }

  RequestQueue requests() {
    return requests;
  }

  ChosenLog chosen() {
    return chosen;
  }

  Checkpoints checkpoints() {
    return checkpoints;
  }

  StateTransfer transfer() {
    return transfer;
  }

  Catchup catchup() {
    return catchup;
  }

  // ================================================================ invariants

  private void checkInvariants() {
    long executed = executor.executedThrough();
    Invariants.check(executed <= chosen.chosenThrough(), "executed %d beyond chosen %d", executed,
        chosen.chosenThrough());
    Invariants.check(executed >= checkpoints.stableSlot() || transfer.pending(),
        "executed %d below stable checkpoint %d without a pending state transfer", executed, checkpoints.stableSlot());
    for (SlotWindow<?> w : windows) {
      Invariants.check(w.base() == checkpoints.stableSlot() && w.size() <= config.limits().watermarkSlots(),
          "a slot window at %d holding %d slots, stable checkpoint %d", w.base(), w.size(), checkpoints.stableSlot());
    }
    configurations.checkInvariants();
    Invariants.check(configurations.latestFrom() <= executed + 1 + configurations.alpha() || transfer.pending(),
        "configuration from slot %d decided beyond execution at %d", configurations.latestFrom(), executed);
    agreement.checkInvariants();
  }

  // ================================================================ observation (read-only)

  @Override
  public int id() {
    return id;
  }

  @Override
  public long executedThrough() {
    return executor.executedThrough();
  }

  @Override
  public Map<String, Long> rejections() {
    return rejections.snapshot();
  }

  @Override
  public ReplicaStatus status() {
    Configuration last = configurations.latest();
    return new ReplicaStatus(id, agreement.ballot(), agreement.leaderHint(), agreement.changingBallot(),
        executor.executedThrough(), checkpoints.stableSlot(), rejections.snapshot(), last.id(), last.members(),
        configurations.latestFrom());
  }

  /** The mode's agreement, for observation (tests, tools). */
  public Agreement agreement() {
    return agreement;
  }

  public String modeName() {
    return mode.name();
  }

  /** Every slot up to this one is chosen (the stable checkpoint's included). */
  public long chosenThrough() {
    return chosen.chosenThrough();
  }

  /** The batch chosen at {@code slot}, if this replica still holds it (above its stable checkpoint). */
  public Batch chosenAt(long slot) {
    return chosen.batch(slot);
  }

  /** The commit certificate of {@code slot} if this replica holds one (Byzantine mode). */
  public CommitProof commitCertificate(long slot) {
    return chosen.proof(slot);
  }

  public long stableCheckpointSlot() {
    return checkpoints.stableSlot();
  }

  /** The latest stable checkpoint's proof, or null before the first. */
  public CheckpointProof stableCheckpoint() {
    return checkpoints.stable();
  }

  /** Slots the log holds state for now: bounded by the watermark window, whatever the run's length. */
  public int logSize() {
    int max = 0;
    for (SlotWindow<?> w : windows) {
      max = Math.max(max, w.size());
    }
    return max;
  }

  public long now() {
    return now;
  }

  /** The configuration that governs {@code slot} as this replica knows it. */
  public Configuration configurationAt(long slot) {
    return configurations.at(slot);
  }

  /** The configurations this replica holds (in force, and pending), oldest first. */
  public java.util.List<Configurations.Entry> configurationHistory() {
    return configurations.entries();
  }

  public StateMachine stateMachine() {
    return executor.stateMachine();
  }
}
