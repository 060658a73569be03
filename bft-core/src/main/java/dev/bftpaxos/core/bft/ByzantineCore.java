package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.CrashRules;
import dev.bftpaxos.core.ProtocolRules;
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
import dev.bftpaxos.core.RequestQueue;
import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.ByzantineMessage.Checkpoint;
import dev.bftpaxos.core.msg.ByzantineMessage.CheckpointProof;
import dev.bftpaxos.core.msg.ByzantineMessage.CommitProof;
import dev.bftpaxos.core.msg.ByzantineMessage.FetchSlots;
import dev.bftpaxos.core.msg.ByzantineMessage.FetchState;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.ByzantineMessage.SlotCertificates;
import dev.bftpaxos.core.msg.ByzantineMessage.StateSnapshot;
import dev.bftpaxos.core.msg.ForwardedRequest;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Sha256;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Byzantine-mode replica (protocol.md, "Paxos with signed accept certificates"): n = 3f+1,
 * quorums of ceil((n+f+1)/2), every message signed, accept and commit certificates, ballot change
 * with proofs that every acceptor recomputes, checkpoints and state transfer. Execution, the client
 * table and batching are the same classes crash mode uses ({@link Executor}, {@link RequestQueue}).
 * Like {@code ReplicaCore} it does no I/O: it is driven through {@link #step}.
 */
public final class ByzantineCore implements Replica {
  private final int id;
  private final int n;
  private final int f;
  private final int quorum;
  private final CoreConfig config;
  private final ByzantineKeys keys;
  private final Proofs proofs;
  private final Randomness random;
  private final RejectionCounters rejections = new RejectionCounters();
  private final Executor executor;
  private final RequestQueue requests;
  /**
   * Ballot-change timeouts double per failed ballot up to this many times (16x): enough to let a
   * slow but correct leader finish, small enough that a ballot led by a faulty replica stalls the
   * cluster for seconds at most. (Replicas do not rely on the back-off to meet in one ballot: a
   * ballot change's timer runs only while a quorum is in the ballot, see {@link #onTick}.)
   */
  static final int TIMEOUT_DOUBLINGS_MAX = 4;

  /** Slots between two checkpoints; also the unit of the watermark window. */
  private final int checkpointSlots;
  /** How far above the stable checkpoint a slot may be: the high watermark. */
  private final int watermarkSlots;

  private long now;
  private long ballot;
  private boolean changing;
  private NewBallot ballotStart;
  private long ballotStartLast;
  private boolean newBallotSent;
  private int failedBallots;
  private long changeDeadline;
  /** The length of the current ballot change's timer, fixed when it starts (jitter included). */
  private long changeTimeoutTicks;
  /**
   * The highest ballot each replica is known to have reached, from what it signed in a ballot (its
   * promise, ACCEPT or NEW-BALLOT, and the promises inside a NEW-BALLOT). A correct replica's ballot
   * never goes down, so this is a lower bound on where it is now. Volatile: relearned from the
   * promises that replicas changing ballots re-send.
   */
  private final long[] reachedBallot;
  private long nextSlot = 1;

  private final TreeMap<Long, SlotState> slots = new TreeMap<>();
  private CheckpointProof stable;
  private byte[] stableSnapshot;
  private boolean needState;
  private final TreeMap<Long, Map<Digest32, TreeMap<Integer, byte[]>>> checkpointVotes = new TreeMap<>();
  private final TreeMap<Long, byte[]> ownSnapshots = new TreeMap<>();
  private final TreeMap<Long, byte[]> ownCheckpointSignatures = new TreeMap<>();
  private final TreeMap<Long, Map<Integer, BallotPromise>> promises = new TreeMap<>();
  private final HashMap<Integer, Long> latestPromiseBallot = new HashMap<>();
  private final HashMap<Long, long[]> requestTimers = new HashMap<>();
  private long highestSlotSeen;
  private long fetchRetryTick;
  private int fetchTarget;
  private long lastRetransmitTick;
  /** Bit i: replica i sent an ACCEPT in the current ballot (so it has joined it). */
  private long joinedBallot;

  private Output.Builder out;

  private final ProtocolRules rules;

  public ByzantineCore(int id, CoreConfig config, ByzantineKeys keys, StateMachine stateMachine, Randomness random,
      DurableState durable) {
    this(id, config, CrashRules.INSTANCE, keys, stateMachine, random, durable);
  }

  public ByzantineCore(int id, CoreConfig config, ProtocolRules rules, ByzantineKeys keys, StateMachine stateMachine,
      Randomness random, DurableState durable) {
    this.rules = rules;
    this.n = config.replicaCount();
    Invariants.check(id >= 0 && id < n, "replica id %d outside 0..%d", id, n - 1);
    Invariants.check(keys.signer().signerId() == id, "replica %d holds the key of %d", id, keys.signer().signerId());
    this.id = id;
    this.f = Quorums.f(n);
    this.quorum = Quorums.quorum(n);
    this.config = config;
    this.keys = keys;
    this.proofs = new Proofs(keys, quorum);
    this.random = random;
    this.executor = new Executor(id, stateMachine, config.clientsMax(), true, rejections,
        r -> r.withSignature(keys.signer().sign(
            Statements.reply(keys.configId(), r.clientId(), r.seq(), r.slot(), r.result()))));
    this.requests = new RequestQueue(config);
    this.checkpointSlots = config.checkpointSlots();
    this.watermarkSlots = 2 * checkpointSlots;
    this.fetchTarget = (id + 1) % n;
    this.reachedBallot = new long[n];
    java.util.Arrays.fill(reachedBallot, -1);
    recover(durable);
  }

  private void recover(DurableState durable) {
    ballot = Math.max(0, durable.promised());
    if (durable.checkpoint() != null && durable.checkpointSnapshot() != null) {
      stable = durable.checkpoint();
      stableSnapshot = durable.checkpointSnapshot();
      executor.restore(stable.slot(), stableSnapshot);
    }
    long stableSlot = stableSlot();
    durable.accepted().forEach((slot, vote) -> {
      if (slot > stableSlot) {
        SlotState s = slot(slot);
        s.myVoteBallot = vote.ballot();
        s.myVoteDigest = BatchDigest.of(vote.batch());
        s.proposalBallot = vote.ballot();
        s.proposal = vote.batch();
        s.proposalDigest = s.myVoteDigest;
        s.myAcceptSignature = keys.signer().sign(Statements.accept(keys.configId(), vote.ballot(), slot, s.myVoteDigest));
      }
    });
    durable.prepared().forEach((slot, proof) -> {
      if (slot > stableSlot) {
        slot(slot).prepared = proof;
      }
    });
    durable.committed().forEach((slot, proof) -> {
      if (slot > stableSlot) {
        slot(slot).committed = proof;
      }
    });
    NewBallot nb = durable.newBallot();
    if (ballot == 0) {
      changing = false;
    } else if (nb != null && nb.ballot() == ballot) {
      ballotStart = nb;
      ballotStartLast = Reproposals.compute(nb.promises()).lastSlot();
      changing = false;
    } else {
      changing = true;
      armChangeTimer();
    }
    long highestOwnVote = stableSlot;
    for (Map.Entry<Long, SlotState> e : slots.entrySet()) {
      if (e.getValue().myVoteBallot == ballot) {
        highestOwnVote = Math.max(highestOwnVote, e.getKey());
      }
      highestSlotSeen = Math.max(highestSlotSeen, e.getKey());
    }
    nextSlot = Math.max(highestOwnVote, ballotStartLast) + 1;
    if (changing) {
      // Promises are volatile: rebuild this replica's own from the persisted certificates, so it
      // keeps re-sending it. Without it the others never learn this replica is in the ballot, and a
      // ballot change waiting for a quorum would wait forever.
      storePromise(ownPromise());
    }
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
    }
    execute();
    if (isActiveLeader()) {
      proposeQueued();
    }
    checkInvariants();
    Output result = out.build();
    out = null;
    return result;
  }

  private void onMessage(Message m) {
    if (m.from() < 0 || m.from() >= n || m.from() == id) {
      rejections.count("unknown or self sender");
      return;
    }
    if (m instanceof Propose p) {
      onPropose(p);
    } else if (m instanceof SignedAccept a) {
      onAccept(a);
    } else if (m instanceof SignedCommit c) {
      onCommit(c);
    } else if (m instanceof Checkpoint c) {
      onCheckpoint(c);
    } else if (m instanceof BallotPromise p) {
      onPromise(p);
    } else if (m instanceof NewBallot b) {
      onNewBallot(b);
    } else if (m instanceof FetchSlots fs) {
      onFetchSlots(fs);
    } else if (m instanceof SlotCertificates sc) {
      onSlotCertificates(sc);
    } else if (m instanceof FetchState fs) {
      onFetchState(fs);
    } else if (m instanceof StateSnapshot ss) {
      onStateSnapshot(ss);
    } else if (m instanceof ForwardedRequest fr) {
      onClientRequest(fr.request(), false);
    } else {
      rejections.count("crash-mode message in Byzantine mode");
    }
  }

  // ================================================================ client requests

  private void onClientRequest(Request r, boolean fromClient) {
    if (executor.isDone(r)) {
      Reply cached = executor.cachedReply(r, leaderOf(ballot));
      if (cached != null && fromClient) {
        out.reply(cached);
      }
      return;
    }
    if (!proofs.requestSigned(r)) {
      rejections.count("request without a valid client signature");
      return;
    }
    long[] timer = requestTimers.get(r.clientId());
    if (timer == null || timer[0] < r.seq()) {
      requestTimers.put(r.clientId(), new long[] {r.seq(), now});
    }
    if (isActiveLeader()) {
      requests.offer(r, now);
    } else if (fromClient && !changing) {
      out.send(leaderOf(ballot), new ForwardedRequest(id, r));
    }
  }

  // ================================================================ normal case

  private void proposeQueued() {
    while (nextSlot - 1 - executor.executedThrough() < config.windowSlots()
        && nextSlot <= stableSlot() + watermarkSlots) {
      Batch batch = requests.nextBatch(now);
      if (batch == null) {
        return;
      }
      long slot = nextSlot++;
      Digest32 d = BatchDigest.of(batch);
      byte[] sig = keys.signer().sign(Statements.propose(keys.configId(), ballot, slot, d));
      broadcast(new Propose(id, ballot, slot, batch, sig));
      SlotState s = slot(slot);
      s.proposalBallot = ballot;
      s.proposal = batch;
      s.proposalDigest = d;
      vote(slot, s, batch, d);
    }
  }

  private void onPropose(Propose p) {
    if (p.from() != leaderOf(p.ballot())) {
      rejections.count("propose from a replica that does not lead its ballot");
      return;
    }
    if (p.ballot() != ballot || changing) {
      rejections.count("propose outside the current ballot");
      return;
    }
    if (!inWindow(p.slot()) || p.batch() == null || p.batch().requests().size() > config.batchCountMax()) {
      rejections.count("propose outside the window or oversized");
      return;
    }
    if (ballotStart != null && p.slot() <= ballotStartLast) {
      rejections.count("propose for a slot the new ballot already fixed");
      return;
    }
    Digest32 d = BatchDigest.of(p.batch());
    if (!keys.replicas().verify(p.from(), Statements.propose(keys.configId(), p.ballot(), p.slot(), d), p.signature())) {
      rejections.count("propose with a bad signature");
      return;
    }
    SlotState s = slot(p.slot());
    if (s.proposalBallot == p.ballot() && rules.votesOncePerSlot()) {
      if (!d.equals(s.proposalDigest)) {
        rejections.count("leader equivocated: two proposals for one slot");
        startBallotChange(ballot + 1);
      }
      return;
    }
    for (Request r : p.batch().requests()) {
      if (!proofs.requestSigned(r)) {
        rejections.count("proposal holds a request without a valid client signature");
        return;
      }
    }
    s.proposalBallot = p.ballot();
    s.proposal = p.batch();
    s.proposalDigest = d;
    highestSlotSeen = Math.max(highestSlotSeen, p.slot());
    vote(p.slot(), s, p.batch(), d);
  }

  /** Signs ACCEPT for {@code d} in the current ballot, unless already signed one here: never two. */
  private void vote(long slot, SlotState s, Batch batch, Digest32 d) {
    if (s.myVoteBallot >= ballot && rules.votesOncePerSlot()) {
      return;
    }
    out.persist(new PersistOp.SaveVote(ballot, slot, batch));
    s.myVoteBallot = ballot;
    s.myVoteDigest = d;
    s.myAcceptSignature = keys.signer().sign(Statements.accept(keys.configId(), ballot, slot, d));
    broadcast(new SignedAccept(id, ballot, slot, d, s.myAcceptSignature));
    addVote(s.accepts, new VoteKey(ballot, d), id, s.myAcceptSignature);
    checkPrepared(slot, s);
  }

  private void onAccept(SignedAccept a) {
    if (!inWindow(a.slot())) {
      rejections.count("accept outside the window");
      return;
    }
    if (!keys.replicas().verify(a.from(), Statements.accept(keys.configId(), a.ballot(), a.slot(), a.digest()),
        a.signature())) {
      rejections.count("accept with a bad signature");
      return;
    }
    reached(a.from(), a.ballot());
    if (a.ballot() == ballot) {
      joinedBallot |= 1L << a.from();
    }
    SlotState s = slot(a.slot());
    highestSlotSeen = Math.max(highestSlotSeen, a.slot());
    if (addVote(s.accepts, new VoteKey(a.ballot(), a.digest()), a.from(), a.signature())) {
      checkPrepared(a.slot(), s);
    }
  }

  /** Forms an accept certificate from a quorum of matching ACCEPTs, then says so with a COMMIT. */
  private void checkPrepared(long slot, SlotState s) {
    for (Map.Entry<VoteKey, TreeMap<Integer, byte[]>> e : s.accepts.entrySet()) {
      VoteKey k = e.getKey();
      if (e.getValue().size() < quorum || (s.prepared != null && (s.prepared.ballot() > k.ballot()
          || s.prepared.ballot() == k.ballot() && (rules.votesOncePerSlot() || s.prepared.digest().equals(k.digest()))))) {
        continue;
      }
      Batch batch = s.batchFor(k.digest());
      if (batch == null) {
        continue;
      }
      s.prepared = new AcceptProof(k.ballot(), slot, k.digest(), batch, firstQuorum(e.getValue()));
      out.persist(new PersistOp.SavePrepared(s.prepared));
    }
    // COMMIT only for the current ballot and never after promising a higher one: a COMMIT is a
    // claim the next promise must be able to report, or a new leader could miss a chosen value.
    boolean newCertificate = s.prepared != null && (s.myCommitBallot < s.prepared.ballot()
        || !rules.votesOncePerSlot() && !s.prepared.digest().equals(s.myCommitDigest));
    if (newCertificate && !changing && s.prepared.ballot() == ballot) {
      AcceptProof p = s.prepared;
      s.myCommitBallot = p.ballot();
      s.myCommitDigest = p.digest();
      s.myCommitSignature = keys.signer().sign(Statements.commit(keys.configId(), p.ballot(), slot, p.digest()));
      broadcast(new SignedCommit(id, p.ballot(), slot, p.digest(), s.myCommitSignature));
      addVote(s.commits, new VoteKey(p.ballot(), p.digest()), id, s.myCommitSignature);
      checkCommitted(slot, s);
    }
  }

  private void onCommit(SignedCommit c) {
    if (c.slot() <= stableSlot()) {
      return;
    }
    if (c.slot() > stableSlot() + 4L * watermarkSlots) {
      rejections.count("commit far above the window");
      return;
    }
    if (!keys.replicas().verify(c.from(), Statements.commit(keys.configId(), c.ballot(), c.slot(), c.digest()),
        c.signature())) {
      rejections.count("commit with a bad signature");
      return;
    }
    highestSlotSeen = Math.max(highestSlotSeen, c.slot());
    if (!inWindow(c.slot())) {
      return; // a sign that this replica lags: catch-up will fetch the certificate
    }
    SlotState s = slot(c.slot());
    if (addVote(s.commits, new VoteKey(c.ballot(), c.digest()), c.from(), c.signature())) {
      checkCommitted(c.slot(), s);
    }
  }

  private void checkCommitted(long slot, SlotState s) {
    if (s.committed != null) {
      return;
    }
    for (Map.Entry<VoteKey, TreeMap<Integer, byte[]>> e : s.commits.entrySet()) {
      if (e.getValue().size() < quorum) {
        continue;
      }
      Batch batch = s.batchFor(e.getKey().digest());
      if (batch == null) {
        continue; // the batch comes with a fetched certificate
      }
      commit(slot, s, new CommitProof(e.getKey().ballot(), slot, e.getKey().digest(), batch, firstQuorum(e.getValue())));
      return;
    }
  }

  private void commit(long slot, SlotState s, CommitProof proof) {
    s.committed = proof;
    out.persist(new PersistOp.SaveCommitted(proof));
  }

  // ================================================================ execution and checkpoints

  private void execute() {
    while (!needState) {
      long next = executor.executedThrough() + 1;
      SlotState s = slots.get(next);
      if (s == null || s.committed == null) {
        return;
      }
      Executed e = executor.execute(next, s.committed.batch(), true, leaderOf(ballot), out);
      for (Request r : e.batch().requests()) {
        requests.executed(r);
        long[] timer = requestTimers.get(r.clientId());
        if (timer != null && timer[0] <= r.seq()) {
          requestTimers.remove(r.clientId());
        }
      }
      if (!e.batch().isNoop()) {
        failedBallots = 0;
      }
      if (next % checkpointSlots == 0) {
        takeCheckpoint(next);
      }
    }
  }

  private void takeCheckpoint(long slot) {
    byte[] snapshot = executor.snapshot();
    Digest32 digest = Sha256.hash(snapshot);
    ownSnapshots.put(slot, snapshot);
    byte[] sig = keys.signer().sign(Statements.checkpoint(keys.configId(), slot, digest));
    ownCheckpointSignatures.put(slot, sig);
    broadcast(new Checkpoint(id, slot, digest, sig));
    addCheckpointVote(slot, digest, id, sig);
  }

  private void onCheckpoint(Checkpoint c) {
    if (c.slot() <= stableSlot() || c.slot() % checkpointSlots != 0) {
      return;
    }
    if (!keys.replicas().verify(c.from(), Statements.checkpoint(keys.configId(), c.slot(), c.stateDigest()),
        c.signature())) {
      rejections.count("checkpoint with a bad signature");
      return;
    }
    highestSlotSeen = Math.max(highestSlotSeen, c.slot());
    addCheckpointVote(c.slot(), c.stateDigest(), c.from(), c.signature());
  }

  private void addCheckpointVote(long slot, Digest32 digest, int from, byte[] sig) {
    Map<Digest32, TreeMap<Integer, byte[]>> bySlot = checkpointVotes.computeIfAbsent(slot, k -> new HashMap<>());
    if (bySlot.size() >= SlotState.VOTE_KEYS_MAX && !bySlot.containsKey(digest)) {
      rejections.count("too many checkpoint digests for one slot");
      return;
    }
    TreeMap<Integer, byte[]> votes = bySlot.computeIfAbsent(digest, k -> new TreeMap<>());
    votes.putIfAbsent(from, sig);
    while (checkpointVotes.size() > 8) {
      checkpointVotes.pollFirstEntry();
    }
    if (votes.size() >= quorum && slot > stableSlot()) {
      makeStable(new CheckpointProof(slot, digest, firstQuorum(votes)));
    }
  }

  /** Adopts a proven checkpoint: truncates below it, and fetches the state if this replica lags. */
  private void makeStable(CheckpointProof proof) {
    long slot = proof.slot();
    stable = proof;
    byte[] own = ownSnapshots.get(slot);
    if (executor.executedThrough() >= slot) {
      Invariants.check(own != null && Sha256.hash(own).equals(proof.stateDigest()),
          "replica %d's state at checkpoint %d differs from the quorum's", id, slot);
      stableSnapshot = own;
      out.persist(new PersistOp.SaveCheckpoint(proof, own));
    } else {
      stableSnapshot = null;
      needState = true;
      requestState();
    }
    slots.headMap(slot + 1).clear();
    checkpointVotes.headMap(slot + 1).clear();
    ownSnapshots.headMap(slot).clear();
    ownCheckpointSignatures.headMap(slot).clear();
    nextSlot = Math.max(nextSlot, slot + 1);
  }

  private void requestState() {
    fetchRetryTick = now + config.retransmitTicks();
    out.send(nextFetchTarget(), new FetchState(id, stable.slot()));
  }

  private void onFetchState(FetchState fs) {
    if (stable != null && stableSnapshot != null && fs.slot() <= stable.slot()) {
      out.send(fs.from(), new StateSnapshot(id, stable, stableSnapshot));
    }
  }

  private void onStateSnapshot(StateSnapshot ss) {
    CheckpointProof p = ss.proof();
    if (p == null || ss.snapshot() == null || p.slot() <= executor.executedThrough()) {
      return;
    }
    String bad = proofs.checkCheckpoint(p);
    if (bad != null || !Sha256.hash(ss.snapshot()).equals(p.stateDigest())) {
      rejections.count("state snapshot that its checkpoint does not prove");
      return;
    }
    try {
      executor.restore(p.slot(), ss.snapshot());
    } catch (IllegalArgumentException e) {
      rejections.count("state snapshot that does not decode");
      return;
    }
    out.persist(new PersistOp.SaveCheckpoint(p, ss.snapshot()));
    if (stable == null || p.slot() >= stable.slot()) {
      stable = p;
      stableSnapshot = ss.snapshot();
      slots.headMap(p.slot() + 1).clear();
    }
    needState = executor.executedThrough() < stableSlot();
    nextSlot = Math.max(nextSlot, p.slot() + 1);
  }

  // ================================================================ catch-up of single slots

  private void onFetchSlots(FetchSlots fs) {
    if (fs.fromSlot() < 1 || fs.fromSlot() > fs.toSlot() || fs.fromSlot() > Long.MAX_VALUE - config.catchupSlotsMax()) {
      // A correct replica never asks for an empty or overflowing range; a faulty one must not be
      // able to make this replica throw (TreeMap.subMap rejects from > to).
      rejections.count("fetch for an empty or malformed slot range");
      return;
    }
    if (stable != null && stableSnapshot != null && fs.fromSlot() <= stable.slot()) {
      out.send(fs.from(), new StateSnapshot(id, stable, stableSnapshot));
    }
    List<CommitProof> certs = new ArrayList<>();
    int bytes = 0;
    long last = Math.min(fs.toSlot(), fs.fromSlot() + config.catchupSlotsMax() - 1);
    for (SlotState s : slots.subMap(fs.fromSlot(), true, last, true).values()) {
      if (s.committed != null && bytes < (4 << 20)) {
        certs.add(s.committed);
        bytes += s.committed.batch().sizeBytes() + 64 * quorum;
      }
    }
    if (!certs.isEmpty()) {
      out.send(fs.from(), new SlotCertificates(id, certs));
    }
  }

  private void onSlotCertificates(SlotCertificates sc) {
    for (CommitProof p : sc.certificates()) {
      if (p.slot() <= executor.executedThrough() || !inWindow(p.slot())) {
        continue;
      }
      SlotState s = slot(p.slot());
      if (s.committed != null) {
        continue;
      }
      String bad = proofs.checkCommit(p);
      if (bad != null) {
        rejections.count("fetched commit certificate does not verify");
        continue;
      }
      commit(p.slot(), s, p);
    }
  }

  private void maybeFetch() {
    if (now < fetchRetryTick) {
      return;
    }
    if (needState) {
      requestState();
      return;
    }
    long next = executor.executedThrough() + 1;
    SlotState s = slots.get(next);
    boolean stuck = (s == null || s.committed == null) && highestSlotSeen >= next;
    if (stuck) {
      fetchRetryTick = now + config.retransmitTicks();
      out.send(nextFetchTarget(), new FetchSlots(id, next, Math.min(highestSlotSeen, next + config.catchupSlotsMax())));
    }
  }

  private int nextFetchTarget() {
    int target = fetchTarget;
    fetchTarget = (fetchTarget + 1) % n;
    if (fetchTarget == id) {
      fetchTarget = (fetchTarget + 1) % n;
    }
    return target == id ? (id + 1) % n : target;
  }

  // ================================================================ ballot change

  private void onTick() {
    now++;
    if (changing) {
      if (replicasReached(ballot) < quorum) {
        // Fewer than a quorum are in this ballot or past it, so it could not have started yet: wait
        // here (re-sending the promise) instead of moving on alone. The timer runs from the moment a
        // quorum is here. Otherwise one replica alone can stay a ballot ahead of the others forever.
        changeDeadline = now + changeTimeoutTicks;
      } else if (now >= changeDeadline) {
        rejections.count("ballot change timed out");
        startBallotChange(ballot + 1);
      }
    } else if (now % config.retransmitTicks() == 0 && requestOverdue()) {
      rejections.count("request timer expired: suspecting the leader");
      startBallotChange(ballot + 1);
    }
    if (now - lastRetransmitTick >= config.retransmitTicks()) {
      lastRetransmitTick = now;
      retransmit();
      maybeFetch();
    }
  }

  private boolean requestOverdue() {
    long timeout = (long) config.electionTimeoutTicks() << Math.min(failedBallots, TIMEOUT_DOUBLINGS_MAX);
    for (long[] t : requestTimers.values()) {
      if (now - t[1] > timeout) {
        return true;
      }
    }
    return false;
  }

  private void armChangeTimer() {
    changeTimeoutTicks = ((long) config.electionTimeoutTicks() << Math.min(failedBallots, TIMEOUT_DOUBLINGS_MAX))
        + random.nextInt(config.heartbeatTicks());
    changeDeadline = now + changeTimeoutTicks;
  }

  /** Records that replica {@code r} signed something in ballot {@code b}. */
  private void reached(int r, long b) {
    if (r >= 0 && r < n && b > reachedBallot[r]) {
      reachedBallot[r] = b;
    }
  }

  /** How many replicas (this one included) are known to have reached ballot {@code b} or a higher one. */
  private int replicasReached(long b) {
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (r == id ? ballot >= b : reachedBallot[r] >= b) {
        count++;
      }
    }
    return count;
  }

  private void startBallotChange(long target) {
    if (target <= ballot) {
      return;
    }
    ballot = target;
    changing = true;
    ballotStart = null;
    newBallotSent = false;
    failedBallots++;
    armChangeTimer();
    out.persist(new PersistOp.SavePromise(ballot));
    for (long[] t : requestTimers.values()) {
      t[1] = now;
    }
    BallotPromise promise = ownPromise();
    broadcast(promise);
    storePromise(promise);
    maybeStartNewBallot();
  }

  private BallotPromise ownPromise() {
    List<AcceptProof> accepted = new ArrayList<>();
    for (SlotState s : slots.values()) {
      if (s.prepared != null && s.prepared.ballot() < ballot) {
        accepted.add(s.prepared);
      }
    }
    BallotPromise unsigned = new BallotPromise(id, ballot, stable, accepted, new byte[0]);
    byte[] sig = keys.signer().sign(proofs.promiseStatement(unsigned));
    return new BallotPromise(id, ballot, stable, accepted, sig);
  }

  private void onPromise(BallotPromise p) {
    if (p.ballot() < ballot || p.ballot() > ballot + 8L * n) {
      return;
    }
    if (!keys.replicas().verify(p.from(), proofs.promiseStatement(p), p.signature())) {
      rejections.count("promise with a bad signature");
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
    promises.computeIfAbsent(p.ballot(), b -> new HashMap<>()).put(p.from(), p);
    latestPromiseBallot.merge(p.from(), p.ballot(), Math::max);
    promises.headMap(ballot).clear();
  }

  /** f+1 replicas moving past this ballot include a correct one: follow them to the lowest such ballot. */
  private void joinIfFPlusOneAhead() {
    long lowest = Long.MAX_VALUE;
    int ahead = 0;
    for (long b : latestPromiseBallot.values()) {
      if (b > ballot) {
        ahead++;
        lowest = Math.min(lowest, b);
      }
    }
    if (ahead >= f + 1) {
      startBallotChange(lowest);
    }
  }

  private void maybeStartNewBallot() {
    if (!changing || newBallotSent || leaderOf(ballot) != id) {
      return;
    }
    Map<Integer, BallotPromise> forBallot = promises.getOrDefault(ballot, Map.of());
    List<BallotPromise> valid = new ArrayList<>();
    for (BallotPromise p : new TreeMap<>(forBallot).values()) {
      if (p.from() == id || proofs.checkPromise(p) == null) {
        valid.add(p);
      }
      if (valid.size() == quorum) {
        break;
      }
    }
    if (valid.size() < quorum) {
      return;
    }
    Reproposals.Plan plan = Reproposals.compute(valid);
    NewBallot unsigned = new NewBallot(id, ballot, valid, plan.reproposals(), new byte[0]);
    NewBallot signed = new NewBallot(id, ballot, valid, plan.reproposals(),
        keys.signer().sign(proofs.newBallotStatement(unsigned)));
    newBallotSent = true;
    broadcast(signed);
    enterBallot(signed, plan);
  }

  private void onNewBallot(NewBallot m) {
    if (m.ballot() < ballot || (m.ballot() == ballot && !changing)) {
      return;
    }
    if (m.from() != leaderOf(m.ballot())
        || !keys.replicas().verify(m.from(), proofs.newBallotStatement(m), m.signature())) {
      rejections.count("new ballot from a non-leader or with a bad signature");
      return;
    }
    reached(m.from(), m.ballot());
    String bad = rules.checksNewBallot() ? checkNewBallot(m) : null;
    if (bad != null) {
      rejections.count("new ballot rejected: " + bad);
      startBallotChange(m.ballot() + 1);
      return;
    }
    if (rules.checksNewBallot()) {
      for (BallotPromise p : m.promises()) {
        reached(p.from(), p.ballot()); // each verified by checkNewBallot
      }
    }
    Reproposals.Plan recomputed = Reproposals.compute(m.promises());
    // Only a broken variant gets here with a plan that differs from the message's.
    enterBallot(m, rules.checksNewBallot() ? recomputed : new Reproposals.Plan(recomputed.base(), m.reproposals()));
  }

  /** Recomputes the re-proposals from the signed promises: a leader cannot choose them freely. */
  private String checkNewBallot(NewBallot m) {
    java.util.HashSet<Integer> senders = new java.util.HashSet<>();
    for (BallotPromise p : m.promises()) {
      if (p.ballot() != m.ballot() || !senders.add(p.from()) || p.from() < 0 || p.from() >= n) {
        return "promises of another ballot or a repeated sender";
      }
      String bad = proofs.checkPromise(p);
      if (bad != null) {
        return "a promise does not verify (" + bad + ")";
      }
    }
    if (senders.size() < quorum) {
      return "fewer than a quorum of promises";
    }
    List<Reproposal> expected = Reproposals.compute(m.promises()).reproposals();
    if (expected.size() != m.reproposals().size()) {
      return "re-proposals do not follow from the promises";
    }
    for (int i = 0; i < expected.size(); i++) {
      Reproposal a = expected.get(i);
      Reproposal b = m.reproposals().get(i);
      if (a.slot() != b.slot() || b.batch() == null || !BatchDigest.of(a.batch()).equals(BatchDigest.of(b.batch()))) {
        return "re-proposal for slot " + a.slot() + " does not follow from the promises";
      }
    }
    return null;
  }

  private void enterBallot(NewBallot m, Reproposals.Plan plan) {
    if (m.ballot() > ballot) {
      ballot = m.ballot();
      out.persist(new PersistOp.SavePromise(ballot));
    }
    changing = false;
    ballotStart = m;
    ballotStartLast = plan.lastSlot();
    joinedBallot = 1L << id;
    out.persist(new PersistOp.SaveNewBallot(m));
    if (plan.base() != null && plan.base().slot() > stableSlot()) {
      makeStable(plan.base());
    }
    for (Reproposal r : plan.reproposals()) {
      if (r.slot() <= stableSlot()) {
        continue;
      }
      SlotState s = slot(r.slot());
      s.proposalBallot = ballot;
      s.proposal = r.batch();
      s.proposalDigest = BatchDigest.of(r.batch());
      vote(r.slot(), s, r.batch(), s.proposalDigest);
    }
    nextSlot = Math.max(ballotStartLast, stableSlot()) + 1;
    for (long[] t : requestTimers.values()) {
      t[1] = now;
    }
  }

  /** Re-sends this replica's part for slots still open, so lost messages cannot stall a slot forever. */
  private void retransmit() {
    if (changing) {
      Map<Integer, BallotPromise> mine = promises.get(ballot);
      if (mine != null && mine.containsKey(id)) {
        broadcast(mine.get(id));
      }
      return;
    }
    if (ballotStart != null && leaderOf(ballot) == id && ballotStart.ballot() == ballot) {
      // A replica that missed NEW-BALLOT (lost, or it restarted) cannot join without it.
      for (int peer = 0; peer < n; peer++) {
        if (peer != id && (joinedBallot & (1L << peer)) == 0) {
          out.send(peer, ballotStart);
        }
      }
    }
    for (Map.Entry<Long, SlotState> e : slots.entrySet()) {
      SlotState s = e.getValue();
      long slot = e.getKey();
      if (s.committed != null || now - s.lastRetransmitTick < config.retransmitTicks()) {
        continue;
      }
      s.lastRetransmitTick = now;
      if (leaderOf(ballot) == id && s.proposalBallot == ballot && slot > ballotStartLast) {
        broadcast(new Propose(id, ballot, slot, s.proposal,
            keys.signer().sign(Statements.propose(keys.configId(), ballot, slot, s.proposalDigest))));
      }
      if (s.myVoteBallot >= 0 && s.myAcceptSignature != null) {
        broadcast(new SignedAccept(id, s.myVoteBallot, slot, s.myVoteDigest, s.myAcceptSignature));
      }
      if (s.myCommitSignature != null) {
        broadcast(new SignedCommit(id, s.myCommitBallot, slot, s.myCommitDigest, s.myCommitSignature));
      }
    }
    Map.Entry<Long, byte[]> latest = ownCheckpointSignatures.lastEntry();
    if (latest != null && latest.getKey() > stableSlot()) {
      byte[] snap = ownSnapshots.get(latest.getKey());
      if (snap != null) {
        broadcast(new Checkpoint(id, latest.getKey(), Sha256.hash(snap), latest.getValue()));
      }
    }
  }

  // ================================================================ helpers

  private boolean isActiveLeader() {
    return !changing && leaderOf(ballot) == id;
  }

  private int leaderOf(long b) {
    return (int) Math.floorMod(b, (long) n);
  }

  private long stableSlot() {
    return stable == null ? 0 : stable.slot();
  }

  private boolean inWindow(long slot) {
    return slot > stableSlot() && slot <= stableSlot() + watermarkSlots;
  }

  private SlotState slot(long slot) {
    return slots.computeIfAbsent(slot, s -> new SlotState());
  }

  private void broadcast(Message m) {
    for (int peer = 0; peer < n; peer++) {
      if (peer != id) {
        out.send(peer, m);
      }
    }
  }

  /** Adds one signed vote; false if the signer already voted for this key or the slot is saturated. */
  private boolean addVote(Map<VoteKey, TreeMap<Integer, byte[]>> votes, VoteKey key, int from, byte[] sig) {
    TreeMap<Integer, byte[]> forKey = votes.get(key);
    if (forKey == null) {
      if (votes.size() >= SlotState.VOTE_KEYS_MAX) {
        rejections.count("too many distinct votes for one slot");
        return false;
      }
      forKey = new TreeMap<>();
      votes.put(key, forKey);
    }
    return forKey.putIfAbsent(from, sig) == null;
  }

  private List<SignerSignature> firstQuorum(TreeMap<Integer, byte[]> votes) {
    List<SignerSignature> sigs = new ArrayList<>(quorum);
    Iterator<Map.Entry<Integer, byte[]>> it = votes.entrySet().iterator();
    while (sigs.size() < quorum && it.hasNext()) {
      Map.Entry<Integer, byte[]> e = it.next();
      sigs.add(new SignerSignature(e.getKey(), e.getValue()));
    }
    return sigs;
  }

  private void checkInvariants() {
    Invariants.check(executor.executedThrough() >= stableSlot() || needState,
        "executed %d below stable checkpoint %d without a pending state transfer", executor.executedThrough(), stableSlot());
    Invariants.check(!isActiveLeader() || nextSlot > stableSlot(), "leader's next slot %d at or below stable %d",
        nextSlot, stableSlot());
    Invariants.check(ballot >= 0, "negative ballot");
  }

  // ================================================================ observation

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

  public long ballot() {
    return ballot;
  }

  public boolean changingBallot() {
    return changing;
  }

  public long stableCheckpointSlot() {
    return stableSlot();
  }

  public CheckpointProof stableCheckpoint() {
    return stable;
  }

  /** The commit certificate of {@code slot} if this replica still holds it (above its stable checkpoint). */
  public CommitProof commitCertificate(long slot) {
    SlotState s = slots.get(slot);
    return s == null ? null : s.committed;
  }

  public StateMachine stateMachine() {
    return executor.stateMachine();
  }

  @Override
  public dev.bftpaxos.core.ReplicaStatus status() {
    return new dev.bftpaxos.core.ReplicaStatus(id, ballot, changing ? -1 : leaderOf(ballot), changing,
        executor.executedThrough(), stableSlot(), rejections.snapshot());
  }
}
