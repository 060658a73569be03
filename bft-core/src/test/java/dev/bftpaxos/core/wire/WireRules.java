package dev.bftpaxos.core.wire;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.LogMessage.Checkpoint;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.LogMessage.FetchSlots;
import dev.bftpaxos.core.msg.LogMessage.FetchState;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.LogMessage.StateSnapshot;
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
import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * The decoding rules of {@link WireCodec}'s documentation, written out again independently as the
 * oracle for the wild-message property: a message these accept must round-trip, one they refuse
 * must be rejected on decoding.
 */
final class WireRules {

  private WireRules() {}

  static boolean valid(Message m) {
    if (m.from() < 0) {
      return false;
    }
    if (m instanceof Prepare p) {
      return p.ballot() >= 0 && p.fromSlot() >= 1;
    } else if (m instanceof Promise p) {
      if (p.ballot() < 0 || p.fromSlot() < 1 || p.chosenThrough() < 0
          || p.entries().size() > WireCodec.ENTRIES_MAX) {
        return false;
      }
      for (PromiseEntry e : p.entries()) {
        if (e.slot() < 1 || e.acceptedBallot() < -1 || !valid(e.batch())) {
          return false;
        }
      }
      return true;
    } else if (m instanceof Nack n) {
      return n.ballot() >= 0 && n.promised() >= -1;
    } else if (m instanceof Accept a) {
      return a.ballot() >= 0 && a.slot() >= 1 && valid(a.batch()) && a.commitThrough() >= 0;
    } else if (m instanceof Accepted a) {
      return a.ballot() >= 0 && a.slot() >= 1;
    } else if (m instanceof Commit c) {
      return c.ballot() >= 0 && c.commitThrough() >= 0;
    } else if (m instanceof Heartbeat h) {
      return h.ballot() >= 0 && h.commitThrough() >= 0;
    } else if (m instanceof HeartbeatAck h) {
      return h.ballot() >= 0 && h.chosenThrough() >= 0;
    } else if (m instanceof ForwardedRequest f) {
      return f.request() != null;
    } else if (m instanceof Propose p) {
      return p.ballot() >= 0 && p.slot() >= 1 && valid(p.batch()) && signature(p.signature());
    } else if (m instanceof SignedAccept a) {
      return a.ballot() >= 0 && a.slot() >= 1 && a.digest() != null && signature(a.signature());
    } else if (m instanceof SignedCommit c) {
      return c.ballot() >= 0 && c.slot() >= 1 && c.digest() != null && signature(c.signature());
    } else if (m instanceof Checkpoint c) {
      // Crash mode signs nothing: an empty checkpoint signature is valid on the wire (a null one
      // encodes as absent and decodes as empty, so it does not round-trip).
      return c.slot() >= 1 && c.stateDigest() != null && c.signature() != null
          && c.signature().length <= WireCodec.SIGNATURE_BYTES_MAX;
    } else if (m instanceof BallotPromise p) {
      return valid(p);
    } else if (m instanceof NewBallot n) {
      if (n.ballot() < 0 || n.promises().size() > WireCodec.ENTRIES_MAX
          || n.reproposals().size() > WireCodec.ENTRIES_MAX || !signature(n.signature())) {
        return false;
      }
      for (BallotPromise p : n.promises()) {
        if (p.from() < 0 || !valid(p)) {
          return false;
        }
      }
      for (Reproposal r : n.reproposals()) {
        if (r.slot() < 1 || !valid(r.batch())) {
          return false;
        }
      }
      return true;
    } else if (m instanceof FetchSlots f) {
      return f.fromSlot() >= 1 && f.toSlot() >= 1;
    } else if (m instanceof ChosenSlots s) {
      if (s.slots().size() > WireCodec.ENTRIES_MAX || s.chosenThrough() < 0) {
        return false;
      }
      for (CommitProof c : s.slots()) {
        if (c.ballot() < 0 || c.slot() < 1 || c.digest() == null || !valid(c.batch())
            || !valid(c.signatures())) {
          return false;
        }
      }
      return true;
    } else if (m instanceof FetchState f) {
      return f.slot() >= 1;
    } else if (m instanceof StateSnapshot s) {
      return s.proof() != null && valid(s.proof()) && s.snapshot() != null;
    }
    throw new AssertionError("unknown message type " + m.getClass());
  }

  /** A promise's own fields; its sender is checked by the caller (Envelope or NewBallot). */
  private static boolean valid(BallotPromise p) {
    if (p.ballot() < 0 || (p.checkpoint() != null && !valid(p.checkpoint()))
        || p.accepted().size() > WireCodec.ENTRIES_MAX || !signature(p.signature())) {
      return false;
    }
    for (AcceptProof a : p.accepted()) {
      if (a.ballot() < 0 || a.slot() < 1 || a.digest() == null || !valid(a.batch())
          || !valid(a.signatures())) {
        return false;
      }
    }
    return true;
  }

  /** Slot 0, the initial state, is a valid checkpoint. */
  private static boolean valid(CheckpointProof c) {
    return c.slot() >= 0 && c.stateDigest() != null && valid(c.signatures());
  }

  private static boolean valid(List<SignerSignature> signatures) {
    if (signatures.size() > WireCodec.SIGNATURES_PER_PROOF_MAX) {
      return false;
    }
    for (SignerSignature s : signatures) {
      if (s.signerId() < 0 || !signature(s.signature())) {
        return false;
      }
    }
    return true;
  }

  private static boolean signature(byte[] s) {
    return s != null && s.length >= 1 && s.length <= WireCodec.SIGNATURE_BYTES_MAX;
  }

  static boolean valid(Batch b) {
    return b != null && b.requests().size() <= WireCodec.BATCH_REQUESTS_MAX;
  }

  static boolean valid(Reply r) {
    return r.replica() >= 0 && r.slot() >= 1 && r.leaderHint() >= -1;
  }
}
