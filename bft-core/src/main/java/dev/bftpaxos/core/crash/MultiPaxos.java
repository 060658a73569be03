package dev.bftpaxos.core.crash;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Role;
import dev.bftpaxos.core.crash.CrashPhase.Campaign;
import dev.bftpaxos.core.crash.CrashPhase.Following;
import dev.bftpaxos.core.crash.CrashPhase.Leadership;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.log.LogServices;
import dev.bftpaxos.core.log.SlotWindow;
import dev.bftpaxos.core.mode.Agreement;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CrashMessage;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.msg.ReplicationMessage.Commit;
import dev.bftpaxos.core.msg.ReplicationMessage.Heartbeat;
import dev.bftpaxos.core.msg.ReplicationMessage.HeartbeatAck;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Crash mode's agreement: Multi-Paxos as in protocol.md (phase 1 once per leader, no-op gap
 * filling, pipelined phase 2, commit indexes piggybacked, heartbeats and randomized elections,
 * sticky leaders for partial connectivity). It decides slots; the shared log executes them.
 */
public final class MultiPaxos implements Agreement, CrashMessage.Handler {
  /** One slot's acceptor vote and, while this replica leads, who voted for its proposal. */
  private static final class Vote {
    long ballot = -1;
    Batch batch;
    /** Bit i: replica i accepted this replica's proposal in its ballot. */
    long voters;
    long proposedTick;
  }

  private final LogServices log;
  private final CrashRules rules;
  private final int id;
  private final int n;
  private final SlotWindow<Vote> votes;

  private long promised;
  private long maxBallotSeen;
  private CrashPhase phase = Following.INSTANCE;
  private int leaderHint = -1;
  private long lastLeaderContactTick = Long.MIN_VALUE / 2;
  private long electionDeadline;
  /** The last configuration known when this replica's leadership began: a later one means re-electing. */
  private long leaderConfigurationId = -1;

  MultiPaxos(LogServices log, CrashRules rules, DurableState durable) {
    this.log = log;
    this.rules = rules;
    this.id = log.id();
    this.n = log.replicas();
    this.votes = log.newSlotWindow();
    this.promised = durable.promised();
    this.maxBallotSeen = durable.promised();
    for (Map.Entry<Long, DurableState.Vote> e : durable.accepted().entrySet()) {
      if (log.inWindow(e.getKey())) {
        Vote v = votes.getOrCreate(e.getKey(), Vote::new);
        v.ballot = e.getValue().ballot();
        v.batch = e.getValue().batch();
      }
    }
    this.electionDeadline = randomElectionTimeout();
    long refusal = rules.restartRefusalTicks(log.config().electionTimeoutTicks(), driftPermille());
    if (refusal > 0) {
      // As if it had just heard a leader: it refuses to help elect another for that long.
      this.lastLeaderContactTick = refusal - log.config().electionTimeoutTicks();
    }
  }

  // ================================================================ messages

  @Override
  public void onMessage(Message m) {
    if (!(m instanceof CrashMessage c)) {
      log.reject("Byzantine-mode message in crash mode");
      return;
    }
    if (m.ballot() > Math.max(promised, 0) + log.config().limits().ballotsAheadMax()) {
      log.reject("ballot too far above this replica's");
      return;
    }
    if (m.ballot() > maxBallotSeen) {
      maxBallotSeen = m.ballot();
    }
    c.dispatch(this);
  }

  @Override
  public void onPrepare(Prepare p) {
    if (p.ballot() < promised) {
      log.send(p.from(), new Nack(id, p.ballot(), promised));
      return;
    }
    if (p.ballot() > promised && followsLiveLeader() && !(phase instanceof Following && p.from() == leaderOf(promised))) {
      // Not helping depose a leader that still has a quorum: prevents a cut-off replica from
      // disrupting a working cluster (partial connectivity).
      log.reject("prepare refused: leader alive");
      log.send(p.from(), new Nack(id, p.ballot(), promised));
      return;
    }
    raisePromise(p.ballot());
    log.send(p.from(), new Promise(id, p.ballot(), p.fromSlot(), acceptedFrom(p.fromSlot()), log.chosenThrough()));
    electionDeadline = log.now() + randomElectionTimeout();
  }

