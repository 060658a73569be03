package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.bft.BallotPhase.Changing;
import dev.bftpaxos.core.bft.BallotPhase.InBallot;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.log.LogServices;
import dev.bftpaxos.core.log.SlotWindow;
import dev.bftpaxos.core.log.VoteTally;
import dev.bftpaxos.core.mode.Agreement;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byzantine mode's agreement (protocol.md, "Paxos with signed accept certificates"): signed
 * PROPOSE, ACCEPT and COMMIT, accept and commit certificates from quorums of ceil((n+f+1)/2), and a
 * ballot change whose NEW-BALLOT every acceptor recomputes from the signed promises inside it. It
 * decides slots (with their commit certificates); the shared log executes them.
 */
public final class ByzantinePaxos implements Agreement, ByzantineMessage.Handler {
  /**
   * Ballot-change timeouts double per failed ballot up to this many times (16x): enough to let a
   * slow but correct leader finish, small enough that a ballot led by a faulty replica stalls the
   * cluster for seconds at most. (Replicas do not rely on the back-off to meet in one ballot: a
   * ballot change's timer runs only while a quorum is in the ballot, see {@link #onTick}.)
   */
  static final int TIMEOUT_DOUBLINGS_MAX = 4;

  /** A client's oldest unexecuted request this replica holds: its seq and when it arrived. */
  private record RequestTimer(long seq, long sinceTick) {}

  private final LogServices log;
  private final ByzantineKeys keys;
  private final Proofs proofs;
  private final ByzantineRules rules;
  /** Whose key checks and signs what, by the configuration governing each slot. */
  private final ConfigurationKeys configurations;
  private final int id;
  /** The universe: replica ids 0..n-1 exist; quorums are never computed from it. */
  private final int n;
  private final SlotWindow<ByzSlot> slots;

  private long ballot;
  private BallotPhase phase;
  private int failedBallots;
  private long nextSlot = 1;
  /**
   * The highest ballot each replica is known to have reached, from what it signed in a ballot (its
   * promise, ACCEPT or NEW-BALLOT, and the promises inside a verified NEW-BALLOT). A correct
   * replica's ballot never goes down, so this is a lower bound on where it is now. Volatile.
   */
  private final long[] reachedBallot;
  /** Each replica's latest verified promise (one per signer: a faulty one cannot fill more). */
  private final TreeMap<Integer, BallotPromise> promises = new TreeMap<>();
  /** At most {@code pendingRequestsMax} clients, each with one timer. */
  private final HashMap<Long, RequestTimer> requestTimers = new HashMap<>();
  private long lastRetransmitTick;

  ByzantinePaxos(LogServices log, ByzantineKeys keys, Proofs proofs, ByzantineRules rules, DurableState durable) {
    this.log = log;
    this.keys = keys;
    this.proofs = proofs;
    this.rules = rules;
    this.configurations = proofs.configurations();
    this.id = log.id();
    this.n = log.replicas();
    Invariants.check(keys.signer().signerId() == id, "replica %d holds the key of %d", id, keys.signer().signerId());
    this.slots = log.newSlotWindow();
    this.reachedBallot = new long[n];
    Arrays.fill(reachedBallot, -1);
    recover(durable);
  }

