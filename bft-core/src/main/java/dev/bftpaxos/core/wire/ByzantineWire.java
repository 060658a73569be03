package dev.bftpaxos.core.wire;

import static dev.bftpaxos.core.wire.WireCodec.SIGNATURES_PER_PROOF_MAX;
import static dev.bftpaxos.core.wire.WireCodec.SIGNATURE_BYTES_MAX;
import static dev.bftpaxos.core.wire.WireCodec.atLeast;
import static dev.bftpaxos.core.wire.WireCodec.ballot;
import static dev.bftpaxos.core.wire.WireCodec.batch;
import static dev.bftpaxos.core.wire.WireCodec.batchField;
import static dev.bftpaxos.core.wire.WireCodec.count;
import static dev.bftpaxos.core.wire.WireCodec.int32Field;
import static dev.bftpaxos.core.wire.WireCodec.int64Field;
import static dev.bftpaxos.core.wire.WireCodec.messageField;
import static dev.bftpaxos.core.wire.WireCodec.slot;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.proto.AcceptProof;
import dev.bftpaxos.core.wire.proto.BallotPromise;
import dev.bftpaxos.core.wire.proto.CheckpointProof;
import dev.bftpaxos.core.wire.proto.CommitProof;
import dev.bftpaxos.core.wire.proto.Envelope;
import dev.bftpaxos.core.wire.proto.NewBallot;
import dev.bftpaxos.core.wire.proto.Propose;
import dev.bftpaxos.core.wire.proto.Reproposal;
import dev.bftpaxos.core.wire.proto.SignedAccept;
import dev.bftpaxos.core.wire.proto.SignedCommit;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * The Byzantine-mode half of {@link WireCodec}: {@link ByzantineMessage} to and from its Envelope
 * bodies, and its encoded sizes; also the proofs (checkpoint, commit and accept certificates) that
 * the shared log's messages carry too ({@link LogWire}). {@link WireCodec} owns the public API, the
 * frame checks and the shared pieces (batches, requests, scalar sizes); the rules are documented
 * there.
 */
final class ByzantineWire {

  /** Encoded size of a set digest field: tag, length (32 fits one byte), 32 bytes. */
  private static final int DIGEST_FIELD_BYTES = 2 + Digest32.LENGTH;

  private ByzantineWire() {}

  // ================================================================ records to protos

  /** Sets {@code b}'s body to {@code m}'s (the caller has set {@code from}). */
  static void setBody(Envelope.Builder b, ByzantineMessage m) {
    if (m instanceof ByzantineMessage.Propose p) {
      Propose.Builder q = Propose.newBuilder().setBallot(p.ballot()).setSlot(p.slot());
      if (p.batch() != null) {
        q.setBatch(WireCodec.toProto(p.batch()));
      }
      b.setPropose(q.setSignature(bytes(p.signature())));
    } else if (m instanceof ByzantineMessage.SignedAccept a) {
      b.setSignedAccept(SignedAccept.newBuilder().setBallot(a.ballot()).setSlot(a.slot())
          .setDigest(digest(a.digest())).setSignature(bytes(a.signature())));
    } else if (m instanceof ByzantineMessage.SignedCommit c) {
      b.setSignedCommit(SignedCommit.newBuilder().setBallot(c.ballot()).setSlot(c.slot())
          .setDigest(digest(c.digest())).setSignature(bytes(c.signature())));
    } else if (m instanceof ByzantineMessage.BallotPromise p) {
      b.setBallotPromise(promiseProto(p, false));
    } else if (m instanceof ByzantineMessage.NewBallot n) {
      NewBallot.Builder q = NewBallot.newBuilder().setBallot(n.ballot());
      for (ByzantineMessage.BallotPromise p : n.promises()) {
        q.addPromises(promiseProto(p, true));
      }
      for (ByzantineMessage.Reproposal r : n.reproposals()) {
        Reproposal.Builder rp = Reproposal.newBuilder().setSlot(r.slot());
        if (r.batch() != null) {
          rp.setBatch(WireCodec.toProto(r.batch()));
        }
        q.addReproposals(rp);
      }
      b.setNewBallot(q.setSignature(bytes(n.signature())));
    } else {
      // Unreachable while ByzantineMessage is sealed to the types above.
      throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
    }
  }