  @Override
  public void onPromise(Promise p) {
    if (!(phase instanceof Campaign c) || p.ballot() != c.ballot) {
      return;
    }
    c.promises.put(p.from(), p);
    long promisers = 1L << id;
    for (int from : c.promises.keySet()) {
      promisers |= 1L << from;
    }
    if (quorumOfEvery(c.fromSlot, promisers)) {
      becomeLeader(c);
    }
  }

  @Override
  public void onNack(Nack k) {
    if (phase instanceof Campaign c && k.ballot() == c.ballot && k.promised() > c.ballot) {
      stepDown();
    } else if (phase instanceof Leadership l && k.ballot() == l.ballot && k.promised() > l.ballot) {
      // A replica promised a higher ballot than this leader's: a later leader exists, or it
      // campaigned while down or cut off and this leader's quorum refused it. Either way it can
      // never accept in this ballot again; kept leading, the cluster ran without it for good, one
      // crash from a stall. Step down: the next election (this replica's included) goes above it.
      maxBallotSeen = Math.max(maxBallotSeen, k.promised());
      log.reject("stepped down: a replica promised a higher ballot");
      stepDown();
    }
  }

  @Override
  public void onAccept(Accept a) {
    if (!rules.mayAccept(a.ballot(), promised)) {
      log.send(a.from(), new Nack(id, a.ballot(), promised));
      return;
    }
    if (a.from() != leaderOf(a.ballot()) || a.batch() == null) {
      log.reject("accept from non-leader or without a batch");
      return;
    }
    if (phase.ownBallot() == a.ballot()) {
      log.reject("accept for own ballot from another replica");
      return;
    }
    raisePromise(a.ballot());
    noteLeaderContact(a.from(), a.ballot());
    if (a.slot() <= log.low()) {
      // Chosen and under our stable checkpoint. Never vote here: a leader of a ballot below the
      // one the slot was chosen in may propose another value. Send the state instead; it shows
      // the leader the slot is decided.
      log.reject("accept for a slot under the stable checkpoint: sent the snapshot");
      log.sendStateTo(a.from());
      return;
    }
    if (!log.inWindow(a.slot())) {
      log.reject("accept above the window: catching up first");
      learnCommit(a.from(), a.ballot(), a.commitThrough());
      return;
    }
    Vote v = votes.getOrCreate(a.slot(), Vote::new);
    if (v.ballot != a.ballot()) {
      v.ballot = a.ballot();
      v.batch = a.batch();
      log.persist(new PersistOp.SaveAccepted(a.slot(), a.ballot(), a.batch()));
    }
    log.send(a.from(), new Accepted(id, a.ballot(), a.slot()));
    learnCommit(a.from(), a.ballot(), a.commitThrough());
  }

  @Override
  public void onAccepted(Accepted a) {
    if (!(phase instanceof Leadership l) || a.ballot() != l.ballot) {
      return;
    }
    l.heardSinceCheck |= 1L << a.from();
    Vote v = votes.get(a.slot());
    if (v == null || v.ballot != l.ballot || log.isChosen(a.slot())) {
      return;
    }
    v.voters |= 1L << a.from();
    // Only the members of the slot's configuration vote there, and they set the quorum.
    Configuration voting = rules.votingConfiguration(log, a.slot());
    if (voting.countMembers(v.voters) >= rules.quorumSize(voting, log)) {
      log.choose(a.slot(), v.batch, null);
    }
  }

  @Override
  public void onCommit(Commit c) {
    onLeaderNews(c.from(), c.ballot(), c.commitThrough(), false);
  }

  @Override
  public void onHeartbeat(Heartbeat h) {
    onLeaderNews(h.from(), h.ballot(), h.commitThrough(), true, h.round());
  }

  /** COMMIT or HEARTBEAT from the leader of {@code ballot}. */
  private void onLeaderNews(int from, long ballot, long commitThrough, boolean isHeartbeat) {
    onLeaderNews(from, ballot, commitThrough, isHeartbeat, 0);
  }

  private void onLeaderNews(int from, long ballot, long commitThrough, boolean isHeartbeat, long round) {
    if (from != leaderOf(ballot)) {
      log.reject("leader news from non-leader");
      return;
    }
    if (ballot < promised) {
      if (isHeartbeat) {
        log.send(from, new Nack(id, ballot, promised));
      }
      // Chosen is chosen, whatever the ballot: a replica past that ballot still fetches them.
      log.claimChosen(from, commitThrough);
      return;
    }
    if (phase.ownBallot() == ballot) {
      log.reject("leader news for own ballot from another replica");
      return;
    }
    raisePromise(ballot);
    noteLeaderContact(from, ballot);
    if (isHeartbeat) {
      log.send(from, new HeartbeatAck(id, ballot, log.chosenThrough(), round));
    }
    learnCommit(from, ballot, commitThrough);
  }