  private void recover(DurableState durable) {
    ballot = Math.max(0, durable.promised());
    durable.accepted().forEach((slot, vote) -> {
      if (log.inWindow(slot)) {
        ByzSlot s = slot(slot);
        s.myVoteBallot = vote.ballot();
        s.myVoteDigest = BatchDigest.of(vote.batch());
        s.proposalBallot = vote.ballot();
        s.proposal = vote.batch();
        s.proposalDigest = s.myVoteDigest;
        dev.bftpaxos.crypto.Signer signer = configurations.signerAt(slot);
        s.myAcceptSignature = signer == null ? null
            : signer.sign(Statements.accept(keys.configId(), vote.ballot(), slot, s.myVoteDigest));
      }
    });
    durable.prepared().forEach((slot, proof) -> {
      if (log.inWindow(slot)) {
        slot(slot).prepared = proof;
      }
    });
    NewBallot nb = durable.newBallot();
    long startLast = 0;
    if (ballot == 0) {
      phase = new InBallot(null, 0, 1L << id);
    } else if (nb != null && nb.ballot() == ballot) {
      startLast = Reproposals.compute(nb.promises()).lastSlot();
      phase = new InBallot(nb, startLast, 1L << id);
    } else {
      phase = new Changing(changeTimeout(), log.now());
    }
    long highestOwnVote = log.low();
    for (long s = log.low() + 1; s <= slots.highest(); s++) {
      ByzSlot st = slots.get(s);
      if (st != null && st.myVoteBallot == ballot) {
        highestOwnVote = s;
      }
    }
    nextSlot = Math.max(highestOwnVote, startLast) + 1;
    if (phase instanceof Changing) {
      // Promises are volatile: rebuild this replica's own from the persisted certificates, so it
      // keeps re-sending it. Without it the others never learn this replica is in the ballot, and a
      // ballot change waiting for a quorum would wait forever.
      storePromise(ownPromise());
    }
  }

  // ================================================================ dispatch

  @Override
  public void onMessage(Message m) {
    if (!(m instanceof ByzantineMessage b)) {
      log.reject("crash-mode message in Byzantine mode");
      return;
    }
    if (m.ballot() > ballot + log.config().limits().ballotsAheadMax()) {
      log.reject("ballot too far above this replica's");
      return;
    }
    b.dispatch(this);
  }

  // ================================================================ normal case

  @Override
  public void afterStep() {
    if (isActiveLeader()) {
      proposeQueued();
    }
  }

  private void proposeQueued() {
    while (nextSlot - 1 - log.executedThrough() < log.config().pipelineSlots() && log.inWindow(nextSlot)) {
      String cannot = cannotVote(nextSlot);
      if (cannot != null) {
        if (cannot.equals(NOT_COVERED)) {
          log.reject("leader's ballot does not cover the next slot's configuration: changing ballot");
          startBallotChange(ballot + 1);
        }
        return;
      }
      Batch batch = log.nextBatch();
      if (batch == null) {
        return;
      }
      long slot = nextSlot++;
      Digest32 d = BatchDigest.of(batch);
      byte[] sig = configurations.signerAt(slot).sign(Statements.propose(keys.configId(), ballot, slot, d));
      log.broadcast(new Propose(id, ballot, slot, batch, sig));
      ByzSlot s = slot(slot);
      s.proposalBallot = ballot;
      s.proposal = batch;
      s.proposalDigest = d;
      s.proposalSignature = sig;
      vote(slot, s, batch, d);
    }
  }