  /** A promise; {@code nested} (inside a NewBallot) carries its sender, else Envelope.from does. */
  private static BallotPromise promiseProto(ByzantineMessage.BallotPromise p, boolean nested) {
    BallotPromise.Builder q = BallotPromise.newBuilder().setBallot(p.ballot());
    if (p.checkpoint() != null) {
      q.setCheckpoint(checkpointProto(p.checkpoint()));
    }
    for (ByzantineMessage.AcceptProof a : p.accepted()) {
      AcceptProof.Builder ap = AcceptProof.newBuilder().setBallot(a.ballot()).setSlot(a.slot())
          .setDigest(digest(a.digest()));
      if (a.batch() != null) {
        ap.setBatch(WireCodec.toProto(a.batch()));
      }
      for (SignerSignature sig : a.signatures()) {
        ap.addSignatures(signatureProto(sig));
      }
      q.addAccepted(ap);
    }
    q.setSignature(bytes(p.signature()));
    if (nested) {
      q.setFrom(p.from());
    }
    return q.build();
  }

  static CheckpointProof checkpointProto(dev.bftpaxos.core.msg.CheckpointProof c) {
    CheckpointProof.Builder q = CheckpointProof.newBuilder().setSlot(c.slot())
        .setStateDigest(digest(c.stateDigest()));
    for (SignerSignature sig : c.signatures()) {
      q.addSignatures(signatureProto(sig));
    }
    return q.build();
  }

  static CommitProof commitProto(dev.bftpaxos.core.msg.CommitProof c) {
    CommitProof.Builder cp = CommitProof.newBuilder().setBallot(c.ballot()).setSlot(c.slot())
        .setDigest(digest(c.digest()));
    if (c.batch() != null) {
      cp.setBatch(WireCodec.toProto(c.batch()));
    }
    for (SignerSignature sig : c.signatures()) {
      cp.addSignatures(signatureProto(sig));
    }
    return cp.build();
  }

  private static dev.bftpaxos.core.wire.proto.SignerSignature signatureProto(SignerSignature s) {
    return dev.bftpaxos.core.wire.proto.SignerSignature.newBuilder()
        .setSignerId(s.signerId()).setSignature(bytes(s.signature())).build();
  }

  /** A null digest stays absent (and is rejected on receipt). */
  static ByteString digest(Digest32 d) {
    return d == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(d.toBytes());
  }

  /** A null array stays absent, like an empty one (both are rejected where a signature is due). */
  static ByteString bytes(byte[] b) {
    // unsafeWrap: the proto is serialized at once and dropped, so sharing the array is safe.
    return b == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(b);
  }

  // ================================================================ protos to records

  /** The record in {@code e}, whose body is one of the Byzantine ones; {@code from} is checked. */
  static Message fromEnvelope(int from, Envelope e) {
    return switch (e.getBodyCase()) {
      case PROPOSE -> {
        Propose p = e.getPropose();
        yield new ByzantineMessage.Propose(from, ballot(p.getBallot(), "Propose.ballot"),
            slot(p.getSlot(), "Propose.slot"), batch(p.hasBatch(), p.getBatch(), "Propose.batch"),
            signature(p.getSignature(), "Propose.signature"));
      }
      case SIGNED_ACCEPT -> {
        SignedAccept a = e.getSignedAccept();
        yield new ByzantineMessage.SignedAccept(from, ballot(a.getBallot(), "SignedAccept.ballot"),
            slot(a.getSlot(), "SignedAccept.slot"), digest(a.getDigest(), "SignedAccept.digest"),
            signature(a.getSignature(), "SignedAccept.signature"));
      }
      case SIGNED_COMMIT -> {
        SignedCommit c = e.getSignedCommit();
        yield new ByzantineMessage.SignedCommit(from, ballot(c.getBallot(), "SignedCommit.ballot"),
            slot(c.getSlot(), "SignedCommit.slot"), digest(c.getDigest(), "SignedCommit.digest"),
            signature(c.getSignature(), "SignedCommit.signature"));
      }
      case BALLOT_PROMISE -> {
        BallotPromise p = e.getBallotPromise();
        if (p.getFrom() != 0) {
          throw new WireFormatException("BallotPromise.from must be absent outside a NewBallot"
              + " (Envelope.from names the sender), got " + p.getFrom());
        }
        yield promise(from, p);
      }
      case NEW_BALLOT -> {
        NewBallot n = e.getNewBallot();
        long ballot = ballot(n.getBallot(), "NewBallot.ballot");
        int promiseCount = count(n.getPromisesCount(), "NewBallot.promises");
        List<ByzantineMessage.BallotPromise> promises = new ArrayList<>(promiseCount);
        for (int i = 0; i < promiseCount; i++) {
          BallotPromise p = n.getPromises(i);
          promises.add(promise(atLeast(p.getFrom(), 0, "BallotPromise.from"), p));
        }
        int reproposalCount = count(n.getReproposalsCount(), "NewBallot.reproposals");
        List<ByzantineMessage.Reproposal> reproposals = new ArrayList<>(reproposalCount);
        for (int i = 0; i < reproposalCount; i++) {
          Reproposal r = n.getReproposals(i);
          reproposals.add(new ByzantineMessage.Reproposal(slot(r.getSlot(), "Reproposal.slot"),
              batch(r.hasBatch(), r.getBatch(), "Reproposal.batch")));
        }
        yield new ByzantineMessage.NewBallot(from, ballot, promises, reproposals,
            signature(n.getSignature(), "NewBallot.signature"));
      }
      default -> throw new IllegalArgumentException("not a Byzantine body: " + e.getBodyCase());
    };
  }