  @Override
  public void onHeartbeatAck(HeartbeatAck a) {
    if (phase instanceof Leadership l && a.ballot() == l.ballot) {
      l.heardSinceCheck |= 1L << a.from();
      if (a.round() > l.ackedRound[a.from()] && a.round() <= l.round) {
        l.ackedRound[a.from()] = a.round();
        confirmRounds(l);
      }
    }
  }

  /** The highest round a quorum (this leader included) acknowledged: its ballot held when it was sent. */
  private void confirmRounds(Leadership l) {
    long[] acked = l.ackedRound.clone();
    acked[id] = l.round;
    long from = log.chosenThrough() + 1;
    long confirmed = quorumthHighest(acked, log.configurationAt(from));
    Configuration last = log.latestConfiguration();
    if (last != log.configurationAt(from)) {
      confirmed = Math.min(confirmed, quorumthHighest(acked, last));
    }
    if (confirmed > l.confirmedRound) {
      Long sent = l.roundSentTick.get(confirmed);
      l.confirmedRound = confirmed;
      l.confirmedTick = sent == null ? l.confirmedTick : sent;
      l.roundSentTick.headMap(confirmed, true).clear();
    }
  }

  /** The quorum-th highest round among the members of {@code c}: acknowledged by a quorum of it. */
  private long quorumthHighest(long[] acked, Configuration c) {
    long[] mine = new long[c.n()];
    int k = 0;
    for (int r = 0; r < acked.length; r++) {
      if (c.contains(r)) {
        mine[k++] = acked[r];
      }
    }
    java.util.Arrays.sort(mine);
    return mine[c.n() - rules.quorumSize(c, log)];
  }

  /** Whether {@code replicas} hold a quorum of every configuration governing a slot from {@code fromSlot} on. */
  private boolean quorumOfEvery(long fromSlot, long replicas) {
    return log.quorumOfEvery(fromSlot, replicas, c -> rules.quorumSize(c, log));
  }

  /** Whether this replica alone is a quorum of every configuration from the next slot on. */
  private boolean alone() {
    return quorumOfEvery(log.chosenThrough() + 1, 1L << id);
  }

  // ================================================================ time

  @Override
  public void onTick() {
    long now = log.now();
    switch (phase.role()) {
      case FOLLOWER -> {
        if (now >= electionDeadline) {
          if (log.lagging()) {
            // Its window is behind the chosen slots: it could not lead them. Catch up first.
            electionDeadline = now + randomElectionTimeout();
          } else {
            startElection();
          }
        }
      }
      case CANDIDATE -> {
        Campaign c = (Campaign) phase;
        if (now >= electionDeadline) {
          startElection();
        } else if (now - c.prepareSentTick >= log.config().retransmitTicks()) {
          sendPrepares(c);
        }
      }
      case LEADER -> onLeaderTick((Leadership) phase);
    }
  }

  private void onLeaderTick(Leadership l) {
    long now = log.now();
    if (now - l.lastQuorumCheckTick >= log.config().electionTimeoutTicks()) {
      if (!quorumOfEvery(log.chosenThrough() + 1, l.heardSinceCheck | (1L << id))) {
        log.reject("stepped down: no quorum heard");
        stepDown();
        return;
      }
      l.heardSinceCheck = 0;
      l.lastQuorumCheckTick = now;
    }
    if (now - l.lastHeartbeatTick >= log.config().heartbeatTicks()) {
      sendHeartbeat(l);
    }
    retransmitAccepts(l);
  }

  /** A heartbeat opens a new round: its acknowledgements confirm the ballot as of now. */
  private void sendHeartbeat(Leadership l) {
    long now = log.now();
    l.lastHeartbeatTick = now;
    l.advertisedCommit = log.chosenThrough();
    l.round++;
    l.roundSentTick.put(l.round, now);
    log.broadcast(new Heartbeat(id, l.ballot, log.chosenThrough(), l.round));
    if (alone()) {
      confirmRounds(l);
    }
  }

