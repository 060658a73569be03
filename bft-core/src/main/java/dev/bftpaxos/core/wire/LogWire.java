package dev.bftpaxos.core.wire;

import static dev.bftpaxos.core.wire.WireCodec.SIGNATURE_BYTES_MAX;
import static dev.bftpaxos.core.wire.WireCodec.atLeast;
import static dev.bftpaxos.core.wire.WireCodec.count;
import static dev.bftpaxos.core.wire.WireCodec.int64Field;
import static dev.bftpaxos.core.wire.WireCodec.messageField;
import static dev.bftpaxos.core.wire.WireCodec.slot;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.bftpaxos.core.msg.ForwardedRequest;
import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.proto.Checkpoint;
import dev.bftpaxos.core.wire.proto.ChosenSlots;
import dev.bftpaxos.core.wire.proto.CommitProof;
import dev.bftpaxos.core.wire.proto.Envelope;
import dev.bftpaxos.core.wire.proto.FetchSlots;
import dev.bftpaxos.core.wire.proto.FetchState;
import dev.bftpaxos.core.wire.proto.StateSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared log's half of {@link WireCodec}: {@link LogMessage} to and from its Envelope bodies,
 * and its encoded sizes. The same in both modes; the proofs they carry use {@link ByzantineWire}'s
 * proof codecs. The rules are documented on {@link WireCodec}.
 */
final class LogWire {
  private LogWire() {}

  // ================================================================ records to protos

  static void setBody(Envelope.Builder b, LogMessage m) {
    if (m instanceof LogMessage.Checkpoint c) {
      b.setCheckpoint(Checkpoint.newBuilder().setSlot(c.slot())
          .setStateDigest(ByzantineWire.digest(c.stateDigest())).setSignature(ByzantineWire.bytes(c.signature())));
    } else if (m instanceof LogMessage.FetchSlots f) {
      b.setFetchSlots(FetchSlots.newBuilder().setFromSlot(f.fromSlot()).setToSlot(f.toSlot()));
    } else if (m instanceof LogMessage.ChosenSlots s) {
      ChosenSlots.Builder q = ChosenSlots.newBuilder().setChosenThrough(s.chosenThrough());
      for (dev.bftpaxos.core.msg.CommitProof c : s.slots()) {
        q.addSlots(ByzantineWire.commitProto(c));
      }
      b.setChosenSlots(q);
    } else if (m instanceof LogMessage.FetchState f) {
      b.setFetchState(FetchState.newBuilder().setSlot(f.slot()));
    } else if (m instanceof LogMessage.StateSnapshot s) {
      StateSnapshot.Builder q = StateSnapshot.newBuilder();
      if (s.proof() != null) {
        q.setProof(ByzantineWire.checkpointProto(s.proof()));
      }
      if (s.snapshot() != null) {
        // unsafeWrap: the proto is serialized at once and dropped, so sharing the array is safe.
        q.setSnapshot(UnsafeByteOperations.unsafeWrap(s.snapshot()));
      }
      b.setStateSnapshot(q);
    } else if (m instanceof ForwardedRequest f) {
      dev.bftpaxos.core.wire.proto.ForwardedRequest.Builder q =
          dev.bftpaxos.core.wire.proto.ForwardedRequest.newBuilder();
      if (f.request() != null) {
        q.setRequest(WireCodec.requestProto(f.request()));
      }
      b.setForwardedRequest(q);
    } else {
      // Unreachable while LogMessage is sealed to the types above.
      throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
    }
  }

  // ================================================================ protos to records

