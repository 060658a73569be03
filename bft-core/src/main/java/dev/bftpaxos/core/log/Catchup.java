package dev.bftpaxos.core.log;

import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.LogMessage.FetchSlots;
import java.util.ArrayList;
import java.util.List;

/**
 * Catch-up of chosen slots, the same in both modes. The agreement says when this replica learns that
 * slots are chosen somewhere up to some slot ({@link #claim}: from a leader's commit index in crash
 * mode, from verified votes in Byzantine mode); while it has not chosen them itself it asks the
 * replica that told it, at most once per {@code retransmitTicks}, moving on to the next replica when
 * one cannot help. Fetched slots carry proofs that the mode checks (crash mode: the sender's word).
 */
final class Catchup {
  private final ReplicatedLog log;
  private final PeerThrottle answered;
  private long knownChosenThrough;
  private int source = -1;
  private long retryTick;
  /** Whether the last fetch to {@link #source} is still unanswered. */
  private boolean awaitingSource;
  /** Quiet-cluster news: this replica's chosen prefix when last looked at, and since when. */
  private long lastChosenThrough;
  private long chosenSinceTick;
  private long lastNewsTick;

  Catchup(ReplicatedLog log) {
    this.log = log;
    this.answered = new PeerThrottle(log.n(), log.config().limits().fetchAnswerIntervalTicks(),
        log.config().limits().fetchAnswersPerIntervalMax());
  }

  /**
   * Replica {@code from} knows every slot through {@code through} chosen (or, where the mode does
   * not trust claims, has seen traffic for them). A claim the mode trusts is fetched at once; a
   * mere hint waits one retransmission period first, in which the slots usually arrive by
   * themselves.
   */
  void claim(int from, long through) {
    long bound = log.checkpoints().stableSlot() + log.config().limits().slotsAheadMax();
    long t = Math.min(through, bound);
    if (t <= knownChosenThrough) {
      return;
    }
    if (knownChosenThrough <= log.chosen().chosenThrough() && !log.mode().trustsChosenClaims()) {
      retryTick = Math.max(retryTick, log.now() + log.config().retransmitTicks());
    }
    knownChosenThrough = t;
    source = from;
  }

  /** Whether this replica knows of chosen slots beyond its window: it cannot vote its way there. */
  boolean lagsBeyondWindow() {
    return knownChosenThrough > log.chosen().window().high();
  }

  long knownChosenThrough() {
    return knownChosenThrough;
  }

  /**
   * Where agreement messages are the only news of chosen slots (Byzantine mode: verified PROPOSE,
   * ACCEPT and COMMIT hint at them), a cluster with no requests tells a replica that restarted or
   * was cut off nothing: it would stay behind until the next request. So a replica whose chosen
   * prefix has not moved for {@code electionTimeoutTicks} tells its peers, once per that period,
   * how far it has chosen (an empty {@link ChosenSlots}); a peer behind takes it as a hint and
   * fetches certified slots (or the state). Busy clusters send none of these.
   */
  void onTick() {
    long through = log.chosen().chosenThrough();
    if (through != lastChosenThrough) {
      lastChosenThrough = through;
      chosenSinceTick = log.now();
      return;
    }
    long quiet = log.config().electionTimeoutTicks();
    if (log.mode().trustsChosenClaims() || log.now() - chosenSinceTick < quiet || log.now() - lastNewsTick < quiet) {
      return;
    }
    lastNewsTick = log.now();
    log.broadcast(new ChosenSlots(log.id(), List.of(), through));
  }

  void maybeFetch() {
    long through = log.chosen().chosenThrough();
    if (log.transfer().pending() || through >= knownChosenThrough || source < 0 || log.now() < retryTick) {
      return;
    }
    if ((log.configurations().allMembers() & (1L << source)) == 0) {
      // The source left every configuration held (removed): its answers are refused unread, so it
      // would never be seen to fail to help. Byzantine reconfiguration, seed 5 with faulty replicas.
      source = nextAfter(source);
    } else if (awaitingSource && !log.mode().trustsChosenClaims()) {
      // Where a claim is only a hint, the hinter may be a faulty replica that never answers, and a
      // later claim of the same slots by a correct one does not replace it as the source: a fetch
      // a retransmission period unanswered goes to the next replica (Byzantine reconfiguration with
      // a lying acceptor, seed 9: the lagging replica asked it forever).
      source = nextAfter(source);
    }
    awaitingSource = true;
    retryTick = log.now() + log.config().retransmitTicks();
    long to = Math.min(knownChosenThrough, through + log.config().catchupSlotsMax());
    log.send(source, new FetchSlots(log.id(), through + 1, to));
  }