  private void retransmitAccepts(Leadership l) {
    long now = log.now();
    for (long s = log.chosenThrough() + 1; s < l.nextSlot; s++) {
      Vote v = votes.get(s);
      // Only this ballot's own proposals: an older vote in the range was never vetted by phase 1.
      if (v == null || log.isChosen(s) || v.ballot != l.ballot || now - v.proposedTick < log.config().retransmitTicks()) {
        continue;
      }
      v.proposedTick = now;
      long members = log.allMembers();
      for (int peer = 0; peer < n; peer++) {
        if (peer != id && (v.voters & (1L << peer)) == 0 && (members & (1L << peer)) != 0) {
          log.send(peer, new Accept(id, l.ballot, s, v.batch, log.chosenThrough()));
        }
      }
    }
  }

  // ================================================================ leadership

  private void startElection() {
    if (!log.isMember()) {
      // Removed, or not yet added: it must not lead (nor disturb the members with prepares).
      log.reject("no election: not a member of the last configuration");
      electionDeadline = log.now() + randomElectionTimeout();
      return;
    }
    long base = Math.max(maxBallotSeen, promised);
    long ballot = (base < 0) ? id : (base / n + 1) * n + id;
    if (ballot <= base) {
      ballot += n;
    }
    raisePromise(ballot);
    maxBallotSeen = ballot;
    Campaign c = new Campaign(ballot, log.chosenThrough() + 1, log.now());
    phase = c;
    electionDeadline = log.now() + randomElectionTimeout();
    if (alone()) {
      becomeLeader(c);
      return;
    }
    sendPrepares(c);
  }

  private void sendPrepares(Campaign c) {
    c.prepareSentTick = log.now();
    long members = log.allMembers();
    for (int peer = 0; peer < n; peer++) {
      if (peer != id && !c.promises.containsKey(peer) && (members & (1L << peer)) != 0) {
        log.send(peer, new Prepare(id, c.ballot, c.fromSlot));
      }
    }
  }

  private void becomeLeader(Campaign c) {
    TreeMap<Long, List<PromiseEntry>> reports = new TreeMap<>();
    for (PromiseEntry e : acceptedFrom(c.fromSlot)) {
      reports.computeIfAbsent(e.slot(), s -> new ArrayList<>()).add(e);
    }
    // Slots a promiser has dropped under its stable checkpoint are chosen, and it no longer reports
    // them: they must not be re-proposed (that would put no-ops over chosen values). They are the
    // slots it counts as chosen but lists no entry for; the leader fetches them (a snapshot).
    // Everything else is re-proposed, including values reported as chosen, because the replica
    // that knew them chosen may forget that in a crash.
    long start = Math.max(c.fromSlot, log.low() + 1);
    for (Promise p : c.promises.values()) {
      long firstListed = Long.MAX_VALUE;
      for (PromiseEntry e : p.entries()) {
        if (e.slot() < 1) {
          continue; // no such slot
        }
        firstListed = Math.min(firstListed, e.slot());
        if (e.slot() >= c.fromSlot) {
          reports.computeIfAbsent(e.slot(), s -> new ArrayList<>()).add(e);
        }
      }
      long dropped = Math.min(p.chosenThrough(), firstListed - 1);
      if (dropped + 1 > start) {
        start = dropped + 1;
        log.claimChosen(p.from(), dropped);
      }
    }
    long last = reports.isEmpty() ? start - 1 : Math.max(start - 1, reports.lastKey());
    if (last > log.high()) {
      // The promises reach past this replica's window: it lags, and could not propose there.
      log.reject("won a ballot but lags its window: catching up first");
      stepDown();
      return;
    }
    Leadership l = new Leadership(c, start, n);
    l.reproposedThrough = last;
    phase = l;
    leaderHint = id;
    leaderConfigurationId = log.latestConfiguration().id();
    for (long s = start; s <= last; s++) {
      List<PromiseEntry> forSlot = reports.get(s);
      PromiseEntry pick = forSlot == null ? null : rules.reproposal(forSlot);
      propose(l, pick == null || pick.batch() == null ? Batch.NOOP : pick.batch());
    }
  }

  private void stepDown() {
    if (phase instanceof Leadership l) {
      for (CrashPhase.PendingRead p : l.reads) {
        log.refuseRead(p.read());
      }
    }
    phase = Following.INSTANCE;
    electionDeadline = log.now() + randomElectionTimeout();
  }

