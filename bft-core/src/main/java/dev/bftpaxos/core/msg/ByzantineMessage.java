package dev.bftpaxos.core.msg;

import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * Byzantine mode's agreement messages: every one is signed by its sender over the statement bytes
 * that {@code dev.bftpaxos.crypto.Statements} defines, never over a re-encoding of the record. A
 * correct replica verifies the signature before it acts on anything else in the message.
 */
public sealed interface ByzantineMessage extends Message {

  /** Calls the handler method of this message's type. */
  void dispatch(Handler h);

  /** One method per Byzantine-mode message type. */
  interface Handler {
    void onPropose(Propose m);

    void onAccept(SignedAccept m);

    void onCommit(SignedCommit m);

    void onPromise(BallotPromise m);

    void onNewBallot(NewBallot m);
  }

  /** The leader of {@code ballot} proposes {@code batch} for {@code slot}. */
  record Propose(int from, long ballot, long slot, Batch batch, byte[] signature) implements ByzantineMessage {
    @Override
    public void dispatch(Handler h) {
      h.onPropose(this);
    }
  }

  /** An acceptor's vote for the batch with {@code digest}: at most one per (ballot, slot). */
  record SignedAccept(int from, long ballot, long slot, Digest32 digest, byte[] signature)
      implements ByzantineMessage {
    @Override
    public void dispatch(Handler h) {
      h.onAccept(this);
    }
  }

  /** "I hold an accept certificate for (ballot, slot, digest)". */
  record SignedCommit(int from, long ballot, long slot, Digest32 digest, byte[] signature)
      implements ByzantineMessage {
    @Override
    public void dispatch(Handler h) {
      h.onCommit(this);
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

    @Override
    public void dispatch(Handler h) {
      h.onPromise(this);
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

    @Override
    public void dispatch(Handler h) {
      h.onNewBallot(this);
    }
  }

  // ------------------------------------------------------------------ proofs carried inside messages

  /** An accept certificate: a quorum of signed ACCEPTs for (ballot, slot, digest), with the batch. */
  record AcceptProof(long ballot, long slot, Digest32 digest, Batch batch, List<SignerSignature> signatures) {
    public AcceptProof {
      signatures = List.copyOf(signatures);
    }
  }

  /** What a new leader proposes for one slot: a re-proposed batch, or a no-op. */
  record Reproposal(long slot, Batch batch) {}
}