  @Override
  public void onPropose(Propose p) {
    if (p.from() != leaderOf(p.ballot())) {
      log.reject("propose from a replica that does not lead its ballot");
      return;
    }
    if (p.ballot() != ballot || !(phase instanceof InBallot in)) {
      log.reject("propose outside the current ballot");
      return;
    }
    if (!log.inWindow(p.slot()) || p.batch() == null || p.batch().requests().size() > log.config().batchCountMax()
        || p.batch().sizeBytes() > log.config().batchBytesMax()) {
      log.reject("propose outside the window or oversized");
      return;
    }
    if (in.start != null && p.slot() <= in.startLast) {
      log.reject("propose for a slot the new ballot already fixed");
      return;
    }
    if (!configurations.knowsConfigurationOf(p.slot())) {
      log.reject("propose for a slot whose configuration is not known here yet");
      return;
    }
    Digest32 d = BatchDigest.of(p.batch());
    if (!configurations.verifyAt(p.slot(), p.from(), Statements.propose(keys.configId(), p.ballot(), p.slot(), d),
        p.signature())) {
      log.reject("propose with a bad signature, or from a non-member of the slot's configuration");
      return;
    }
    if (!covers(in, p.slot())) {
      // The ballot's phase 1 did not reach a quorum of this slot's configuration (a change became
      // active under it): a value chosen there in a lower ballot could have been missed.
      log.reject("propose in a ballot that does not cover the slot's configuration: changing ballot");
      startBallotChange(ballot + 1);
      return;
    }
    log.claimChosen(p.from(), p.slot() - 1);
    ByzSlot s = slot(p.slot());
    switch (rules.votes().onProposal(s.proposalBallot, s.proposalDigest, p.ballot(), d)) {
      case IGNORE -> {
        return;
      }
      case EQUIVOCATION -> {
        log.reject("leader equivocated: two proposals for one slot");
        startBallotChange(ballot + 1);
        return;
      }
      case VOTE -> { }
    }
    for (Request r : p.batch().requests()) {
      if (!rules.proofs().requestSigned(r, proofs)) {
        log.reject("proposal holds a request without a valid client signature");
        return;
      }
    }
    s.proposalBallot = p.ballot();
    s.proposal = p.batch();
    s.proposalDigest = d;
    vote(p.slot(), s, p.batch(), d);
  }

  /** Signs ACCEPT for {@code d} in the current ballot, unless the vote rule says it signed one already. */
  private void vote(long slot, ByzSlot s, Batch batch, Digest32 d) {
    if (!rules.votes().mayVote(s.myVoteBallot, ballot)) {
      return;
    }
    String cannot = cannotVote(slot);
    if (cannot != null) {
      log.reject("no ACCEPT: " + cannot);
      return;
    }
    Invariants.check(configurations.at(slot).contains(id), "replica %d votes in slot %d outside its configuration",
        id, slot);
    log.persist(new PersistOp.SaveVote(ballot, slot, batch));
    rules.votes().voted(s.myVoteBallot, ballot);
    s.myVoteBallot = ballot;
    s.myVoteDigest = d;
    s.myAcceptSignature = configurations.signerAt(slot).sign(Statements.accept(keys.configId(), ballot, slot, d));
    log.broadcast(new SignedAccept(id, ballot, slot, d, s.myAcceptSignature));
    s.accepts.add(new VoteKey(ballot, d), id, s.myAcceptSignature);
    checkPrepared(slot, s);
  }

  @Override
  public void onAccept(SignedAccept a) {
    if (!log.inWindow(a.slot()) || a.digest() == null) {
      log.reject("accept outside the window");
      return;
    }
    if (!configurations.knowsConfigurationOf(a.slot()) || !configurations.at(a.slot()).contains(a.from())) {
      log.reject("accept from a non-member of the slot's configuration, or for a slot whose configuration is not known");
      return;
    }
    if (!configurations.verifyAt(a.slot(), a.from(),
        Statements.accept(keys.configId(), a.ballot(), a.slot(), a.digest()), a.signature())) {
      log.reject("accept with a bad signature");
      return;
    }
    reached(a.from(), a.ballot());
    if (a.ballot() == ballot && phase instanceof InBallot in) {
      in.joined |= 1L << a.from();
    }
    log.claimChosen(a.from(), a.slot() - 1);
    if (log.isChosen(a.slot())) {
      return;
    }
    ByzSlot s = slot(a.slot());
    if (count(s.accepts, new VoteKey(a.ballot(), a.digest()), a.from(), a.signature())) {
      checkPrepared(a.slot(), s);
    }
  }