  /** A promise whose sender {@code from} the caller has checked. */
  private static ByzantineMessage.BallotPromise promise(int from, BallotPromise p) {
    long ballot = ballot(p.getBallot(), "BallotPromise.ballot");
    dev.bftpaxos.core.msg.CheckpointProof checkpoint =
        p.hasCheckpoint() ? checkpointProof(p.getCheckpoint()) : null;
    int n = count(p.getAcceptedCount(), "BallotPromise.accepted");
    List<ByzantineMessage.AcceptProof> accepted = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      AcceptProof a = p.getAccepted(i);
      accepted.add(new ByzantineMessage.AcceptProof(
          ballot(a.getBallot(), "AcceptProof.ballot"), slot(a.getSlot(), "AcceptProof.slot"),
          digest(a.getDigest(), "AcceptProof.digest"),
          batch(a.hasBatch(), a.getBatch(), "AcceptProof.batch"),
          signatures(a.getSignaturesList(), "AcceptProof.signatures")));
    }
    return new ByzantineMessage.BallotPromise(from, ballot, checkpoint, accepted,
        signature(p.getSignature(), "BallotPromise.signature"));
  }

  static dev.bftpaxos.core.msg.CheckpointProof checkpointProof(CheckpointProof c) {
    // Slot 0 is the initial state, stable by definition.
    return new dev.bftpaxos.core.msg.CheckpointProof(atLeast(c.getSlot(), 0, "CheckpointProof.slot"),
        digest(c.getStateDigest(), "CheckpointProof.stateDigest"),
        signatures(c.getSignaturesList(), "CheckpointProof.signatures"));
  }

  static dev.bftpaxos.core.msg.CommitProof commitProof(CommitProof c) {
    return new dev.bftpaxos.core.msg.CommitProof(
        ballot(c.getBallot(), "CommitProof.ballot"), slot(c.getSlot(), "CommitProof.slot"),
        digest(c.getDigest(), "CommitProof.digest"),
        batch(c.hasBatch(), c.getBatch(), "CommitProof.batch"),
        signatures(c.getSignaturesList(), "CommitProof.signatures"));
  }

  private static List<SignerSignature> signatures(
      List<dev.bftpaxos.core.wire.proto.SignerSignature> list, String field) {
    int n = list.size();
    if (n > SIGNATURES_PER_PROOF_MAX) {
      throw new WireFormatException(field + " has " + n
          + " signatures, more than SIGNATURES_PER_PROOF_MAX " + SIGNATURES_PER_PROOF_MAX);
    }
    SignerSignature[] out = new SignerSignature[n];
    for (int i = 0; i < n; i++) {
      dev.bftpaxos.core.wire.proto.SignerSignature s = list.get(i);
      out[i] = new SignerSignature(atLeast(s.getSignerId(), 0, "SignerSignature.signerId"),
          signature(s.getSignature(), "SignerSignature.signature"));
    }
    return List.of(out);
  }

  /** Exactly 32 bytes, else rejected. */
  static Digest32 digest(ByteString b, String field) {
    if (b.size() != Digest32.LENGTH) {
      throw new WireFormatException(
          field + " must be " + Digest32.LENGTH + " bytes, got " + b.size());
    }
    return Digest32.of(b.toByteArray());
  }

  /** 1 to {@code SIGNATURE_BYTES_MAX} bytes, else rejected. */
  static byte[] signature(ByteString b, String field) {
    int n = b.size();
    if (n < 1 || n > SIGNATURE_BYTES_MAX) {
      throw new WireFormatException(
          field + " must be 1 to SIGNATURE_BYTES_MAX " + SIGNATURE_BYTES_MAX + " bytes, got " + n);
    }
    return b.toByteArray();
  }

  // ================================================================ sizes without encoding

  /** The Envelope field holding {@code m}: tag (two bytes from field 16 on), length, body. */
  static int envelopeFieldSize(ByzantineMessage m) {
    int body = bodySize(m);
    return CodedOutputStream.computeTagSize(envelopeFieldNumber(m))
        + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
  }

  private static int envelopeFieldNumber(ByzantineMessage m) {
    if (m instanceof ByzantineMessage.Propose) {
      return Envelope.PROPOSE_FIELD_NUMBER;
    } else if (m instanceof ByzantineMessage.SignedAccept) {
      return Envelope.SIGNED_ACCEPT_FIELD_NUMBER;
    } else if (m instanceof ByzantineMessage.SignedCommit) {
      return Envelope.SIGNED_COMMIT_FIELD_NUMBER;
    } else if (m instanceof ByzantineMessage.BallotPromise) {
      return Envelope.BALLOT_PROMISE_FIELD_NUMBER;
    } else if (m instanceof ByzantineMessage.NewBallot) {
      return Envelope.NEW_BALLOT_FIELD_NUMBER;
    }
    throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
  }

  // Every field number inside the bodies is below 16: one-byte tags, as in WireCodec.

  private static int bodySize(ByzantineMessage m) {
    if (m instanceof ByzantineMessage.Propose p) {
      return int64Field(p.ballot()) + int64Field(p.slot()) + batchField(p.batch())
          + bytesField(p.signature());
    } else if (m instanceof ByzantineMessage.SignedAccept a) {
      return int64Field(a.ballot()) + int64Field(a.slot()) + digestField(a.digest())
          + bytesField(a.signature());
    } else if (m instanceof ByzantineMessage.SignedCommit c) {
      return int64Field(c.ballot()) + int64Field(c.slot()) + digestField(c.digest())
          + bytesField(c.signature());
    } else if (m instanceof ByzantineMessage.BallotPromise p) {
      return promiseSize(p, false);
    } else if (m instanceof ByzantineMessage.NewBallot n) {
      int size = int64Field(n.ballot()) + bytesField(n.signature());
      for (ByzantineMessage.BallotPromise p : n.promises()) {
        size += messageField(promiseSize(p, true));
      }
      for (ByzantineMessage.Reproposal r : n.reproposals()) {
        size += messageField(int64Field(r.slot()) + batchField(r.batch()));
      }
      return size;
    }
    throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
  }

  private static int promiseSize(ByzantineMessage.BallotPromise p, boolean nested) {
    int size = int64Field(p.ballot()) + bytesField(p.signature()) + (nested ? int32Field(p.from()) : 0);
    if (p.checkpoint() != null) {
      size += messageField(checkpointProofSize(p.checkpoint()));
    }
    for (ByzantineMessage.AcceptProof a : p.accepted()) {
      size += messageField(
          slotProofSize(a.ballot(), a.slot(), a.digest(), a.batch(), a.signatures()));
    }
    return size;
  }

  /** An AcceptProof or a CommitProof: the same layout. */
  static int slotProofSize(long ballot, long slot, Digest32 digest,
      dev.bftpaxos.core.msg.Batch batch, List<SignerSignature> signatures) {
    return int64Field(ballot) + int64Field(slot) + digestField(digest) + batchField(batch)
        + signaturesSize(signatures);
  }

  static int checkpointProofSize(dev.bftpaxos.core.msg.CheckpointProof c) {
    return int64Field(c.slot()) + digestField(c.stateDigest()) + signaturesSize(c.signatures());
  }

  private static int signaturesSize(List<SignerSignature> signatures) {
    int size = 0;
    for (int i = 0, n = signatures.size(); i < n; i++) {
      SignerSignature s = signatures.get(i);
      // signature() copies (SignerSignature hands out no internal array): the one allocation here.
      size += messageField(int32Field(s.signerId()) + bytesField(s.signature()));
    }
    return size;
  }

  static int digestField(Digest32 d) {
    return d == null ? 0 : DIGEST_FIELD_BYTES;
  }

  /** A proto3 bytes field: absent when null or empty. */
  static int bytesField(byte[] b) {
    return b == null || b.length == 0 ? 0 : messageField(b.length);
  }
}