  @Override
  public void afterStep() {
    if (phase instanceof Leadership && log.latestConfiguration().id() != leaderConfigurationId) {
      // A change was executed: this ballot's phase 1 did not reach the new configuration's quorum,
      // which governs slots from the activation on. Elect again, covering both (docs/PROTOCOL.md).
      log.reject("stepped down: a configuration change was executed, re-electing");
      stepDown();
      startElection();
    }
    if (phase instanceof Leadership l) {
      proposeQueued(l);
      advertiseCommit(l);
      serveReads(l);
    }
  }

  // ================================================================ reads outside the log

  /**
   * A linearizable read waits for a heartbeat round sent after it arrived to be acknowledged by a
   * quorum (read-index: the ballot still held when the read was asked), and for execution to reach
   * its read index. A lease read needs no new round while the lease of the last confirmed one holds.
   * A follower refuses both: the client asks the leader.
   */
  @Override
  public void onRead(Read r) {
    if (!(phase instanceof Leadership l)) {
      log.refuseRead(r);
      return;
    }
    if (r.kind() == Read.Kind.LEASE && driftPermille() == 0) {
      log.reject("lease read without a clock drift bound: refused");
      log.refuseRead(r);
      return;
    }
    if (l.reads.size() >= log.config().pendingRequestsMax()) {
      log.reject("too many reads waiting");
      log.refuseRead(r);
      return;
    }
    long round = r.kind() == Read.Kind.LEASE && leaseHolds(l) ? l.confirmedRound : l.round + 1;
    // A write that completed before this read ran at a leader that executed it: this one, whose
    // chosen prefix holds it, or an earlier one, whose chosen slots this ballot re-proposed.
    long readIndex = Math.max(log.chosenThrough(), l.reproposedThrough);
    l.reads.add(new CrashPhase.PendingRead(r, readIndex, round));
  }

  private boolean leaseHolds(Leadership l) {
    return log.now() < l.confirmedTick + rules.leaseTicks(log.config().electionTimeoutTicks(), driftPermille());
  }

  private void serveReads(Leadership l) {
    boolean needRound = false;
    for (int i = l.reads.size(); i > 0; i--) {
      CrashPhase.PendingRead p = l.reads.poll();
      if (p.read().kind() == Read.Kind.LEASE && p.round() <= l.confirmedRound && !leaseHolds(l)) {
        // The lease ran out while it waited: confirm the ballot like any linearizable read.
        p = new CrashPhase.PendingRead(p.read(), p.readIndex(), l.round + 1);
      }
      if (p.round() <= l.confirmedRound && log.executedThrough() >= p.readIndex()) {
        log.answerRead(p.read());
      } else {
        l.reads.add(p);
        needRound |= p.round() > l.round;
      }
    }
    // At most one new round per tick, however many reads arrive in it.
    if (needRound && l.lastHeartbeatTick < log.now()) {
      sendHeartbeat(l);
    }
  }

  private int driftPermille() {
    return log.config().limits().clockDriftMaxPermille();
  }

  private void proposeQueued(Leadership l) {
    while (l.nextSlot - 1 - log.chosenThrough() < log.config().pipelineSlots() && log.inWindow(l.nextSlot)) {
      Batch batch = log.nextBatch();
      if (batch == null) {
        return;
      }
      propose(l, batch);
    }
  }

  private void propose(Leadership l, Batch batch) {
    long slot = l.nextSlot++;
    Vote v = votes.getOrCreate(slot, Vote::new);
    v.ballot = l.ballot;
    v.batch = batch;
    v.voters = 1L << id;
    v.proposedTick = log.now();
    log.persist(new PersistOp.SaveAccepted(slot, l.ballot, batch));
    log.broadcast(new Accept(id, l.ballot, slot, batch, log.chosenThrough()));
    l.advertisedCommit = Math.max(l.advertisedCommit, log.chosenThrough());
    if (alone()) {
      log.choose(slot, batch, null);
    }
  }

  private void advertiseCommit(Leadership l) {
    if (log.chosenThrough() <= l.advertisedCommit) {
      return;
    }
    l.advertisedCommit = log.chosenThrough();
    log.broadcast(new Commit(id, l.ballot, log.chosenThrough()));
  }

  // ================================================================ learning

