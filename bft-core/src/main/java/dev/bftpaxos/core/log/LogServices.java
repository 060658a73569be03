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
    return log.requests().nextBatch(log.now());
  }
}