  static Message fromEnvelope(int from, Envelope e) {
    return switch (e.getBodyCase()) {
      case CHECKPOINT -> {
        Checkpoint c = e.getCheckpoint();
        yield new LogMessage.Checkpoint(from, slot(c.getSlot(), "Checkpoint.slot"),
            ByzantineWire.digest(c.getStateDigest(), "Checkpoint.stateDigest"),
            maybeSignature(c.getSignature(), "Checkpoint.signature"));
      }
      case FETCH_SLOTS -> {
        FetchSlots f = e.getFetchSlots();
        yield new LogMessage.FetchSlots(from, slot(f.getFromSlot(), "FetchSlots.fromSlot"),
            slot(f.getToSlot(), "FetchSlots.toSlot"));
      }
      case CHOSEN_SLOTS -> {
        ChosenSlots s = e.getChosenSlots();
        int n = count(s.getSlotsCount(), "ChosenSlots.slots");
        List<dev.bftpaxos.core.msg.CommitProof> slots = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          CommitProof c = s.getSlots(i);
          slots.add(ByzantineWire.commitProof(c));
        }
        yield new LogMessage.ChosenSlots(from, slots, atLeast(s.getChosenThrough(), 0, "ChosenSlots.chosenThrough"));
      }
      case FETCH_STATE -> new LogMessage.FetchState(from, slot(e.getFetchState().getSlot(), "FetchState.slot"));
      case STATE_SNAPSHOT -> {
        StateSnapshot s = e.getStateSnapshot();
        if (!s.hasProof()) {
          throw new WireFormatException("StateSnapshot.proof is missing");
        }
        dev.bftpaxos.core.msg.CheckpointProof proof = ByzantineWire.checkpointProof(s.getProof());
        if (!s.hasSnapshot()) {
          throw new WireFormatException("StateSnapshot.snapshot is missing");
        }
        // No bound of its own: the frame bound, checked before parsing, bounds it.
        yield new LogMessage.StateSnapshot(from, proof, s.getSnapshot().toByteArray());
      }
      case FORWARDED_REQUEST -> {
        dev.bftpaxos.core.wire.proto.ForwardedRequest f = e.getForwardedRequest();
        if (!f.hasRequest()) {
          throw new WireFormatException("ForwardedRequest.request is missing");
        }
        yield new ForwardedRequest(from, WireCodec.requestFromProto(f.getRequest()));
      }
      default -> throw new IllegalArgumentException("not a log body: " + e.getBodyCase());
    };
  }

  /** 0 (crash mode signs nothing) to {@code SIGNATURE_BYTES_MAX} bytes. */
  private static byte[] maybeSignature(ByteString b, String field) {
    if (b.size() > SIGNATURE_BYTES_MAX) {
      throw new WireFormatException(
          field + " must be at most SIGNATURE_BYTES_MAX " + SIGNATURE_BYTES_MAX + " bytes, got " + b.size());
    }
    return b.toByteArray();
  }

  // ================================================================ sizes without encoding

  /** The Envelope field holding {@code m}: tag (two bytes from field 16 on), length, body. */
  static int envelopeFieldSize(LogMessage m) {
    int body = bodySize(m);
    return CodedOutputStream.computeTagSize(envelopeFieldNumber(m)) + CodedOutputStream.computeUInt32SizeNoTag(body)
        + body;
  }

  private static int envelopeFieldNumber(LogMessage m) {
    if (m instanceof LogMessage.Checkpoint) {
      return Envelope.CHECKPOINT_FIELD_NUMBER;
    } else if (m instanceof LogMessage.FetchSlots) {
      return Envelope.FETCH_SLOTS_FIELD_NUMBER;
    } else if (m instanceof LogMessage.ChosenSlots) {
      return Envelope.CHOSEN_SLOTS_FIELD_NUMBER;
    } else if (m instanceof LogMessage.FetchState) {
      return Envelope.FETCH_STATE_FIELD_NUMBER;
    } else if (m instanceof LogMessage.StateSnapshot) {
      return Envelope.STATE_SNAPSHOT_FIELD_NUMBER;
    } else if (m instanceof ForwardedRequest) {
      return Envelope.FORWARDED_REQUEST_FIELD_NUMBER;
    }
    throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
  }

  private static int bodySize(LogMessage m) {
    if (m instanceof LogMessage.Checkpoint c) {
      return int64Field(c.slot()) + ByzantineWire.digestField(c.stateDigest()) + ByzantineWire.bytesField(c.signature());
    } else if (m instanceof LogMessage.FetchSlots f) {
      return int64Field(f.fromSlot()) + int64Field(f.toSlot());
    } else if (m instanceof LogMessage.ChosenSlots s) {
      int size = int64Field(s.chosenThrough());
      for (dev.bftpaxos.core.msg.CommitProof c : s.slots()) {
        size += messageField(ByzantineWire.slotProofSize(c.ballot(), c.slot(), c.digest(), c.batch(), c.signatures()));
      }
      return size;
    } else if (m instanceof LogMessage.FetchState f) {
      return int64Field(f.slot());
    } else if (m instanceof LogMessage.StateSnapshot s) {
      byte[] snapshot = s.snapshot();
      return (s.proof() == null ? 0 : messageField(ByzantineWire.checkpointProofSize(s.proof())))
          + (snapshot == null ? 0 : messageField(snapshot.length)); // optional: set even if empty
    } else if (m instanceof ForwardedRequest f) {
      return f.request() == null ? 0 : messageField(WireCodec.requestSize(f.request()));
    }
    throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
  }
}