  /** Forms an accept certificate from a quorum of matching ACCEPTs, then says so with a COMMIT. */
  private void checkPrepared(long slot, ByzSlot s) {
    Configuration c = configurations.at(slot);
    int quorum = proofs.quorum(c);
    for (Map.Entry<VoteKey, TreeMap<Integer, byte[]>> e : s.accepts.all().entrySet()) {
      VoteKey k = e.getKey();
      if (members(e.getValue(), c) < quorum || !rules.votes().replacesPrepared(s.prepared, k.ballot(), k.digest())) {
        continue;
      }
      Batch batch = s.batchFor(k.digest());
      if (batch == null) {
        continue;
      }
      s.prepared = new AcceptProof(k.ballot(), slot, k.digest(), batch, firstQuorum(e.getValue(), c, quorum));
      log.persist(new PersistOp.SavePrepared(s.prepared));
    }
    // COMMIT only for the current ballot and never after promising a higher one: a COMMIT is a
    // claim the next promise must be able to report, or a new leader could miss a chosen value.
    if (s.prepared == null || !(phase instanceof InBallot) || s.prepared.ballot() != ballot
        || !rules.votes().mayCommit(s.myCommitBallot, s.myCommitDigest, s.prepared) || cannotVote(slot) != null) {
      return;
    }
    AcceptProof p = s.prepared;
    Invariants.check(p.slot() == slot && p.ballot() == ballot, "COMMIT for slot %d names the certificate of slot %d",
        slot, p.slot());
    s.myCommitBallot = p.ballot();
    s.myCommitDigest = p.digest();
    s.myCommitSignature = configurations.signerAt(slot).sign(Statements.commit(keys.configId(), p.ballot(), slot,
        p.digest()));
    log.broadcast(new SignedCommit(id, p.ballot(), slot, p.digest(), s.myCommitSignature));
    s.commits.add(new VoteKey(p.ballot(), p.digest()), id, s.myCommitSignature);
    checkCommitted(slot, s);
  }

  @Override
  public void onCommit(SignedCommit c) {
    if (!log.inWindow(c.slot()) || c.digest() == null) {
      if (c.slot() > log.low()) {
        log.reject("commit outside the window");
      }
      return;
    }
    if (!configurations.knowsConfigurationOf(c.slot()) || !configurations.at(c.slot()).contains(c.from())) {
      log.reject("commit from a non-member of the slot's configuration, or for a slot whose configuration is not known");
      return;
    }
    if (!configurations.verifyAt(c.slot(), c.from(),
        Statements.commit(keys.configId(), c.ballot(), c.slot(), c.digest()), c.signature())) {
      log.reject("commit with a bad signature");
      return;
    }
    log.claimChosen(c.from(), c.slot());
    if (log.isChosen(c.slot())) {
      return;
    }
    ByzSlot s = slot(c.slot());
    if (count(s.commits, new VoteKey(c.ballot(), c.digest()), c.from(), c.signature())) {
      checkCommitted(c.slot(), s);
    }
  }

  /** A quorum of matching COMMITs (with the batch at hand) is a commit certificate: the slot is chosen. */
  private void checkCommitted(long slot, ByzSlot s) {
    if (log.isChosen(slot)) {
      return;
    }
    Configuration c = configurations.at(slot);
    int quorum = proofs.quorum(c);
    for (Map.Entry<VoteKey, TreeMap<Integer, byte[]>> e : s.commits.all().entrySet()) {
      if (members(e.getValue(), c) < quorum) {
        continue;
      }
      Batch batch = s.batchFor(e.getKey().digest());
      if (batch == null) {
        continue; // the batch comes with a fetched certificate
      }
      List<SignerSignature> certificate = firstQuorum(e.getValue(), c, quorum);
      Invariants.check(certificate.size() == quorum, "commit certificate for slot %d with %d of %d members' votes",
          slot, certificate.size(), quorum);
      log.choose(slot, batch, new CommitProof(e.getKey().ballot(), slot, e.getKey().digest(), batch, certificate));
      return;
    }
  }

