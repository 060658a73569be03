package dev.bftpaxos.core.msg;

import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * Byzantine mode: every message is signed by its sender over the statement bytes that
 * {@code dev.bftpaxos.crypto.Statements} defines, never over a re-encoding of the record.
 * A correct replica verifies the signature before it looks at anything else.
 */
public sealed interface ByzantineMessage extends Message {

  /** The leader of {@code ballot} proposes {@code batch} for {@code slot}. */
  record Propose(int from, long ballot, long slot, Batch batch, byte[] signature) implements ByzantineMessage {}

  /** An acceptor's vote for the batch with {@code digest}: at most one per (ballot, slot). */
  record SignedAccept(int from, long ballot, long slot, Digest32 digest, byte[] signature)
      implements ByzantineMessage {}

  /** "I hold an accept certificate for (ballot, slot, digest)". */
  record SignedCommit(int from, long ballot, long slot, Digest32 digest, byte[] signature)
      implements ByzantineMessage {}

  /** The state after executing through {@code slot} has digest {@code stateDigest}. */
  record Checkpoint(int from, long slot, Digest32 stateDigest, byte[] signature) implements ByzantineMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }

  /**
   * Phase 1 with proofs: the sender moves to {@code ballot}, and shows its latest stable
   * checkpoint and, for every later slot, the highest accept certificate it holds (with its batch).
   */
  record BallotPromise(int from, long ballot, CheckpointProof checkpoint, List<AcceptProof> accepted,
      byte[] signature) implements ByzantineMessage {
    public BallotPromise {
      accepted = List.copyOf(accepted);
    }
  }

  /**
   * The leader of {@code ballot} starts it: the quorum of promises it was built from and the
   * re-proposals they imply, which every acceptor recomputes before taking part.
   */
  record NewBallot(int from, long ballot, List<BallotPromise> promises, List<Reproposal> reproposals,
      byte[] signature) implements ByzantineMessage {
    public NewBallot {
      promises = List.copyOf(promises);
      reproposals = List.copyOf(reproposals);
    }
  }

  /** Asks for commit certificates of slots {@code [fromSlot, toSlot]} (a lagging replica). */
  record FetchSlots(int from, long fromSlot, long toSlot) implements ByzantineMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }

  /** Commit certificates with their batches: self-proving, so any replica may send them. */
  record SlotCertificates(int from, List<CommitProof> certificates) implements ByzantineMessage {
    public SlotCertificates {
      certificates = List.copyOf(certificates);
    }

    @Override
    public long ballot() {
      return -1;
    }
  }

  /** Asks for the state at the sender's known stable checkpoint {@code slot}. */
  record FetchState(int from, long slot) implements ByzantineMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }

  /** A snapshot of the state after {@code proof.slot()}; checked against the proof's digest. */
  record StateSnapshot(int from, CheckpointProof proof, byte[] snapshot) implements ByzantineMessage {
    @Override
    public long ballot() {
      return -1;
    }
  }

  // ------------------------------------------------------------------ proofs carried inside messages

  /** A quorum of signed CHECKPOINTs for one (slot, state digest): a stable checkpoint. */
  record CheckpointProof(long slot, Digest32 stateDigest, List<SignerSignature> signatures) {
    public CheckpointProof {
      signatures = List.copyOf(signatures);
    }
  }

  /** An accept certificate: a quorum of signed ACCEPTs for (ballot, slot, digest), with the batch. */
  record AcceptProof(long ballot, long slot, Digest32 digest, Batch batch, List<SignerSignature> signatures) {
    public AcceptProof {
      signatures = List.copyOf(signatures);
    }
  }

  /** A commit certificate: a quorum of signed COMMITs for (ballot, slot, digest), with the batch. */
  record CommitProof(long ballot, long slot, Digest32 digest, Batch batch, List<SignerSignature> signatures) {
    public CommitProof {
      signatures = List.copyOf(signatures);
    }
  }

  /** What a new leader proposes for one slot: a re-proposed batch, or a no-op. */
  record Reproposal(long slot, Batch batch) {}
}
