package dev.bftpaxos.core.log;

import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.LogMessage.FetchState;
import dev.bftpaxos.core.msg.LogMessage.StateSnapshot;
import dev.bftpaxos.crypto.Sha256;

/**
 * State transfer, the same in both modes: a replica whose stable checkpoint is above what it
 * executed asks a peer (rotating through them) for the snapshot, checks it against the checkpoint's
 * proof (the mode decides what proves it) and its digest, and installs it. Any replica answers with
 * its stable state, at most once per peer per {@code fetchAnswerIntervalTicks}.
 */
final class StateTransfer {
  private final ReplicatedLog log;
  private final PeerThrottle answered;
  private boolean pending;
  private long retryTick;
  private int target;
  /** The peer the last fetch went to, until it answers; -1 if none. */
  private int asked = -1;

  StateTransfer(ReplicatedLog log) {
    this.log = log;
    this.answered = new PeerThrottle(log.n(), log.config().limits().fetchAnswerIntervalTicks(),
        log.config().limits().fetchAnswersPerIntervalMax());
    this.target = (log.id() + 1) % log.n();
  }

  /** The stable checkpoint moved above what this replica executed: fetch the state. */
  void need() {
    pending = true;
    request();
  }

  boolean pending() {
    return pending;
  }

  void onTick() {
    if (pending && log.now() >= retryTick) {
      request();
    }
  }

  private void request() {
    retryTick = log.now() + log.config().retransmitTicks();
    asked = nextTarget();
    log.send(asked, new FetchState(log.id(), log.checkpoints().stableSlot()));
  }

  /**
   * The peer asked last answered with a snapshot that does not prove out: ask the next one at once
   * rather than after {@code retransmitTicks}, so a faulty peer's bad answer costs a round trip, not
   * a retransmission period (only the peer asked can cause this, once per fetch sent to it).
   */
  private void refused(int from) {
    if (pending && from == asked) {
      asked = -1;
      request();
    }
  }

  private int nextTarget() {
    if (log.n() == 1) {
      return log.id();
    }
    int t = target;
    do {
      target = (target + 1) % log.n();
    } while (target == log.id());
    return t == log.id() ? (t + 1) % log.n() : t;
  }

  void serve(FetchState fs) {
    if (fs.slot() > log.checkpoints().stableSlot()) {
      log.reject("state fetch for a checkpoint above this replica's");
      return;
    }
    sendStateTo(fs.from());
  }

  /** Sends this replica's stable state to {@code peer}, if it has one and did not just send it. */
  void sendStateTo(int peer) {
    byte[] snapshot = log.checkpoints().stableSnapshot();
    if (snapshot == null) {
      return;
    }
    if (!answered.allow(peer, log.now())) {
      log.reject("state asked for again within fetchAnswerIntervalTicks");
      return;
    }
    log.send(peer, new StateSnapshot(log.id(), log.checkpoints().stable(), snapshot));
  }

  void onSnapshot(StateSnapshot ss) {
    CheckpointProof p = ss.proof();
    if (p == null || ss.snapshot() == null || p.stateDigest() == null) {
      log.reject("state snapshot without a proof or a state");
      refused(ss.from());
      return;
    }
    if (p.slot() <= log.executor().executedThrough()) {
      return; // stale: this replica is there already
    }
    if (p.slot() - log.checkpoints().stableSlot() > log.config().limits().slotsAheadMax()) {
      log.reject("state snapshot too far above the stable checkpoint");
      return;
    }
    String bad = log.mode().checkCheckpointProof(p);
    if (bad != null || !Sha256.hash(ss.snapshot()).equals(p.stateDigest())) {
      log.reject("state snapshot that its checkpoint does not prove");
      refused(ss.from());
      return;
    }
    try {
      log.executor().restore(p.slot(), ss.snapshot());
    } catch (IllegalArgumentException e) {
      log.reject("state snapshot that does not decode");
      refused(ss.from());
      return;
    }
    log.persist(new PersistOp.SaveCheckpoint(p, ss.snapshot()));
    log.checkpoints().installed(p, ss.snapshot());
    pending = log.executor().executedThrough() < log.checkpoints().stableSlot();
    log.stateInstalled(p.slot());
  }
}