  /** Counts one signed vote in a per-signer-bounded tally; true if it was new. */
  private boolean count(VoteTally<VoteKey> tally, VoteKey key, int from, byte[] signature) {
    VoteTally.Added added = tally.add(key, from, signature);
    if (added == VoteTally.Added.REFUSED) {
      log.reject("vote below the signer's kept votes for the slot");
    }
    return added == VoteTally.Added.NEW;
  }

  // ================================================================ client requests and execution

  @Override
  public void onRequest(Request r) {
    RequestTimer timer = requestTimers.get(r.clientId());
    if (timer != null && timer.seq() >= r.seq()) {
      return;
    }
    if (timer == null && requestTimers.size() >= log.config().pendingRequestsMax()) {
      log.reject("too many clients waiting: no request timer started");
      return;
    }
    requestTimers.put(r.clientId(), new RequestTimer(r.seq(), log.now()));
  }

  /**
   * PBFT's read-only optimisation: every replica answers a linearizable read at once from what it
   * executed (only committed slots are ever executed here); the client needs a quorum of matching
   * answers, else it reads through the log. Byzantine mode has no leases.
   */
  @Override
  public void onRead(Read r) {
    if (r.kind() == Read.Kind.LINEARIZABLE) {
      log.answerRead(r);
    } else {
      log.reject("lease read in Byzantine mode: refused");
      log.refuseRead(r);
    }
  }

  @Override
  public void onExecuted(Executed e) {
    for (Request r : e.batch().requests()) {
      RequestTimer timer = requestTimers.get(r.clientId());
      if (timer != null && timer.seq() <= r.seq()) {
        requestTimers.remove(r.clientId());
      }
    }
    if (!e.batch().isNoop()) {
      failedBallots = 0;
    }
  }

  // ================================================================ ballot change

  @Override
  public void onTick() {
    long now = log.now();
    if (phase instanceof Changing ch) {
      Configuration latest = log.latestConfiguration();
      if (!rules.timer().runs(replicasReached(ballot, latest), proofs.quorum(latest))) {
        // Fewer than a quorum are in this ballot or past it, so it could not have started yet: wait
        // here (re-sending the promise) instead of moving on alone. The timer runs from the moment a
        // quorum is here. Otherwise one replica alone can stay a ballot ahead of the others forever.
        ch.deadline = now + ch.timeoutTicks;
      } else if (now >= ch.deadline) {
        log.reject("ballot change timed out");
        startBallotChange(ballot + 1);
      }
    } else if (now % log.config().retransmitTicks() == 0 && log.isMember() && requestOverdue()) {
      // A replica outside the last configuration never suspects the leader: like crash mode's, it
      // does not campaign, and it would only run ballots alone.
      log.reject("request timer expired: suspecting the leader");
      startBallotChange(ballot + 1);
    }
    if (now - lastRetransmitTick >= log.config().retransmitTicks()) {
      lastRetransmitTick = now;
      retransmit();
    }
  }

  private boolean requestOverdue() {
    long timeout = (long) log.config().electionTimeoutTicks() << Math.min(failedBallots, TIMEOUT_DOUBLINGS_MAX);
    for (RequestTimer t : requestTimers.values()) {
      if (log.now() - t.sinceTick() > timeout) {
        return true;
      }
    }
    return false;
  }

  private long changeTimeout() {
    return ((long) log.config().electionTimeoutTicks() << Math.min(failedBallots, TIMEOUT_DOUBLINGS_MAX))
        + log.random().nextInt(log.config().heartbeatTicks());
  }

  /** Records that replica {@code r} signed something in ballot {@code b}. */
  private void reached(int r, long b) {
    if (r >= 0 && r < n && b > reachedBallot[r]) {
      reachedBallot[r] = b;
    }
  }

