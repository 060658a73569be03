package dev.bftpaxos.core.log;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Randomness;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;

/**
 * What the shared replicated log offers a mode's agreement: identity and clock, output, the
 * watermark window, the chosen slots, catch-up hints, the request queue and the stable checkpoint.
 * The agreement holds no reference to the log itself; everything it may do goes through here.
 */
public final class LogServices {
  private final ReplicatedLog log;

  LogServices(ReplicatedLog log) {
    this.log = log;
  }

  // ---------------------------------------------------------------- identity, time, randomness

  public int id() {
    return log.id();
  }

  public int replicas() {
    return log.n();
  }

  public CoreConfig config() {
    return log.config();
  }

  // ---------------------------------------------------------------- configurations

  /**
   * The configuration that governs {@code slot}: its members are the only replicas whose votes
   * count there, and its size sets the quorum. Known for every slot up to the executed slot plus
   * alpha, which covers the whole watermark window whenever this replica is not fetching a state.
   */
  public Configuration configurationAt(long slot) {
    return log.configurations().at(slot);
  }

  /** The configuration this core was started with (observation; the quorum rules never use it). */
  public Configuration firstConfiguration() {
    return log.configurations().first();
  }

  /** The last configuration known (the pending one while a change is pending). */
  public Configuration latestConfiguration() {
    return log.configurations().latest();
  }

  /**
   * Whether replicas {@code voters} (a bit mask) include a quorum, as {@code quorum} sizes it, of
   * every configuration that governs a slot from {@code fromSlot} on: a new ballot's phase 1 must
   * reach every such configuration, or a value chosen by one of them could be missed.
   */
  public boolean quorumOfEvery(long fromSlot, long voters, java.util.function.ToIntFunction<Configuration> quorum) {
    Configuration first = configurationAt(fromSlot);
    Configuration last = latestConfiguration();
    return first.countMembers(voters) >= quorum.applyAsInt(first)
        && (last == first || last.countMembers(voters) >= quorum.applyAsInt(last));
  }

  /** The members of every configuration held: whom to send to. */
  public long allMembers() {
    return log.configurations().allMembers();
  }

  /** Whether this replica is a member of the last configuration known: only then may it lead. */
  public boolean isMember() {
    return log.configurations().latest().contains(log.id());
  }

  /** Ticks since this core started. */
  public long now() {
    return log.now();
  }

  public Randomness random() {
    return log.random();
  }

  /** Counts an input refused or ignored, by reason: nothing a peer sends is dropped silently. */
  public void reject(String reason) {
    log.reject(reason);
  }

  // ---------------------------------------------------------------- output

  public void send(int to, Message m) {
    log.send(to, m);
  }

  public void broadcast(Message m) {
    log.broadcast(m);
  }

  /** Made durable before any message of this step leaves. */
  public void persist(PersistOp op) {
    log.persist(op);
  }

  // ---------------------------------------------------------------- the window and the chosen slots

  /** A per-slot store confined to the watermark window, moving with it. */
  public <S> SlotWindow<S> newSlotWindow() {
    return log.newWindow();
  }

  /** The low watermark: the stable checkpoint's slot. */
  public long low() {
    return log.checkpoints().stableSlot();
  }

  /** The high watermark: the highest slot that may hold state now. */
  public long high() {
    return log.chosen().window().high();
  }

  public boolean inWindow(long slot) {
    return log.chosen().window().contains(slot);
  }

  public long chosenThrough() {
    return log.chosen().chosenThrough();
  }

  public boolean isChosen(long slot) {
    return log.chosen().isChosen(slot);
  }

  /** The batch chosen at {@code slot} if held here, else null. */
  public Batch chosenBatch(long slot) {
    return log.chosen().batch(slot);
  }

  /** The proof kept with a chosen slot (Byzantine mode), else null. */
  public CommitProof chosenProof(long slot) {
    return log.chosen().proof(slot);
  }

  /**
   * The agreement decided {@code slot}: {@code batch}, with its proof where the mode keeps one.
   * False if it was already chosen (a different batch there is counted as a conflict).
   */
  public boolean choose(long slot, Batch batch, CommitProof proof) {
    return log.choose(slot, batch, proof);
  }

  public long executedThrough() {
    return log.executor().executedThrough();
  }

  // ---------------------------------------------------------------- catch-up and state

  /** Replica {@code from} knows every slot through {@code through} chosen: fetch what is missing. */
  public void claimChosen(int from, long through) {
    log.catchup().claim(from, through);
  }

  /** Whether this replica knows of chosen slots beyond its window, or is fetching a state. */
  public boolean lagging() {
    return log.catchup().lagsBeyondWindow() || log.transfer().pending();
  }

  /** Sends this replica's stable state to {@code peer} (rate-limited per peer). */
  public void sendStateTo(int peer) {
    log.transfer().sendStateTo(peer);
  }

  /** The stable checkpoint's proof, or null before the first. */
  public CheckpointProof stableCheckpoint() {
    return log.checkpoints().stable();
  }

  /** Adopts a stable checkpoint proven elsewhere (a new ballot's base, in Byzantine mode). */
  public void adoptStable(CheckpointProof proof) {
    log.checkpoints().makeStable(proof);
  }

  // ---------------------------------------------------------------- reads outside the log

  /** Answers {@code read} from the state as executed now. */
  public void answerRead(Read read) {
    log.answerRead(read);
  }

  /** Refuses {@code read}: the client tries elsewhere, or through the log. */
  public void refuseRead(Read read) {
    log.refuseRead(read);
  }

  // ---------------------------------------------------------------- client requests

  /** The next batch the batching rule releases, or null. */
  public Batch nextBatch() {
    Batch next = log.requests().nextBatch(log.now());
    if (next == null && log.configurations().latestFrom() > log.chosen().chosenThrough() + 1) {
      // A change is pending: fill the slots up to its activation with no-ops, so an idle cluster
      // still reaches the new configuration (Lamport's alpha slots must pass for it to count).
      return Batch.NOOP;
    }
    return next;
  }
}