  /**
   * The leader of {@code ballot} says every slot through {@code commitThrough} is chosen. A slot
   * whose vote here is at that ballot is chosen with that vote: the leader proposed one value per
   * slot in its ballot, and it vouches only for slots its own ballot decided (see
   * {@link #onLearnedFromPeer}).
   */
  private void learnCommit(int from, long ballot, long commitThrough) {
    long scanTo = Math.min(commitThrough, log.high());
    for (long s = log.chosenThrough() + 1; s <= scanTo; s++) {
      Vote v = votes.get(s);
      if (v != null && !log.isChosen(s) && v.ballot == ballot) {
        log.choose(s, v.batch, null);
      }
    }
    log.claimChosen(from, commitThrough);
  }

  /**
   * A leader learns a slot it proposed in its ballot (or a later one) chosen from a peer instead of
   * its own quorum: another ballot decided it, possibly with another value. Leading on would make it
   * advertise a commit index over that slot, and a follower still in this ballot would take its own
   * vote there as chosen (issue 9's crash-mode finding, StaleLeaderCommitTest). It steps down.
   */
  @Override
  public void onLearnedFromPeer(long slot) {
    if (phase instanceof Leadership l && slot >= l.firstSlot) {
      log.reject("leader learned a slot of its ballot from a peer: another ballot moved on");
      stepDown();
    }
  }

  @Override
  public void onStateInstalled(long slot) {
    if (phase instanceof Leadership l ? slot >= l.firstSlot : phase instanceof Campaign) {
      // The state reaches into what this ballot was deciding: another ballot decided it.
      stepDown();
    }
  }

  @Override
  public void onStable(long slot) {
    if (phase instanceof Leadership l && slot >= l.nextSlot) {
      stepDown();
    }
  }

  @Override
  public void onRequest(Request request) {}

  @Override
  public void onExecuted(Executed executed) {}

  // ================================================================ helpers

  private List<PromiseEntry> acceptedFrom(long fromSlot) {
    List<PromiseEntry> entries = new ArrayList<>();
    for (long s = Math.max(log.low() + 1, fromSlot); s <= votes.highest(); s++) {
      Vote v = votes.get(s);
      Batch chosen = log.chosenBatch(s);
      if (chosen != null) {
        entries.add(new PromiseEntry(s, v == null ? -1 : v.ballot, chosen, true));
      } else if (v != null && v.batch != null) {
        entries.add(new PromiseEntry(s, v.ballot, v.batch, false));
      }
    }
    return entries;
  }

  private void raisePromise(long ballot) {
    if (ballot > promised) {
      promised = ballot;
      log.persist(new PersistOp.SavePromise(ballot));
      if (ballot > phase.ownBallot() && !(phase instanceof Following)) {
        stepDown();
      }
    }
  }

  private void noteLeaderContact(int from, long ballot) {
    if (ballot == promised) {
      lastLeaderContactTick = log.now();
      leaderHint = from;
      electionDeadline = log.now() + randomElectionTimeout();
    }
  }

  private boolean followsLiveLeader() {
    if (phase instanceof Leadership) {
      return true;
    }
    return phase instanceof Following && log.now() - lastLeaderContactTick < log.config().electionTimeoutTicks();
  }

  private int leaderOf(long ballot) {
    return (int) Math.floorMod(ballot, (long) n);
  }

  private long randomElectionTimeout() {
    return log.config().electionTimeoutTicks() + log.random().nextInt(log.config().electionTimeoutTicks());
  }

  @Override
  public void checkInvariants() {
    Invariants.check(promised >= -1 && maxBallotSeen >= promised, "promise %d above max seen %d", promised, maxBallotSeen);
    if (!(phase instanceof Following) && promised != phase.ownBallot()) {
      Invariants.check(false, phase.role() + " of ballot %d holds promise %d", phase.ownBallot(), promised);
    }
    if (phase instanceof Leadership l) {
      Invariants.check(l.nextSlot > log.low() && l.nextSlot - 1 <= log.high(), "leader's next slot %d outside (%d, %d]",
          l.nextSlot, log.low(), log.high() + 1);
    }
  }

  // ================================================================ observation (read-only)

  @Override
  public boolean isActiveLeader() {
    return phase instanceof Leadership;
  }

  @Override
  public int leaderHint() {
    return leaderHint;
  }

  @Override
  public long ballot() {
    return promised;
  }

  @Override
  public boolean changingBallot() {
    return phase instanceof Campaign;
  }

  public Role role() {
    return phase.role();
  }

  public long promised() {
    return promised;
  }

  /** The ballot this replica leads or is running for, -1 if it follows. */
  public long ownBallot() {
    return phase.ownBallot();
  }
}