  /** How many members of {@code c} (this one included) are known to have reached ballot {@code b} or a higher one. */
  private int replicasReached(long b, Configuration c) {
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (c.contains(r) && (r == id ? ballot >= b : reachedBallot[r] >= b)) {
        count++;
      }
    }
    return count;
  }

  /** Moves to {@code target} (never down): persists the promise, then sends it with its proofs. */
  private void startBallotChange(long target) {
    if (target <= ballot) {
      return;
    }
    ballot = target;
    failedBallots++;
    phase = new Changing(changeTimeout(), log.now());
    log.persist(new PersistOp.SavePromise(ballot));
    restartRequestTimers();
    BallotPromise promise = ownPromise();
    log.broadcast(promise);
    storePromise(promise);
    maybeStartNewBallot();
  }

  private BallotPromise ownPromise() {
    List<AcceptProof> accepted = new ArrayList<>();
    for (long s = log.low() + 1; s <= slots.highest(); s++) {
      ByzSlot st = slots.get(s);
      if (st != null && st.prepared != null && st.prepared.ballot() < ballot) {
        accepted.add(st.prepared);
      }
    }
    BallotPromise unsigned = new BallotPromise(id, ballot, log.stableCheckpoint(), accepted, new byte[0]);
    byte[] sig = configurations.ballotSigner().sign(proofs.promiseStatement(unsigned));
    return new BallotPromise(id, ballot, log.stableCheckpoint(), accepted, sig);
  }

  @Override
  public void onPromise(BallotPromise p) {
    if (p.ballot() < ballot) {
      return; // stale: this replica has moved on
    }
    if (!configurations.verifyAnyHeld(p.from(), proofs.promiseStatement(p), p.signature())) {
      log.reject("promise with a bad signature");
      return;
    }
    storePromise(p);
    if (p.ballot() > ballot) {
      joinIfFPlusOneAhead();
    }
    maybeStartNewBallot();
  }

  private void storePromise(BallotPromise p) {
    reached(p.from(), p.ballot());
    BallotPromise held = promises.get(p.from());
    if (held == null || p.ballot() >= held.ballot()) {
      promises.put(p.from(), p);
    }
  }

  /**
   * f+1 members of the last configuration moving past this ballot include a correct one: follow them
   * to the lowest such ballot (f of that configuration; promises of others do not count here).
   */
  private void joinIfFPlusOneAhead() {
    Configuration latest = log.latestConfiguration();
    int f = latest.byzantineF();
    long lowest = Long.MAX_VALUE;
    int ahead = 0;
    for (BallotPromise p : promises.values()) {
      if (p.ballot() > ballot && latest.contains(p.from())) {
        ahead++;
        lowest = Math.min(lowest, p.ballot());
      }
    }
    if (ahead >= f + 1) {
      startBallotChange(lowest);
    }
  }

  private void maybeStartNewBallot() {
    if (!(phase instanceof Changing ch) || ch.newBallotSent || leaderOf(ballot) != id || !log.isMember()) {
      return;
    }
    // Every valid promise of the ballot (at most one per replica of the universe): the NEW-BALLOT
    // must hold a quorum of every configuration from the ballot's start on, not one quorum.
    List<BallotPromise> valid = new ArrayList<>();
    long promisers = 0;
    for (BallotPromise p : promises.values()) {
      if (p.ballot() == ballot && (p.from() == id || proofs.checkPromise(p) == null)) {
        valid.add(p);
        promisers |= 1L << p.from();
      }
    }
    if (!enoughPromisers(promisers)) {
      return;
    }
    Reproposals.Plan plan = Reproposals.compute(valid);
    NewBallot unsigned = new NewBallot(id, ballot, valid, plan.reproposals(), new byte[0]);
    NewBallot signed = new NewBallot(id, ballot, valid, plan.reproposals(),
        configurations.ballotSigner().sign(proofs.newBallotStatement(unsigned)));
    ch.newBallotSent = true;
    log.broadcast(signed);
    enterBallot(signed, plan);
  }

  @Override
  public void onNewBallot(NewBallot m) {
    if (m.ballot() < ballot || (m.ballot() == ballot && !(phase instanceof Changing))) {
      return; // stale, or the ballot already started here
    }
    if (m.from() != leaderOf(m.ballot())
        || !configurations.verifyAnyHeld(m.from(), proofs.newBallotStatement(m), m.signature())) {
      log.reject("new ballot from a non-leader or with a bad signature");
      return;
    }
    reached(m.from(), m.ballot());
    NewBallotRule.Verdict verdict = rules.newBallots().judge(m, proofs, this::enoughPromisers, n);
    if (verdict.refused()) {
      log.reject("new ballot rejected: " + verdict.reason());
      if (m.ballot() == ballot) {
        // The leader of the ballot this replica is changing to is faulty: move on. A bad NEW-BALLOT
        // for a ballot above this replica's proves nothing about that ballot and moves nothing.
        startBallotChange(ballot + 1);
      }
      return;
    }
    for (BallotPromise p : verdict.verifiedPromises()) {
      reached(p.from(), p.ballot());
    }
    enterBallot(m, verdict.plan());
  }

  private void enterBallot(NewBallot m, Reproposals.Plan plan) {
    if (m.ballot() > ballot) {
      ballot = m.ballot();
      log.persist(new PersistOp.SavePromise(ballot));
    }
    phase = new InBallot(m, plan.lastSlot(), 1L << id);
    log.persist(new PersistOp.SaveNewBallot(m));
    if (plan.base() != null && plan.base().slot() > log.low()) {
      log.adoptStable(plan.base());
    }
    for (Reproposal r : plan.reproposals()) {
      if (r.slot() <= log.low()) {
        continue;
      }
      if (!log.inWindow(r.slot())) {
        log.reject("re-proposal above the window");
        continue;
      }
      ByzSlot s = slot(r.slot());
      s.proposalBallot = ballot;
      s.proposal = r.batch();
      s.proposalDigest = BatchDigest.of(r.batch());
      vote(r.slot(), s, r.batch(), s.proposalDigest);
    }
    nextSlot = Math.max(plan.lastSlot(), log.low()) + 1;
    restartRequestTimers();
  }

  private void restartRequestTimers() {
    requestTimers.replaceAll((client, t) -> new RequestTimer(t.seq(), log.now()));
  }

  /** Re-sends this replica's part for slots still open, so lost messages cannot stall a slot forever. */
  private void retransmit() {
    if (phase instanceof Changing) {
      BallotPromise mine = promises.get(id);
      if (mine != null && mine.ballot() == ballot) {
        log.broadcast(mine);
      }
      return;
    }
    InBallot in = (InBallot) phase;
    boolean leading = leaderOf(ballot) == id;
    if (in.start != null && leading) {
      // A replica that missed NEW-BALLOT (lost, or it restarted) cannot join without it.
      long members = log.allMembers();
      for (int peer = 0; peer < n; peer++) {
        if (peer != id && (in.joined & (1L << peer)) == 0 && (members & (1L << peer)) != 0) {
          log.send(peer, in.start);
        }
      }
    }
    long now = log.now();
    for (long slot = log.low() + 1; slot <= slots.highest(); slot++) {
      ByzSlot s = slots.get(slot);
      if (s == null || log.isChosen(slot) || now - s.lastRetransmitTick < log.config().retransmitTicks()) {
        continue;
      }
      s.lastRetransmitTick = now;
      if (leading && s.proposalBallot == ballot && s.proposalSignature != null && slot > in.startLast) {
        log.broadcast(new Propose(id, ballot, slot, s.proposal, s.proposalSignature));
      }
      if (s.myVoteBallot >= 0 && s.myAcceptSignature != null) {
        log.broadcast(new SignedAccept(id, s.myVoteBallot, slot, s.myVoteDigest, s.myAcceptSignature));
      }
      if (s.myCommitSignature != null) {
        log.broadcast(new SignedCommit(id, s.myCommitBallot, slot, s.myCommitDigest, s.myCommitSignature));
      }
    }
  }

  // ================================================================ the log's news

  @Override
  public void onStable(long slot) {
    nextSlot = Math.max(nextSlot, slot + 1);
  }

  @Override
  public void onStateInstalled(long slot) {
    nextSlot = Math.max(nextSlot, slot + 1);
  }

  /** Commit certificates prove themselves: learning one from a peer changes nothing here. */
  @Override
  public void onLearnedFromPeer(long slot) {}

  // ================================================================ helpers

  private int leaderOf(long b) {
    return (int) Math.floorMod(b, (long) n);
  }

  private ByzSlot slot(long slot) {
    return slots.getOrCreate(slot, () -> new ByzSlot(log.config().limits().votesPerSignerMax()));
  }

  /** The first {@code quorum} votes of members of {@code c}: votes of others never count. */
  private static List<SignerSignature> firstQuorum(TreeMap<Integer, byte[]> votes, Configuration c, int quorum) {
    List<SignerSignature> sigs = new ArrayList<>(quorum);
    Iterator<Map.Entry<Integer, byte[]>> it = votes.entrySet().iterator();
    while (sigs.size() < quorum && it.hasNext()) {
      Map.Entry<Integer, byte[]> e = it.next();
      if (c.contains(e.getKey())) {
        sigs.add(new SignerSignature(e.getKey(), e.getValue()));
      }
    }
    return sigs;
  }

  /** How many of {@code votes}' signers are members of {@code c}. */
  private static int members(TreeMap<Integer, byte[]> votes, Configuration c) {
    int count = 0;
    for (Integer signer : votes.keySet()) {
      if (c.contains(signer)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Whether {@code promisers} hold a quorum of every configuration governing a slot from this
   * replica's stable checkpoint on: the slots a ballot started now can still decide here (crash
   * mode's LogServices.quorumOfEvery, with the Byzantine quorum).
   */
  private boolean enoughPromisers(long promisers) {
    return log.quorumOfEvery(log.low() + 1, promisers, proofs::quorum);
  }

  /** Why this replica may not sign ACCEPT or COMMIT for {@code slot} in the current ballot, or null. */
  private String cannotVote(long slot) {
    if (!configurations.knowsConfigurationOf(slot)) {
      return "the slot's configuration is not known here yet";
    }
    if (configurations.signerAt(slot) == null) {
      return "not a member of the slot's configuration (or without its key there)";
    }
    if (phase instanceof InBallot in && !covers(in, slot)) {
      return NOT_COVERED;
    }
    return null;
  }

  private static final String NOT_COVERED = "the ballot's phase 1 did not reach a quorum of the slot's configuration";

  /** Ballot 0 needs no phase 1 (nothing was accepted before it); any other is as wide as its promisers. */
  private boolean covers(InBallot in, long slot) {
    if (in.start == null) {
      return true;
    }
    Configuration c = configurations.at(slot);
    return c.countMembers(in.promisers) >= proofs.quorum(c);
  }

  @Override
  public void checkInvariants() {
    Invariants.check(ballot >= 0, "negative ballot");
    Invariants.check(!isActiveLeader() || nextSlot > log.low(), "leader's next slot %d at or below stable %d",
        nextSlot, log.low());
    Invariants.check(promises.size() <= n && requestTimers.size() <= log.config().pendingRequestsMax(),
        "unbounded ballot-change state: %d promises, %d request timers", promises.size(), requestTimers.size());
  }

  // ================================================================ observation

  @Override
  public boolean isActiveLeader() {
    return phase instanceof InBallot && leaderOf(ballot) == id;
  }

  @Override
  public int leaderHint() {
    return phase instanceof InBallot ? leaderOf(ballot) : -1;
  }

  @Override
  public long ballot() {
    return ballot;
  }

  @Override
  public boolean changingBallot() {
    return phase instanceof Changing;
  }
}
