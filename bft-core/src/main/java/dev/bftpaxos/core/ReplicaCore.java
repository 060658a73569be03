package dev.bftpaxos.core;

import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.log.SlotEntry;
import dev.bftpaxos.core.log.SlotLog;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CatchupMessage.CatchupReply;
import dev.bftpaxos.core.msg.CatchupMessage.CatchupRequest;
import dev.bftpaxos.core.msg.CatchupMessage.ChosenEntry;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.core.msg.ForwardedRequest;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.msg.ReplicationMessage.Commit;
import dev.bftpaxos.core.msg.ReplicationMessage.Heartbeat;
import dev.bftpaxos.core.msg.ReplicationMessage.HeartbeatAck;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.msg.ByzantineMessage.CheckpointProof;
import dev.bftpaxos.core.msg.CatchupMessage.CheckpointVote;
import dev.bftpaxos.core.msg.CatchupMessage.SnapshotReply;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One crash-mode Multi-Paxos replica as a deterministic state machine: {@link #step} takes one
 * input and returns what to persist, send, execute and answer. It does no I/O and reads no clock;
 * the simulator and the networked replica drive the same code.
 */
public final class ReplicaCore implements Replica {
  /** A catch-up reply stops adding slots past this size, well under the wire's frame bound. */
  public static final int CATCHUP_REPLY_BYTES_MAX = 4 << 20;

  private final int id;
  private final int n;
  private final int quorum;
  private final CoreConfig config;
  private final ProtocolRules rules;
  private final Randomness random;
  private final SlotLog log = new SlotLog();
  private final RejectionCounters rejections = new RejectionCounters();
  private final Executor executor;

  private long now;
  private long promised;
  private long maxBallotSeen;
  private Role role = Role.FOLLOWER;
  private LeaderState leader;
  private long chosenThrough;

  private long electionDeadline;
  private long lastLeaderContactTick = Long.MIN_VALUE / 2;
  private int leaderHint = -1;
  private long knownCommitThrough;
  private int knownCommitSource = -1;
  private long catchupRetryTick;

  private Output.Builder out;

  /** Slots between two checkpoints: the log holds at most about twice this plus the window. */
  private final int checkpointSlots;
  private long stableSlot;
  private Digest32 stableDigest;
  private byte[] stableSnapshot;
  private final TreeMap<Long, byte[]> ownSnapshots = new TreeMap<>();
  private final TreeMap<Long, Map<Digest32, Long>> checkpointVotes = new TreeMap<>();

  public ReplicaCore(int id, CoreConfig config, ProtocolRules rules, StateMachine stateMachine,
      Randomness random, DurableState durable) {
    Invariants.check(id >= 0 && id < config.replicaCount(), "replica id %d outside 0..%d", id,
        config.replicaCount() - 1);
    Invariants.check(config.replicaCount() <= 64, "at most 64 replicas (votes are a bit mask)");
    this.id = id;
    this.n = config.replicaCount();
    this.config = config;
    this.rules = rules;
    this.quorum = rules.quorum(n);
    this.random = random;
    this.executor = new Executor(id, stateMachine, config.clientsMax(), rules.filtersDuplicates(), rejections);
    this.checkpointSlots = config.checkpointSlots();
    if (durable.checkpoint() != null && durable.checkpointSnapshot() != null) {
      installSnapshot(durable.checkpoint().slot(), durable.checkpoint().stateDigest(), durable.checkpointSnapshot());
    }
    this.promised = durable.promised();
    this.maxBallotSeen = durable.promised();
    for (Map.Entry<Long, DurableState.Vote> e : durable.accepted().entrySet()) {
      if (e.getKey() <= log.truncatedThrough()) {
        continue;
      }
      SlotEntry entry = log.getOrCreate(e.getKey());
      entry.acceptedBallot = e.getValue().ballot();
      entry.acceptedBatch = e.getValue().batch();
    }
    this.electionDeadline = randomElectionTimeout();
  }

  // ---------------------------------------------------------------- entry point

  public Output step(Input input) {
    out = new Output.Builder();
    if (input instanceof Input.Tick) {
      onTick();
    } else if (input instanceof Input.Receive r) {
      onMessage(r.message());
    } else if (input instanceof Input.ClientRequest c) {
      onClientRequest(c.request());
    }
    afterStep();
    checkInvariants();
    Output result = out.build();
    out = null;
    return result;
  }

  private void afterStep() {
    execute();
    if (role == Role.LEADER) {
      proposeQueued();
      advertiseCommit();
    }
  }

  // ---------------------------------------------------------------- messages

  private void onMessage(Message m) {
    if (m.from() < 0 || m.from() >= n || m.from() == id) {
      rejections.count("unknown or self sender");
      return;
    }
    if (m.ballot() > maxBallotSeen) {
      maxBallotSeen = m.ballot();
    }
    if (m instanceof Prepare p) {
      onPrepare(p);
    } else if (m instanceof Promise p) {
      onPromise(p);
    } else if (m instanceof Nack k) {
      onNack(k);
    } else if (m instanceof Accept a) {
      onAccept(a);
    } else if (m instanceof Accepted a) {
      onAccepted(a);
    } else if (m instanceof Commit c) {
      onLeaderNews(c.from(), c.ballot(), c.commitThrough(), false);
    } else if (m instanceof Heartbeat h) {
      onLeaderNews(h.from(), h.ballot(), h.commitThrough(), true);
    } else if (m instanceof HeartbeatAck a) {
      onHeartbeatAck(a);
    } else if (m instanceof CatchupRequest c) {
      onCatchupRequest(c);
    } else if (m instanceof CatchupReply c) {
      onCatchupReply(c);
    } else if (m instanceof ForwardedRequest f) {
      onForwarded(f);
    } else if (m instanceof CheckpointVote v) {
      onCheckpointVote(v);
    } else if (m instanceof SnapshotReply r) {
      onSnapshotReply(r);
    } else {
      rejections.count("Byzantine-mode message in crash mode");
    }
  }

  private void onPrepare(Prepare p) {
    if (p.ballot() < promised) {
      out.send(p.from(), new Nack(id, p.ballot(), promised));
      return;
    }
    if (p.ballot() > promised && followsLiveLeader()) {
      // Not helping depose a leader that still has a quorum: prevents a cut-off replica from
      // disrupting a working cluster (partial connectivity).
      rejections.count("prepare refused: leader alive");
      out.send(p.from(), new Nack(id, p.ballot(), promised));
      return;
    }
    raisePromise(p.ballot());
    out.send(p.from(), new Promise(id, p.ballot(), p.fromSlot(), acceptedFrom(p.fromSlot()), chosenThrough));
    electionDeadline = now + randomElectionTimeout();
  }

  private void onPromise(Promise p) {
    if (role != Role.CANDIDATE || p.ballot() != leader.ballot) {
      return;
    }
    leader.promises.put(p.from(), p);
    leader.heardSinceCheck |= 1L << p.from();
    if (leader.promises.size() + 1 >= quorum) {
      becomeLeader();
    }
  }

  private void onNack(Nack k) {
    if (role == Role.CANDIDATE && k.ballot() == leader.ballot && k.promised() > leader.ballot) {
      stepDown();
    }
  }

  private void onAccept(Accept a) {
    if (!rules.mayAccept(a.ballot(), promised)) {
      out.send(a.from(), new Nack(id, a.ballot(), promised));
      return;
    }
    if (a.slot() < 1 || a.slot() > Integer.MAX_VALUE - 1L || a.from() != leaderOf(a.ballot())) {
      rejections.count("accept from non-leader or bad slot");
      return;
    }
    if (role != Role.FOLLOWER && a.ballot() == leader.ballot) {
      rejections.count("accept for own ballot from another replica");
      return;
    }
    raisePromise(a.ballot());
    noteLeaderContact(a.from(), a.ballot());
    if (a.slot() <= log.truncatedThrough()) {
      // Chosen and under our stable checkpoint. Never vote here: a leader of a ballot below the
      // one the slot was chosen in may propose another value. Send the state instead; it shows
      // the leader the slot is decided.
      rejections.count("accept for a slot under the stable checkpoint: sent the snapshot");
      if (stableSnapshot != null) {
        out.send(a.from(), new SnapshotReply(id, stableSlot, stableDigest, stableSnapshot));
      }
      return;
    }
    SlotEntry entry = log.getOrCreate(a.slot());
    if (entry.acceptedBallot != a.ballot()) {
      entry.acceptedBallot = a.ballot();
      entry.acceptedBatch = a.batch();
      out.persist(new PersistOp.SaveAccepted(a.slot(), a.ballot(), a.batch()));
    }
    out.send(a.from(), new Accepted(id, a.ballot(), a.slot()));
    learnCommit(a.from(), a.ballot(), a.commitThrough());
  }

  private void onAccepted(Accepted a) {
    if (role != Role.LEADER || a.ballot() != leader.ballot) {
      return;
    }
    leader.heardSinceCheck |= 1L << a.from();
    SlotEntry entry = log.get(a.slot());
    if (entry == null || entry.acceptedBallot != leader.ballot || entry.isChosen()) {
      return;
    }
    entry.votes |= 1L << a.from();
    if (Long.bitCount(entry.votes) >= quorum) {
      choose(a.slot(), entry.acceptedBatch);
    }
  }

  /** COMMIT or HEARTBEAT from the leader of {@code ballot}. */
  private void onLeaderNews(int from, long ballot, long commitThrough, boolean isHeartbeat) {
    if (from != leaderOf(ballot)) {
      rejections.count("leader news from non-leader");
      return;
    }
    if (ballot < promised) {
      if (isHeartbeat) {
        out.send(from, new Nack(id, ballot, promised));
      }
      return;
    }
    if (role != Role.FOLLOWER && ballot == leader.ballot) {
      rejections.count("leader news for own ballot from another replica");
      return;
    }
    raisePromise(ballot);
    noteLeaderContact(from, ballot);
    if (isHeartbeat) {
      out.send(from, new HeartbeatAck(id, ballot, chosenThrough));
    }
    learnCommit(from, ballot, commitThrough);
  }

  private void onHeartbeatAck(HeartbeatAck a) {
    if (role == Role.LEADER && a.ballot() == leader.ballot) {
      leader.heardSinceCheck |= 1L << a.from();
    }
  }

  private void onCatchupRequest(CatchupRequest c) {
    if (c.fromSlot() <= log.truncatedThrough() && stableSnapshot != null) {
      out.send(c.from(), new SnapshotReply(id, stableSlot, stableDigest, stableSnapshot));
    }
    long last = Math.min(c.toSlot(), c.fromSlot() + config.catchupSlotsMax() - 1);
    List<ChosenEntry> entries = new ArrayList<>();
    int bytes = 0;
    for (long s = Math.max(log.truncatedThrough() + 1, c.fromSlot()); s <= last && bytes < CATCHUP_REPLY_BYTES_MAX; s++) {
      SlotEntry e = log.get(s);
      if (e != null && e.isChosen()) {
        entries.add(new ChosenEntry(s, e.chosen));
        bytes += e.chosen.sizeBytes() + 16;
      }
    }
    out.send(c.from(), new CatchupReply(id, entries, chosenThrough));
  }

  private void onCatchupReply(CatchupReply c) {
    if (c.entries().isEmpty() && c.chosenThrough() <= chosenThrough && c.from() == knownCommitSource) {
      knownCommitSource = (knownCommitSource + 1) % n == id ? (knownCommitSource + 2) % n : (knownCommitSource + 1) % n;
    }
    for (ChosenEntry e : c.entries()) {
      if (e.slot() >= 1 && e.slot() < Integer.MAX_VALUE && e.slot() > chosenThrough) {
        choose(e.slot(), e.batch());
      }
    }
    noteCommitKnown(c.from(), c.chosenThrough());
    catchupRetryTick = now;
    maybeRequestCatchup();
  }

  private void onForwarded(ForwardedRequest f) {
    if (role != Role.LEADER) {
      rejections.count("forwarded request at non-leader");
      return;
    }
    onClientRequest(f.request());
  }

  private void onClientRequest(Request r) {
    if (executor.isDone(r)) {
      Reply cached = executor.cachedReply(r, leaderHint);
      if (cached != null) {
        out.reply(cached);
      }
      return;
    }
    if (role == Role.LEADER) {
      if (!leader.requests.offer(r, now)) {
        rejections.count("request already pending or queue full");
      }
    } else if (leaderHint >= 0 && leaderHint != id) {
      out.send(leaderHint, new ForwardedRequest(id, r));
    } else {
      rejections.count("client request with no known leader");
    }
  }

  // ---------------------------------------------------------------- time

  private void onTick() {
    now++;
    switch (role) {
      case FOLLOWER -> {
        if (now >= electionDeadline) {
          startElection();
        } else {
          maybeRequestCatchup();
        }
      }
      case CANDIDATE -> {
        if (now >= electionDeadline) {
          startElection();
        } else if (now - leader.prepareSentTick >= config.retransmitTicks()) {
          sendPrepares();
        }
      }
      case LEADER -> onLeaderTick();
    }
  }

  private void onLeaderTick() {
    if (now - leader.lastQuorumCheckTick >= config.electionTimeoutTicks()) {
      if (Long.bitCount(leader.heardSinceCheck) + 1 < quorum) {
        rejections.count("stepped down: no quorum heard");
        stepDown();
        return;
      }
      leader.heardSinceCheck = 0;
      leader.lastQuorumCheckTick = now;
    }
    if (now - leader.lastHeartbeatTick >= config.heartbeatTicks()) {
      leader.lastHeartbeatTick = now;
      leader.advertisedCommit = chosenThrough;
      for (int peer = 0; peer < n; peer++) {
        if (peer != id) {
          out.send(peer, new Heartbeat(id, leader.ballot, chosenThrough));
        }
      }
    }
    retransmitAccepts();
    maybeRequestCatchup();
  }

  private void retransmitAccepts() {
    for (long s = chosenThrough + 1; s < leader.nextSlot; s++) {
      SlotEntry e = log.get(s);
      // Only this ballot's own proposals: an older vote in the range was never vetted by phase 1.
      if (e == null || e.isChosen() || e.acceptedBallot != leader.ballot
          || now - e.proposedTick < config.retransmitTicks()) {
        continue;
      }
      e.proposedTick = now;
      for (int peer = 0; peer < n; peer++) {
        if (peer != id && (e.votes & (1L << peer)) == 0) {
          out.send(peer, new Accept(id, leader.ballot, s, e.acceptedBatch, chosenThrough));
        }
      }
    }
  }

  // ---------------------------------------------------------------- leadership

  private void startElection() {
    long base = Math.max(maxBallotSeen, promised);
    long ballot = (base < 0) ? id : (base / n + 1) * n + id;
    if (ballot <= base) {
      ballot += n;
    }
    raisePromise(ballot);
    maxBallotSeen = ballot;
    role = Role.CANDIDATE;
    leader = new LeaderState(ballot, chosenThrough + 1, now, config);
    electionDeadline = now + randomElectionTimeout();
    if (quorum <= 1) {
      becomeLeader();
      return;
    }
    sendPrepares();
  }

  private void sendPrepares() {
    leader.prepareSentTick = now;
    for (int peer = 0; peer < n; peer++) {
      if (peer != id && !leader.promises.containsKey(peer)) {
        out.send(peer, new Prepare(id, leader.ballot, leader.fromSlot));
      }
    }
  }

  private void becomeLeader() {
    TreeMap<Long, List<PromiseEntry>> reports = new TreeMap<>();
    for (PromiseEntry e : acceptedFrom(leader.fromSlot)) {
      reports.computeIfAbsent(e.slot(), s -> new ArrayList<>()).add(e);
    }
    for (Promise p : leader.promises.values()) {
      for (PromiseEntry e : p.entries()) {
        if (e.slot() >= leader.fromSlot && e.slot() < Integer.MAX_VALUE) {
          reports.computeIfAbsent(e.slot(), s -> new ArrayList<>()).add(e);
        }
      }
    }
    role = Role.LEADER;
    leader.active = true;
    leaderHint = id;
    // Slots a promiser has dropped under its stable checkpoint are chosen, and it no longer reports
    // them: they must not be re-proposed (that would put no-ops over chosen values). They are the
    // slots it counts as chosen but lists no entry for; the leader fetches them (a snapshot).
    // Everything else is re-proposed, including values reported as chosen, because the replica
    // that knew them chosen may forget that in a crash.
    long start = Math.max(leader.fromSlot, log.truncatedThrough() + 1);
    for (Promise p : leader.promises.values()) {
      long firstListed = p.entries().isEmpty() ? Long.MAX_VALUE : p.entries().get(0).slot();
      long dropped = Math.min(p.chosenThrough(), firstListed - 1);
      if (dropped + 1 > start) {
        start = dropped + 1;
        noteCommitKnown(p.from(), dropped);
      }
    }
    maybeRequestCatchup();
    long last = reports.isEmpty() ? start - 1 : Math.max(start - 1, reports.lastKey());
    leader.nextSlot = start;
    for (long s = start; s <= last; s++) {
      List<PromiseEntry> forSlot = reports.get(s);
      PromiseEntry pick = forSlot == null ? null : rules.reproposal(forSlot);
      propose(pick == null || pick.batch() == null ? Batch.NOOP : pick.batch());
    }
  }

  private void stepDown() {
    role = Role.FOLLOWER;
    leader = null;
    electionDeadline = now + randomElectionTimeout();
  }

  private void proposeQueued() {
    while (leader.nextSlot - 1 - chosenThrough < config.windowSlots()) {
      Batch batch = leader.requests.nextBatch(now);
      if (batch == null) {
        return;
      }
      propose(batch);
    }
  }

  private void propose(Batch batch) {
    long slot = leader.nextSlot++;
    SlotEntry entry = log.getOrCreate(slot);
    entry.acceptedBallot = leader.ballot;
    entry.acceptedBatch = batch;
    entry.votes = 1L << id;
    entry.proposedTick = now;
    out.persist(new PersistOp.SaveAccepted(slot, leader.ballot, batch));
    for (int peer = 0; peer < n; peer++) {
      if (peer != id) {
        out.send(peer, new Accept(id, leader.ballot, slot, batch, chosenThrough));
      }
    }
    leader.advertisedCommit = Math.max(leader.advertisedCommit, chosenThrough);
    if (quorum <= 1) {
      choose(slot, batch);
    }
  }

  private void advertiseCommit() {
    if (chosenThrough <= leader.advertisedCommit) {
      return;
    }
    leader.advertisedCommit = chosenThrough;
    for (int peer = 0; peer < n; peer++) {
      if (peer != id) {
        out.send(peer, new Commit(id, leader.ballot, chosenThrough));
      }
    }
  }

  // ---------------------------------------------------------------- learning and execution

  private void learnCommit(int from, long ballot, long commitThrough) {
    long scanTo = Math.min(commitThrough, chosenThrough + 4L * config.windowSlots() + config.catchupSlotsMax());
    for (long s = chosenThrough + 1; s <= scanTo; s++) {
      SlotEntry e = log.get(s);
      if (e != null && !e.isChosen() && e.acceptedBallot == ballot) {
        choose(s, e.acceptedBatch);
      }
    }
    noteCommitKnown(from, commitThrough);
    maybeRequestCatchup();
  }

  private void noteCommitKnown(int from, long commitThrough) {
    if (commitThrough > knownCommitThrough) {
      knownCommitThrough = commitThrough;
      knownCommitSource = from;
    }
  }

  private void maybeRequestCatchup() {
    if (chosenThrough >= knownCommitThrough || knownCommitSource < 0 || now < catchupRetryTick) {
      return;
    }
    catchupRetryTick = now + config.retransmitTicks();
    out.send(knownCommitSource, new CatchupRequest(id, chosenThrough + 1, knownCommitThrough));
  }

  private void choose(long slot, Batch batch) {
    SlotEntry entry = log.getOrCreate(slot);
    if (entry.isChosen()) {
      if (!entry.chosen.equals(batch)) {
        rejections.count("conflicting value for a chosen slot");
      }
      return;
    }
    entry.chosen = batch;
    while (true) {
      SlotEntry next = log.get(chosenThrough + 1);
      if (next == null || !next.isChosen()) {
        break;
      }
      chosenThrough++;
    }
  }

  private void execute() {
    while (executor.executedThrough() < chosenThrough) {
      long slot = executor.executedThrough() + 1;
      boolean leading = role == Role.LEADER;
      Executed e = executor.execute(slot, log.get(slot).chosen, leading, leaderHint, out);
      if (leading) {
        for (Request r : e.batch().requests()) {
          leader.requests.executed(r);
        }
      }
      if (slot % checkpointSlots == 0) {
        takeCheckpoint(slot);
      }
    }
  }

  // ---------------------------------------------------------------- checkpoints (unsigned, majority)

  private void takeCheckpoint(long slot) {
    byte[] snapshot = executor.snapshot();
    Digest32 digest = Sha256.hash(snapshot);
    ownSnapshots.put(slot, snapshot);
    for (int peer = 0; peer < n; peer++) {
      if (peer != id) {
        out.send(peer, new CheckpointVote(id, slot, digest));
      }
    }
    countCheckpointVote(id, slot, digest);
  }

  private void onCheckpointVote(CheckpointVote v) {
    if (v.slot() <= stableSlot || v.slot() % checkpointSlots != 0) {
      return;
    }
    countCheckpointVote(v.from(), v.slot(), v.stateDigest());
  }

  private void countCheckpointVote(int from, long slot, Digest32 digest) {
    Map<Digest32, Long> bySlot = checkpointVotes.computeIfAbsent(slot, k -> new HashMap<>());
    if (bySlot.size() >= 2 * n && !bySlot.containsKey(digest)) {
      return;
    }
    long voters = bySlot.merge(digest, 1L << from, (a, b) -> a | b);
    while (checkpointVotes.size() > 8) {
      checkpointVotes.pollFirstEntry();
    }
    byte[] own = ownSnapshots.get(slot);
    if (Long.bitCount(voters) >= quorum && own != null && executor.executedThrough() >= slot) {
      if (!Sha256.hash(own).equals(digest)) {
        rejections.count("a majority's checkpoint differs from this replica's state");
        return;
      }
      stableSlot = slot;
      stableDigest = digest;
      stableSnapshot = own;
      out.persist(new PersistOp.SaveCheckpoint(new CheckpointProof(slot, digest, List.of()), own));
      log.truncateThrough(slot);
      ownSnapshots.headMap(slot).clear();
      checkpointVotes.headMap(slot + 1).clear();
    }
  }

  private void onSnapshotReply(SnapshotReply r) {
    if (r.slot() <= executor.executedThrough() || r.snapshot() == null
        || !Sha256.hash(r.snapshot()).equals(r.stateDigest())) {
      return;
    }
    try {
      installSnapshot(r.slot(), r.stateDigest(), r.snapshot());
    } catch (IllegalArgumentException e) {
      rejections.count("snapshot that does not decode");
      return;
    }
    out.persist(new PersistOp.SaveCheckpoint(new CheckpointProof(r.slot(), r.stateDigest(), List.of()), r.snapshot()));
    maybeRequestCatchup();
  }

  /** Replaces the application state with a snapshot at {@code slot}; every slot up to it is chosen. */
  private void installSnapshot(long slot, Digest32 digest, byte[] snapshot) {
    if (role != Role.FOLLOWER && leader.nextSlot <= slot) {
      // Slots past everything it proposed were chosen elsewhere: another ballot leads.
      stepDown();
    }
    executor.restore(slot, snapshot);
    stableSlot = slot;
    stableDigest = digest;
    stableSnapshot = snapshot;
    log.truncateThrough(slot);
    ownSnapshots.headMap(slot + 1).clear();
    if (chosenThrough < slot) {
      chosenThrough = slot;
    }
    while (true) {
      SlotEntry next = log.get(chosenThrough + 1);
      if (next == null || !next.isChosen()) {
        break;
      }
      chosenThrough++;
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<PromiseEntry> acceptedFrom(long fromSlot) {
    List<PromiseEntry> entries = new ArrayList<>();
    for (long s = Math.max(log.truncatedThrough() + 1, fromSlot); s <= log.highestSlot(); s++) {
      SlotEntry e = log.get(s);
      if (e == null) {
        continue;
      }
      if (e.isChosen()) {
        entries.add(new PromiseEntry(s, e.acceptedBallot, e.chosen, true));
      } else if (e.hasVote()) {
        entries.add(new PromiseEntry(s, e.acceptedBallot, e.acceptedBatch, false));
      }
    }
    return entries;
  }

  private void raisePromise(long ballot) {
    if (ballot > promised) {
      promised = ballot;
      out.persist(new PersistOp.SavePromise(ballot));
      if (role != Role.FOLLOWER && ballot > leader.ballot) {
        stepDown();
      }
    }
  }

  private void noteLeaderContact(int from, long ballot) {
    if (ballot == promised) {
      lastLeaderContactTick = now;
      leaderHint = from;
      electionDeadline = now + randomElectionTimeout();
    }
  }

  private boolean followsLiveLeader() {
    if (role == Role.LEADER) {
      return true;
    }
    return role == Role.FOLLOWER && now - lastLeaderContactTick < config.electionTimeoutTicks();
  }

  private int leaderOf(long ballot) {
    return (int) Math.floorMod(ballot, (long) n);
  }

  private long randomElectionTimeout() {
    return config.electionTimeoutTicks() + random.nextInt(config.electionTimeoutTicks());
  }

  private void checkInvariants() {
    Invariants.check(executor.executedThrough() <= chosenThrough, "executed %d beyond chosen %d",
        executor.executedThrough(), chosenThrough);
    Invariants.check(promised >= -1 && maxBallotSeen >= promised, "promise %d above max seen %d", promised, maxBallotSeen);
    if (role == Role.LEADER) {
      Invariants.check(leader != null && leader.active && promised == leader.ballot,
          "leader of ballot %s holds promise %d", leader == null ? "?" : leader.ballot, promised);
      Invariants.check(leader.nextSlot > chosenThrough || leader.nextSlot >= leader.fromSlot,
          "leader's next slot %d behind", leader.nextSlot);
    }
    if (role == Role.CANDIDATE) {
      Invariants.check(leader != null && !leader.active && promised == leader.ballot, "candidate state");
    }
  }

  // ---------------------------------------------------------------- observation (read-only)

  public int id() {
    return id;
  }

  public Role role() {
    return role;
  }

  public long promised() {
    return promised;
  }

  public long chosenThrough() {
    return chosenThrough;
  }

  public long executedThrough() {
    return executor.executedThrough();
  }

  public long now() {
    return now;
  }

  /** The ballot this replica leads or is running for, -1 if it follows. */
  public long ownBallot() {
    return leader == null ? -1 : leader.ballot;
  }

  /** Slots the log holds now: bounded by checkpoints, whatever the run's length. */
  public int logSize() {
    return log.size();
  }

  public long stableCheckpointSlot() {
    return stableSlot;
  }

  public Batch chosenAt(long slot) {
    SlotEntry e = log.get(slot);
    return e == null ? null : e.chosen;
  }

  public Map<String, Long> rejections() {
    return rejections.snapshot();
  }

  public StateMachine stateMachine() {
    return executor.stateMachine();
  }

  @Override
  public ReplicaStatus status() {
    return new ReplicaStatus(id, promised, leaderHint, role == Role.CANDIDATE, executor.executedThrough(), stableSlot,
        rejections.snapshot());
  }
}
