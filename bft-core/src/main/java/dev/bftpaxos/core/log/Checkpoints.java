package dev.bftpaxos.core.log;

import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.LogMessage.Checkpoint;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Sha256;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checkpoint voting and the stable checkpoint, the same in both modes: every {@code checkpointSlots}
 * executed slots a replica snapshots its state and votes for its digest; a quorum of matching votes
 * (the mode's {@link dev.bftpaxos.core.mode.Mode#checkpointQuorum}, signed in Byzantine mode) makes
 * the checkpoint stable, and the log is truncated below it. A replica that learns of a stable
 * checkpoint above what it executed fetches the state ({@link StateTransfer}).
 *
 * <p>Votes are kept per signer, at most {@code checkpointVotesPerSignerMax} each, and only for
 * slots above the stable checkpoint and at most {@code slotsAheadMax} beyond it: a faulty replica
 * voting for far-future slots fills its own share and evicts nobody else's vote. Within a share,
 * votes inside the watermark window are worth more than votes beyond it (then the higher slot),
 * so far-future junk a faulty replica signed never blocks its own later genuine votes: a share
 * full of junk beyond the window would otherwise stay full for ever, since only truncation frees
 * it, and the replica would count as silent for every checkpoint (one lagging replica more and
 * the leader could make no checkpoint stable: extreme-values found it).
 */
final class Checkpoints {
  /** What a checkpoint vote is for: a slot and the state digest there. */
  record Key(long slot, Digest32 stateDigest) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return slot != o.slot ? Long.compare(slot, o.slot) : stateDigest.compareTo(o.stateDigest);
    }
  }

  private final ReplicatedLog log;
  private final VoteTally<Key> votes;
  /** Least worth keeping first: beyond the watermark window, then by slot (and digest). */
  private final Comparator<Key> worth;
  private CheckpointProof stable;
  private byte[] stableSnapshot;
  /** This replica's snapshots and vote signatures above the stable checkpoint (at most watermark/interval). */
  private final TreeMap<Long, byte[]> ownSnapshots = new TreeMap<>();
  private final TreeMap<Long, byte[]> ownSignatures = new TreeMap<>();
  private long lastRetransmitTick;
  /** A proven checkpoint above what this replica executed, waiting for its execution; or null. */
  private CheckpointProof ahead;
  /** What this replica had executed when {@link #ahead} was last looked at. */
  private long aheadExecuted;
  private final PeerThrottle reminded;

  private final Configuration universe;

  Checkpoints(ReplicatedLog log) {
    this.universe = Configuration.initial(log.n());
    this.log = log;
    this.votes = new VoteTally<>(log.config().limits().checkpointVotesPerSignerMax());
    int window = log.config().limits().watermarkSlots();
    this.worth = Comparator.comparing((Key k) -> k.slot() - stableSlot() <= window)
        .thenComparing(Comparator.naturalOrder());
    this.reminded = new PeerThrottle(log.n(), log.config().limits().fetchAnswerIntervalTicks(), 1);
  }

  /** Restart: the persisted stable checkpoint, whose state the executor already holds. */
  void recover(CheckpointProof proof, byte[] snapshot) {
    stable = proof;
    stableSnapshot = snapshot;
  }

  /** This replica executed through {@code slot}, a checkpoint slot: vote for its state there. */
  void take(long slot, byte[] snapshot) {
    Digest32 digest = Sha256.hash(snapshot);
    ownSnapshots.put(slot, snapshot);
    byte[] signature = log.mode().signCheckpoint(slot, digest);
    ownSignatures.put(slot, signature);
    log.broadcast(new Checkpoint(log.id(), slot, digest, signature));
    count(log.id(), slot, digest, signature);
    if (ahead != null && ahead.slot() <= slot) {
      checkAhead();
    }
  }

  void onVote(Checkpoint c) {
    if (c.slot() <= stableSlot()) {
      log.reject("checkpoint vote at or below the stable checkpoint");
      remind(c.from());
      return;
    }
    if (c.slot() % log.config().checkpointSlots() != 0 || c.stateDigest() == null || c.signature() == null) {
      log.reject("malformed checkpoint vote (slot off the interval, or no digest)");
      return;
    }
    if (c.slot() - stableSlot() > log.config().limits().slotsAheadMax()) {
      log.reject("checkpoint vote too far above the stable checkpoint");
      return;
    }
    if (knowsConfigurationOf(c.slot()) && !log.configurations().at(c.slot()).contains(c.from())) {
      // Where the slot's configuration is known only its members' votes count (count, membersOnly), so
      // a removed replica's vote is refused for what it is, not as a bad signature (its key for the
      // slot's configuration does not exist).
      log.reject("checkpoint vote from a non-member of the slot's configuration");
      return;
    }
    if (!log.mode().checkpointSigned(c.from(), c.slot(), c.stateDigest(), c.signature())) {
      log.reject("checkpoint with a bad signature");
      return;
    }
    count(c.from(), c.slot(), c.stateDigest(), c.signature());
  }

  private void count(int from, long slot, Digest32 digest, byte[] signature) {
    Key key = new Key(slot, digest);
    switch (votes.add(key, from, signature, worth)) {
      case REFUSED -> log.reject("checkpoint vote below the signer's kept votes");
      case REPEATED -> { }
      case NEW -> {
        // The state after `slot` is vouched for by the members of the configuration that governs it.
        Configuration members = log.configurations().at(slot);
        SortedMap<Integer, byte[]> all = votes.signers(key);
        SortedMap<Integer, byte[]> signers = membersOnly(all, members);
        int quorum = log.mode().checkpointQuorum(members);
        if (signers.size() >= quorum && slot > stableSlot() && (knowsConfigurationOf(slot) || universeQuorum(all))) {
          quorumFor(log.mode().checkpointProof(slot, digest, firstQuorum(signers, quorum)));
        }
      }
    }
  }

  /**
   * A quorum of votes proves a checkpoint. If this replica is executing its way there (a few slots
   * behind, within the window), it waits while its execution advances instead of fetching the
   * state: with a quorum of the other replicas' votes the proof often comes a moment before this
   * replica's own execution reaches the slot, and a state transfer then costs a fetch and leaves
   * the replica out of the voting meanwhile (with one faulty replica voting, the leader could
   * not make progress without it: extreme-values found it). A tick in which its execution does
   * not advance ends the wait ({@link #onTick}).
   */
  private void quorumFor(CheckpointProof proof) {
    long executed = log.executor().executedThrough();
    if (executed < proof.slot() && proof.slot() - executed <= log.config().limits().watermarkSlots()
        && !log.transfer().pending()) {
      if (ahead == null || proof.slot() > ahead.slot()) {
        ahead = proof;
        aheadExecuted = executed;
      }
      return;
    }
    makeStable(proof);
  }

  /** Ends the wait of {@link #quorumFor} once execution reached the slot or stopped advancing. */
  private void checkAhead() {
    if (ahead == null) {
      return;
    }
    long executed = log.executor().executedThrough();
    if (ahead.slot() <= stableSlot()) {
      ahead = null;
    } else if (executed >= ahead.slot() || executed == aheadExecuted) {
      CheckpointProof p = ahead;
      ahead = null;
      makeStable(p);
    } else {
      aheadExecuted = executed;
    }
  }

  /**
   * Adopts a proven checkpoint: truncates below it, and fetches the state if this replica has not
   * executed that far. A quorum whose digest differs from this replica's own state at the slot is
   * refused and counted (a bug, or more faulty replicas than the mode tolerates).
   */
  void makeStable(CheckpointProof proof) {
    long slot = proof.slot();
    if (slot <= stableSlot()) {
      return;
    }
    if (log.executor().executedThrough() >= slot) {
      byte[] own = ownSnapshots.get(slot);
      if (own == null || !Sha256.hash(own).equals(proof.stateDigest())) {
        log.reject("a quorum's checkpoint differs from this replica's state");
        return;
      }
      stable = proof;
      stableSnapshot = own;
      log.persist(new PersistOp.SaveCheckpoint(proof, own));
    } else {
      stable = proof;
      stableSnapshot = null;
      log.transfer().need();
    }
    dropThrough(slot);
    log.stableMoved(slot);
  }

  /**
   * A snapshot at {@code proof.slot()} was installed and made durable; it is stable if newer. This
   * replica then votes for it as if it had executed there: its state has that digest now, and a
   * peer that lacks a quorum for the checkpoint (the others voted, but one of them is faulty) can
   * count this vote, asked for or reminded, instead of waiting for a ballot change.
   */
  void installed(CheckpointProof proof, byte[] snapshot) {
    if (proof.slot() < stableSlot()) {
      return;
    }
    boolean moved = proof.slot() > stableSlot();
    stable = proof;
    stableSnapshot = snapshot;
    dropThrough(proof.slot());
    if (!ownSignatures.containsKey(proof.slot())) {
      ownSnapshots.put(proof.slot(), snapshot);
      byte[] signature = log.mode().signCheckpoint(proof.slot(), proof.stateDigest());
      ownSignatures.put(proof.slot(), signature);
      log.broadcast(new Checkpoint(log.id(), proof.slot(), proof.stateDigest(), signature));
    }
    if (moved) {
      log.stableMoved(proof.slot());
    }
  }

  private void dropThrough(long slot) {
    ownSnapshots.headMap(slot).clear();
    ownSignatures.headMap(slot).clear();
    votes.removeIf(k -> k.slot() <= slot);
  }

  /** Re-sends this replica's newest vote that is not yet stable, so a lost vote cannot stall truncation. */
  void onTick() {
    checkAhead();
    if (log.now() - lastRetransmitTick < log.config().retransmitTicks()) {
      return;
    }
    lastRetransmitTick = log.now();
    Map.Entry<Long, byte[]> latest = ownSignatures.lastEntry();
    if (latest != null && latest.getKey() > stableSlot()) {
      byte[] snapshot = ownSnapshots.get(latest.getKey());
      if (snapshot != null) {
        log.broadcast(new Checkpoint(log.id(), latest.getKey(), Sha256.hash(snapshot), latest.getValue()));
      }
    }
  }

  /**
   * A peer voted for a checkpoint at or below this replica's stable one: it lags, and may be missing
   * this replica's vote for the stable checkpoint (lost, and no longer re-sent once stable here).
   * Without it a peer whose quorum needs this replica's vote cannot move its window and stalls
   * (crash mode, n = 3 with one replica out: the simulator found it). Rate-limited per peer.
   */
  private void remind(int peer) {
    byte[] signature = ownSignatures.get(stableSlot());
    byte[] snapshot = ownSnapshots.get(stableSlot());
    if (signature == null || snapshot == null || !reminded.allow(peer, log.now())) {
      return;
    }
    log.send(peer, new Checkpoint(log.id(), stableSlot(), stable.stateDigest(), signature));
  }

  /**
   * Whether this replica knows which configuration governs {@code slot}: every change that could
   * govern it was executed at least alpha slots before it, so once execution is that far.
   */
  private boolean knowsConfigurationOf(long slot) {
    return slot - log.configurations().alpha() <= log.executor().executedThrough();
  }

  /**
   * Where it does not (it lags more than alpha slots), the votes must also be a quorum of every
   * replica that exists: counted in a configuration it does not know yet, a quorum of the old one
   * made a lagging replica take a checkpoint for stable that no member could serve (simulated
   * reconfiguration, seed 206). Where the configuration is every replica, as in any run without a
   * change, the two counts are the same one.
   */
  private boolean universeQuorum(SortedMap<Integer, byte[]> all) {
    return all.size() >= log.mode().checkpointQuorum(universe);
  }

  private static SortedMap<Integer, byte[]> membersOnly(SortedMap<Integer, byte[]> signers, Configuration c) {
    for (Integer signer : signers.keySet()) {
      if (!c.contains(signer)) {
        TreeMap<Integer, byte[]> kept = new TreeMap<>(signers);
        kept.keySet().removeIf(r -> !c.contains(r));
        return kept;
      }
    }
    return signers;
  }

  private static SortedMap<Integer, byte[]> firstQuorum(SortedMap<Integer, byte[]> signers, int quorum) {
    TreeMap<Integer, byte[]> first = new TreeMap<>();
    for (Map.Entry<Integer, byte[]> e : signers.entrySet()) {
      if (first.size() == quorum) {
        break;
      }
      first.put(e.getKey(), e.getValue());
    }
    return first;
  }

  long stableSlot() {
    return stable == null ? 0 : stable.slot();
  }

  CheckpointProof stable() {
    return stable;
  }

  /** The state at the stable checkpoint, or null while it is being fetched (or before the first). */
  byte[] stableSnapshot() {
    return stableSnapshot;
  }

  int votesHeld() {
    return votes.size();
  }
}