  void serve(FetchSlots fs) {
    if (fs.fromSlot() < 1 || fs.toSlot() < fs.fromSlot()) {
      log.reject("fetch for an empty or malformed slot range");
      return;
    }
    if (fs.fromSlot() - log.checkpoints().stableSlot() > log.config().limits().slotsAheadMax()) {
      log.reject("fetch for slots too far above the stable checkpoint");
      return;
    }
    if (!answered.allow(fs.from(), log.now())) {
      log.reject("slots asked for again within fetchAnswerIntervalTicks");
      return;
    }
    long stable = log.checkpoints().stableSlot();
    if (fs.fromSlot() <= stable) {
      log.transfer().sendStateTo(fs.from());
    }
    SlotWindow<ChosenLog.Entry> chosen = log.chosen().window();
    long first = Math.max(fs.fromSlot(), stable + 1);
    // Every bound below is local (first is at most slotsAheadMax above the checkpoint, so nothing
    // overflows): the range a peer names only narrows what is sent.
    long last = Math.min(Math.min(fs.toSlot(), chosen.highest()), first - 1 + log.config().catchupSlotsMax());
    List<CommitProof> proofs = new ArrayList<>();
    long bytes = 0;
    for (long s = first; s <= last && bytes < log.config().limits().catchupReplyBytesMax(); s++) {
      ChosenLog.Entry e = chosen.get(s);
      if (e != null) {
        proofs.add(e.proof() != null ? e.proof() : new CommitProof(0, s, BatchDigest.of(e.batch()), e.batch(), List.of()));
        bytes += e.batch().sizeBytes() + 64L;
      }
    }
    log.send(fs.from(), new ChosenSlots(log.id(), proofs, log.chosen().chosenThrough()));
  }

  void onReply(ChosenSlots cs) {
    long throughBefore = log.chosen().chosenThrough();
    for (CommitProof p : cs.slots()) {
      if (p == null || p.batch() == null || p.digest() == null) {
        log.reject("fetched slot without a batch or digest");
        continue;
      }
      if (!log.chosen().window().contains(p.slot()) || log.chosen().isChosen(p.slot())) {
        continue;
      }
      Batch batch = p.batch();
      if (!BatchDigest.of(batch).equals(p.digest())) {
        log.reject("fetched slot whose batch does not hash to its digest");
        continue;
      }
      String bad = log.mode().checkChosenProof(p);
      if (bad != null) {
        log.reject("fetched commit certificate does not verify");
        continue;
      }
      log.chooseFromPeer(p.slot(), batch, p.signatures().isEmpty() ? null : p);
    }
    // Help is what moves the chosen prefix: slots past a gap this peer also lacks leave this
    // replica waiting as before, so the next fetch goes to another replica.
    boolean progress = log.chosen().chosenThrough() > throughBefore;
    boolean peerKnowsMore = cs.chosenThrough() > log.chosen().chosenThrough();
    boolean fromSource = cs.from() == source;
    if (log.mode().trustsChosenClaims()) {
      claim(cs.from(), cs.chosenThrough());
    } else if (cs.chosenThrough() > log.chosen().chosenThrough()) {
      // Only a hint (the slots it fetches must carry certificates), and never past this
      // replica's window: a faulty peer's inflated claim costs at most a fetch per period.
      claim(cs.from(), Math.min(cs.chosenThrough(), log.chosen().window().high()));
    }
    if (fromSource && !progress && (!peerKnowsMore || !log.mode().trustsChosenClaims())) {
      // It could not help (and, where claims are only hints, it gets no second chance to say so).
      source = nextAfter(source);
    }
    if (fromSource) {
      awaitingSource = false;
      retryTick = log.now(); // the answer to the last fetch is in: the next may go at once
    }
  }

  /** The next member of a configuration held after {@code peer}, other than this replica. */
  private int nextAfter(int peer) {
    long members = log.configurations().allMembers() & ~(1L << log.id());
    int next = peer;
    for (int i = 0; i < log.n(); i++) {
      next = (next + 1) % log.n();
      if ((members & (1L << next)) != 0) {
        return next;
      }
    }
    return (peer + 1) % log.n() == log.id() ? (peer + 2) % log.n() : (peer + 1) % log.n();
  }
}
