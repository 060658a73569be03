package dev.bftpaxos.core.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DiscardUnknownFieldsParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.ElectionMessage;
import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.wire.proto.Accept;
import dev.bftpaxos.core.wire.proto.AcceptProof;
import dev.bftpaxos.core.wire.proto.Accepted;
import dev.bftpaxos.core.wire.proto.BallotPromise;
import dev.bftpaxos.core.wire.proto.CheckpointProof;
import dev.bftpaxos.core.wire.proto.ChosenSlots;
import dev.bftpaxos.core.wire.proto.ClientFrame;
import dev.bftpaxos.core.wire.proto.Commit;
import dev.bftpaxos.core.wire.proto.CommitProof;
import dev.bftpaxos.core.wire.proto.Envelope;
import dev.bftpaxos.core.wire.proto.Heartbeat;
import dev.bftpaxos.core.wire.proto.HeartbeatAck;
import dev.bftpaxos.core.wire.proto.Nack;
import dev.bftpaxos.core.wire.proto.NewBallot;
import dev.bftpaxos.core.wire.proto.Prepare;
import dev.bftpaxos.core.wire.proto.Promise;
import dev.bftpaxos.core.wire.proto.PromiseEntry;
import dev.bftpaxos.core.wire.proto.Propose;
import dev.bftpaxos.core.wire.proto.Reproposal;
import dev.bftpaxos.core.wire.proto.StateSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of the core's messages: {@code messages.proto}. Replica-to-replica messages
 * travel as an {@code Envelope}, client traffic as a {@code ClientFrame}; one frame is one
 * {@code byte[]} (framing on a stream is the transport's job).
 *
 * <p><b>Encoding</b> is total: any record the core can build encodes, including ones a correct
 * replica rejects on receipt (a negative slot, a null batch: absent fields stay absent). Every
 * message that satisfies the rules below round-trips: {@code decode(encode(m)).equals(m)}.
 *
 * <p><b>Decoding</b> treats its input as hostile: it throws {@link WireFormatException}, and
 * nothing else, unless the bytes are a valid frame. It checks the first two of these before parsing,
 * the rest after, field by field in the order the record lists them:
 *
 * <ul>
 *   <li>the frame is at most {@link #FRAME_BYTES_MAX} ({@link #CLIENT_FRAME_BYTES_MAX} for client
 *       frames) bytes long, before any parsing;
 *   <li>it holds at most {@link #ITEMS_PER_FRAME_MAX} items (requests, entries, proofs, promises
 *       inside a NewBallot, re-proposals and signer signatures), counted on the raw bytes before
 *       parsing, so that what the parser builds stays proportionate;
 *   <li>it parses as the proto and its {@code oneof body} is set;
 *   <li>every Batch, the Request of a ForwardedRequest, and the proof and snapshot of a
 *       StateSnapshot are present where the record requires one (a BallotPromise's checkpoint may
 *       be absent: none yet); no batch holds more than {@link #BATCH_REQUESTS_MAX} requests, no
 *       Promise more than {@link #ENTRIES_MAX} entries, no BallotPromise more than
 *       {@link #ENTRIES_MAX} accept proofs, no NewBallot more than {@link #ENTRIES_MAX} promises or
 *       re-proposals, no ChosenSlots more than {@link #ENTRIES_MAX} proofs, and no proof
 *       more than {@link #SIGNATURES_PER_PROOF_MAX} signatures;
 *   <li>replica ids ({@code from}, {@code Reply.replica}, {@code SignerSignature.signerId}) are
 *       {@code >= 0}; ballots are {@code >= 0}, except {@code Nack.promised} and {@code
 *       PromiseEntry.acceptedBallot}, which may be -1 (none), as may {@code Reply.leaderHint};
 *       slots ({@code slot}, {@code fromSlot}, and {@code FetchSlots.toSlot}) are {@code >= 1}
 *       (slots are numbered from 1), except {@code CheckpointProof.slot}, which may be 0 (the
 *       initial state); watermarks ({@code chosenThrough}, {@code commitThrough}) and heartbeat
 *       rounds are {@code >= 0};
 *   <li>digests are exactly 32 bytes; signatures (of a Byzantine agreement message, and each
 *       {@code SignerSignature}) hold 1 to {@link #SIGNATURE_BYTES_MAX} bytes, a Checkpoint's 0 to
 *       {@link #SIGNATURE_BYTES_MAX} (crash mode signs nothing); a top-level BallotPromise leaves
 *       its inner {@code from} unset (Envelope.from says who sent it), one inside a NewBallot sets
 *       it. A StateSnapshot's bytes may be empty and have no bound of their own but the frame's.
 * </ul>
 *
 * <p>The three message families convert in three places: crash mode's here, the shared log's
 * ({@link LogMessage}: no ballot field, {@code ballot() == -1} by definition) in {@link LogWire},
 * Byzantine mode's in {@link ByzantineWire}, with the proofs both of the latter carry. The rarer
 * bodies take Envelope fields from 16 on, with two-byte tags.
 *
 * <p>Client ids, sequence numbers, operation bytes and request signatures are opaque here, as is
 * whether a signature verifies. Relations between fields (is {@code toSlot >= fromSlot}, is the
 * sender the ballot's leader, is a proof's quorum large enough, does a digest match its batch) are
 * the core's business.
 * Unknown fields are skipped and discarded while parsing (not kept, as protobuf would by default).
 *
 * <p>{@link #encodedSize(Message)} and friends compute the encoded length directly from the
 * records, without building protos or allocating; the tests check them against {@link #encode}.
 */
public final class WireCodec {

  /** Largest replica-to-replica frame, checked before parsing. */
  public static final int FRAME_BYTES_MAX = 16 * 1024 * 1024;

  /** Largest client frame (one request or one reply), checked before parsing. */
  public static final int CLIENT_FRAME_BYTES_MAX = 1024 * 1024;

  /** Most requests in one decoded batch. */
  public static final int BATCH_REQUESTS_MAX = 16 * 1024;

  /**
   * Most entries in one decoded list of entries: a Promise's entries, a
   * BallotPromise's accept proofs, a NewBallot's promises or re-proposals, a ChosenSlots'
   * proofs.
   */
  public static final int ENTRIES_MAX = 64 * 1024;

  /**
   * Longest signature (of a Byzantine message or inside a proof). Ed25519's are 64 bytes, the
   * simulator's 16; the room above is for other schemes, not for padding.
   */
  public static final int SIGNATURE_BYTES_MAX = 256;

  /** Most signatures in one decoded CheckpointProof, AcceptProof or CommitProof. */
  public static final int SIGNATURES_PER_PROOF_MAX = 1024;

  /**
   * Most items (requests, wherever they are; Promise entries; accept proofs,
   * commit proofs, promises inside a NewBallot, re-proposals and signer signatures) in one
   * replica-to-replica frame, counted on the raw bytes before parsing. An item can take two bytes,
   * so without this one 16 MiB frame could make the parser build over 8 million protos and then as
   * many records (measured: ~290 MiB of records retained; at the bound, ~35-45 MiB of empty
   * requests, ~50 MiB of one-byte signer signatures: see WireSizeBench).
   */
  public static final int ITEMS_PER_FRAME_MAX = 1024 * 1024;

  // Unknown fields are dropped while parsing, not kept in an UnknownFieldSet: a frame of millions
  // of distinct unknown fields would otherwise cost hundreds of MiB and seconds of CPU to parse.
  private static final Parser<Envelope> ENVELOPE_PARSER =
      DiscardUnknownFieldsParser.wrap(Envelope.parser());
  private static final Parser<ClientFrame> CLIENT_FRAME_PARSER =
      DiscardUnknownFieldsParser.wrap(ClientFrame.parser());

  private WireCodec() {}

  // ================================================================ replica to replica

  /** The envelope bytes of {@code m}. */
  public static byte[] encode(Message m) {
    return toEnvelope(m).toByteArray();
  }

  /** The message in {@code frame}; throws {@link WireFormatException} if it is not a valid one. */
  public static Message decode(byte[] frame) {
    Envelope e = parseEnvelope(frame);
    try {
      return fromEnvelope(e);
    } catch (WireFormatException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      // Defence in depth: the conversion checks before it builds, so this is a bug, but a bug must
      // not let a Byzantine peer throw something callers do not expect. The tests assert it never
      // happens.
      throw unexpected(ex);
    }
  }

  /** The length, item-count and protobuf checks of {@link #decode}, before any field checks. */
  static Envelope parseEnvelope(byte[] frame) {
    checkLength(frame, FRAME_BYTES_MAX, "FRAME_BYTES_MAX");
    try {
      checkItems(frame);
      CodedInputStream in = input(frame);
      Envelope e = ENVELOPE_PARSER.parseFrom(in);
      // A stray end-group tag must not end the frame early. protobuf-java 4.36's parser rejects it
      // already; checking here keeps that true whatever the runtime version.
      in.checkLastTagWas(0);
      return e;
    } catch (WireFormatException ex) {
      throw ex;
    } catch (IOException ex) { // InvalidProtocolBufferException: nothing else reads a byte[]
      throw malformed(ex);
    } catch (RuntimeException ex) {
      throw unexpected(ex);
    }
  }

  /** {@code encode(m).length}, computed without encoding. */
  public static int encodedSize(Message m) {
    if (m instanceof ByzantineMessage b) {
      return int32Field(m.from()) + ByzantineWire.envelopeFieldSize(b);
    }
    if (m instanceof LogMessage l) {
      return int32Field(m.from()) + LogWire.envelopeFieldSize(l);
    }
    return int32Field(m.from()) + messageField(bodySize(m));
  }

  // ================================================================ client frames

  /** The client-frame bytes of {@code r}. */
  public static byte[] encodeRequest(Request r) {
    return ClientFrame.newBuilder().setRequest(toProto(r)).build().toByteArray();
  }

  /** The client-frame bytes of {@code r}. */
  public static byte[] encodeReply(Reply r) {
    return ClientFrame.newBuilder().setReply(toProto(r)).build().toByteArray();
  }

  /** The client-frame bytes of {@code r}. */
  public static byte[] encodeRead(dev.bftpaxos.core.msg.Read r) {
    return ClientFrame.newBuilder().setRead(dev.bftpaxos.core.wire.proto.Read.newBuilder().setClientId(r.clientId())
        .setReadId(r.readId()).setKind(r.kind().ordinal()).setOp(UnsafeByteOperations.unsafeWrap(r.op()))).build()
        .toByteArray();
  }

  /** The client-frame bytes of {@code r}. */
  public static byte[] encodeReadReply(dev.bftpaxos.core.msg.ReadReply r) {
    dev.bftpaxos.core.wire.proto.ReadReply.Builder b = dev.bftpaxos.core.wire.proto.ReadReply.newBuilder()
        .setReplica(r.replica()).setClientId(r.clientId()).setReadId(r.readId()).setKind(r.kind().ordinal())
        .setSlot(r.slot()).setLeaderHint(r.leaderHint()).setSignature(UnsafeByteOperations.unsafeWrap(r.signature()));
    if (r.result() != null) {
      b.setResult(UnsafeByteOperations.unsafeWrap(r.result()));
    }
    return ClientFrame.newBuilder().setReadReply(b).build().toByteArray();
  }

  /** {@code encodeRequest(r).length}, computed without encoding. */
  public static int encodedSize(Request r) {
    return messageField(requestSize(r));
  }

  /** {@code encodeReply(r).length}, computed without encoding. */
  public static int encodedSize(Reply r) {
    return messageField(replySize(r));
  }

  /** The request or reply in {@code frame}; throws {@link WireFormatException} if invalid. */
  public static ClientFrameDecoded decodeClientFrame(byte[] frame) {
    checkLength(frame, CLIENT_FRAME_BYTES_MAX, "CLIENT_FRAME_BYTES_MAX");
    ClientFrame f;
    try {
      CodedInputStream in = input(frame);
      f = CLIENT_FRAME_PARSER.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException ex) {
      throw malformed(ex);
    } catch (RuntimeException ex) {
      throw unexpected(ex);
    }
    try {
      return switch (f.getBodyCase()) {
        case REQUEST -> new ClientFrameDecoded.RequestFrame(fromProto(f.getRequest()));
        case REPLY -> new ClientFrameDecoded.ReplyFrame(fromProto(f.getReply()));
        case READ -> new ClientFrameDecoded.ReadFrame(readFromProto(f.getRead()));
        case READ_REPLY -> new ClientFrameDecoded.ReadReplyFrame(readReplyFromProto(f.getReadReply()));
        case BODY_NOT_SET -> throw new WireFormatException("client frame has no body");
      };
    } catch (WireFormatException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      throw unexpected(ex);
    }
  }

  /** The request in {@code frame}; a valid frame holding a reply is rejected too. */
  public static Request decodeRequest(byte[] frame) {
    if (decodeClientFrame(frame) instanceof ClientFrameDecoded.RequestFrame r) {
      return r.request();
    }
    throw new WireFormatException("client frame holds a reply, expected a request");
  }

  /** The reply in {@code frame}; a valid frame holding a request is rejected too. */
  public static Reply decodeReply(byte[] frame) {
    if (decodeClientFrame(frame) instanceof ClientFrameDecoded.ReplyFrame r) {
      return r.reply();
    }
    throw new WireFormatException("client frame holds a request, expected a reply");
  }

  // ================================================================ records to protos

  /** The proto of {@code m} (package-private for the tests and the size benchmark). */
  static Envelope toEnvelope(Message m) {
    Envelope.Builder b = Envelope.newBuilder().setFrom(m.from());
    if (m instanceof ReplicationMessage.Accept a) {
      Accept.Builder p = Accept.newBuilder()
          .setBallot(a.ballot()).setSlot(a.slot()).setCommitThrough(a.commitThrough());
      if (a.batch() != null) {
        p.setBatch(toProto(a.batch()));
      }
      b.setAccept(p);
    } else if (m instanceof ReplicationMessage.Accepted a) {
      b.setAccepted(Accepted.newBuilder().setBallot(a.ballot()).setSlot(a.slot()));
    } else if (m instanceof ReplicationMessage.Commit c) {
      b.setCommit(Commit.newBuilder().setBallot(c.ballot()).setCommitThrough(c.commitThrough()));
    } else if (m instanceof ReplicationMessage.Heartbeat h) {
      b.setHeartbeat(Heartbeat.newBuilder().setBallot(h.ballot()).setCommitThrough(h.commitThrough())
          .setRound(h.round()));
    } else if (m instanceof ReplicationMessage.HeartbeatAck h) {
      b.setHeartbeatAck(HeartbeatAck.newBuilder().setBallot(h.ballot()).setChosenThrough(h.chosenThrough())
          .setRound(h.round()));
    } else if (m instanceof ElectionMessage.Prepare p) {
      b.setPrepare(Prepare.newBuilder().setBallot(p.ballot()).setFromSlot(p.fromSlot()));
    } else if (m instanceof ElectionMessage.Promise p) {
      Promise.Builder q = Promise.newBuilder()
          .setBallot(p.ballot()).setFromSlot(p.fromSlot()).setChosenThrough(p.chosenThrough());
      for (ElectionMessage.PromiseEntry e : p.entries()) {
        PromiseEntry.Builder pe = PromiseEntry.newBuilder()
            .setSlot(e.slot()).setAcceptedBallot(e.acceptedBallot()).setChosen(e.chosen());
        if (e.batch() != null) {
          pe.setBatch(toProto(e.batch()));
        }
        q.addEntries(pe);
      }
      b.setPromise(q);
    } else if (m instanceof ElectionMessage.Nack n) {
      b.setNack(Nack.newBuilder().setBallot(n.ballot()).setPromised(n.promised()));
    } else if (m instanceof LogMessage lm) {
      LogWire.setBody(b, lm);
    } else if (m instanceof ByzantineMessage bm) {
      ByzantineWire.setBody(b, bm);
    } else {
      // Unreachable while Message is sealed to the types above; kept so a new type fails loudly.
      throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
    }
    return b.build();
  }

  static dev.bftpaxos.core.wire.proto.Batch toProto(Batch batch) {
    dev.bftpaxos.core.wire.proto.Batch.Builder b = dev.bftpaxos.core.wire.proto.Batch.newBuilder();
    for (Request r : batch.requests()) {
      b.addRequests(toProto(r));
    }
    return b.build();
  }

  static dev.bftpaxos.core.wire.proto.Request requestProto(Request r) {
    return toProto(r);
  }

  private static dev.bftpaxos.core.wire.proto.Request toProto(Request r) {
    // unsafeWrap: the proto is serialized at once and dropped, so sharing the array is safe.
    return dev.bftpaxos.core.wire.proto.Request.newBuilder()
        .setClientId(r.clientId()).setSeq(r.seq()).setOp(UnsafeByteOperations.unsafeWrap(r.op()))
        .setSignature(UnsafeByteOperations.unsafeWrap(r.signature()))
        .build();
  }

  private static dev.bftpaxos.core.wire.proto.Reply toProto(Reply r) {
    dev.bftpaxos.core.wire.proto.Reply.Builder b = dev.bftpaxos.core.wire.proto.Reply.newBuilder()
        .setReplica(r.replica()).setClientId(r.clientId()).setSeq(r.seq()).setSlot(r.slot())
        .setLeaderHint(r.leaderHint()).setSignature(UnsafeByteOperations.unsafeWrap(r.signature()));
    if (r.result() != null) {
      b.setResult(UnsafeByteOperations.unsafeWrap(r.result()));
    }
    return b.build();
  }

  // ================================================================ protos to records

  private static Message fromEnvelope(Envelope e) {
    int from = atLeast(e.getFrom(), 0, "Envelope.from");
    return switch (e.getBodyCase()) {
      case PREPARE -> {
        Prepare p = e.getPrepare();
        yield new ElectionMessage.Prepare(from, ballot(p.getBallot(), "Prepare.ballot"),
            slot(p.getFromSlot(), "Prepare.fromSlot"));
      }
      case PROMISE -> {
        Promise p = e.getPromise();
        int count = count(p.getEntriesCount(), "Promise.entries");
        List<ElectionMessage.PromiseEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          PromiseEntry pe = p.getEntries(i);
          entries.add(new ElectionMessage.PromiseEntry(
              slot(pe.getSlot(), "PromiseEntry.slot"),
              atLeast(pe.getAcceptedBallot(), -1, "PromiseEntry.acceptedBallot"),
              batch(pe.hasBatch(), pe.getBatch(), "PromiseEntry.batch"),
              pe.getChosen()));
        }
        yield new ElectionMessage.Promise(from, ballot(p.getBallot(), "Promise.ballot"),
            slot(p.getFromSlot(), "Promise.fromSlot"), entries,
            watermark(p.getChosenThrough(), "Promise.chosenThrough"));
      }
      case NACK -> {
        Nack n = e.getNack();
        yield new ElectionMessage.Nack(from, ballot(n.getBallot(), "Nack.ballot"),
            atLeast(n.getPromised(), -1, "Nack.promised"));
      }
      case ACCEPT -> {
        Accept a = e.getAccept();
        yield new ReplicationMessage.Accept(from, ballot(a.getBallot(), "Accept.ballot"),
            slot(a.getSlot(), "Accept.slot"), batch(a.hasBatch(), a.getBatch(), "Accept.batch"),
            watermark(a.getCommitThrough(), "Accept.commitThrough"));
      }
      case ACCEPTED -> {
        Accepted a = e.getAccepted();
        yield new ReplicationMessage.Accepted(from, ballot(a.getBallot(), "Accepted.ballot"),
            slot(a.getSlot(), "Accepted.slot"));
      }
      case COMMIT -> {
        Commit c = e.getCommit();
        yield new ReplicationMessage.Commit(from, ballot(c.getBallot(), "Commit.ballot"),
            watermark(c.getCommitThrough(), "Commit.commitThrough"));
      }
      case HEARTBEAT -> {
        Heartbeat h = e.getHeartbeat();
        yield new ReplicationMessage.Heartbeat(from, ballot(h.getBallot(), "Heartbeat.ballot"),
            watermark(h.getCommitThrough(), "Heartbeat.commitThrough"), watermark(h.getRound(), "Heartbeat.round"));
      }
      case HEARTBEAT_ACK -> {
        HeartbeatAck h = e.getHeartbeatAck();
        yield new ReplicationMessage.HeartbeatAck(from,
            ballot(h.getBallot(), "HeartbeatAck.ballot"),
            watermark(h.getChosenThrough(), "HeartbeatAck.chosenThrough"),
            watermark(h.getRound(), "HeartbeatAck.round"));
      }
      case CHECKPOINT, FETCH_SLOTS, CHOSEN_SLOTS, FETCH_STATE, STATE_SNAPSHOT, FORWARDED_REQUEST ->
          LogWire.fromEnvelope(from, e);
      case PROPOSE, SIGNED_ACCEPT, SIGNED_COMMIT, BALLOT_PROMISE, NEW_BALLOT -> ByzantineWire.fromEnvelope(from, e);
      case BODY_NOT_SET -> throw new WireFormatException("envelope has no body");
    };
  }
  static Batch batch(boolean present, dev.bftpaxos.core.wire.proto.Batch b, String field) {
    if (!present) {
      throw new WireFormatException(field + " is missing");
    }
    int n = b.getRequestsCount();
    if (n > BATCH_REQUESTS_MAX) {
      throw new WireFormatException(
          field + " has " + n + " requests, more than BATCH_REQUESTS_MAX " + BATCH_REQUESTS_MAX);
    }
    if (n == 0) {
      return Batch.NOOP;
    }
    Request[] requests = new Request[n];
    for (int i = 0; i < n; i++) {
      requests[i] = fromProto(b.getRequests(i));
    }
    return new Batch(List.of(requests));
  }

  static Request requestFromProto(dev.bftpaxos.core.wire.proto.Request r) {
    return fromProto(r);
  }

  private static Request fromProto(dev.bftpaxos.core.wire.proto.Request r) {
    return new Request(r.getClientId(), r.getSeq(), r.getOp().toByteArray(), r.getSignature().toByteArray());
  }

  private static dev.bftpaxos.core.msg.Read.Kind readKind(int ordinal, String field) {
    dev.bftpaxos.core.msg.Read.Kind[] kinds = dev.bftpaxos.core.msg.Read.Kind.values();
    if (ordinal < 0 || ordinal >= kinds.length) {
      throw new WireFormatException(field + " must be 0 to " + (kinds.length - 1) + ", got " + ordinal);
    }
    return kinds[ordinal];
  }

  private static dev.bftpaxos.core.msg.Read readFromProto(dev.bftpaxos.core.wire.proto.Read r) {
    return new dev.bftpaxos.core.msg.Read(r.getClientId(), r.getReadId(), readKind(r.getKind(), "Read.kind"),
        r.getOp().toByteArray());
  }

  private static dev.bftpaxos.core.msg.ReadReply readReplyFromProto(dev.bftpaxos.core.wire.proto.ReadReply r) {
    byte[] result = r.hasResult() ? r.getResult().toByteArray() : null;
    return new dev.bftpaxos.core.msg.ReadReply(atLeast(r.getReplica(), 0, "ReadReply.replica"), r.getClientId(),
        r.getReadId(), readKind(r.getKind(), "ReadReply.kind"), atLeast(r.getSlot(), 0, "ReadReply.slot"), result,
        atLeast(r.getLeaderHint(), -1, "ReadReply.leaderHint"), r.getSignature().toByteArray());
  }

  private static Reply fromProto(dev.bftpaxos.core.wire.proto.Reply r) {
    byte[] result = r.hasResult() ? r.getResult().toByteArray() : null;
    return new Reply(atLeast(r.getReplica(), 0, "Reply.replica"), r.getClientId(), r.getSeq(),
        slot(r.getSlot(), "Reply.slot"), result, atLeast(r.getLeaderHint(), -1, "Reply.leaderHint"),
        r.getSignature().toByteArray());
  }

  // ================================================================ counting items before parsing
  //
  // A walk over the raw frame that follows only the fields leading to repeated items (Envelope ->
  // body -> entries, proofs, promises, re-proposals -> Batch -> requests, and proofs -> signer
  // signatures), skipping the rest, and allocates nothing. On any frame the parser accepts it sees
  // exactly the occurrences the parser sees; on others the parser has the last word.

  private static final int ENVELOPE = 0;
  private static final int PROMISE = 1;
  private static final int ACCEPT = 2;
  private static final int CHOSEN_SLOTS = 3;
  private static final int FORWARDED = 4;
  private static final int PROMISE_ENTRY = 5;
  private static final int BATCH = 7;
  private static final int PROPOSE = 8;
  private static final int BALLOT_PROMISE = 9;
  private static final int NEW_BALLOT = 10;
  private static final int STATE_SNAPSHOT = 12;
  private static final int CHECKPOINT_PROOF = 13;
  private static final int ACCEPT_PROOF = 14;
  private static final int COMMIT_PROOF = 15;
  private static final int REPROPOSAL = 16;
  /** A request or a signer signature: counted, not entered. */
  private static final int LEAF = 17;
  private static final int NONE = -1;
  /** Or'ed into a shape: each occurrence of the field is one item. */
  private static final int ITEM = 1 << 8;

  /** The reason a frame over {@link #ITEMS_PER_FRAME_MAX} is rejected with. */
  private static final String ITEMS_REASON = "frame holds more than ITEMS_PER_FRAME_MAX "
      + ITEMS_PER_FRAME_MAX + " items (requests, entries, proofs, signatures)";

  private static void checkItems(byte[] frame) throws IOException {
    items(frame);
  }

  /** The items in {@code frame}, or WireFormatException past the bound (package-private: tests). */
  static int items(byte[] frame) throws IOException {
    return countItems(CodedInputStream.newInstance(frame), ENVELOPE, 0);
  }

  /** Field {@code field} of a {@code shape} message leads to this shape (maybe | ITEM), or NONE. */
  private static int childShape(int shape, int field) {
    return switch (shape) {
      case ENVELOPE -> switch (field) {
        case Envelope.PROMISE_FIELD_NUMBER -> PROMISE;
        case Envelope.ACCEPT_FIELD_NUMBER -> ACCEPT;
        case Envelope.CHOSEN_SLOTS_FIELD_NUMBER -> CHOSEN_SLOTS;
        case Envelope.FORWARDED_REQUEST_FIELD_NUMBER -> FORWARDED;
        case Envelope.PROPOSE_FIELD_NUMBER -> PROPOSE;
        case Envelope.BALLOT_PROMISE_FIELD_NUMBER -> BALLOT_PROMISE;
        case Envelope.NEW_BALLOT_FIELD_NUMBER -> NEW_BALLOT;
        case Envelope.STATE_SNAPSHOT_FIELD_NUMBER -> STATE_SNAPSHOT;
        default -> NONE;
      };
      case PROMISE -> field == Promise.ENTRIES_FIELD_NUMBER ? PROMISE_ENTRY | ITEM : NONE;
      case ACCEPT -> field == Accept.BATCH_FIELD_NUMBER ? BATCH : NONE;
      case CHOSEN_SLOTS -> field == ChosenSlots.SLOTS_FIELD_NUMBER ? COMMIT_PROOF | ITEM : NONE;
      case FORWARDED ->
          field == dev.bftpaxos.core.wire.proto.ForwardedRequest.REQUEST_FIELD_NUMBER ? LEAF | ITEM : NONE;
      case PROMISE_ENTRY -> field == PromiseEntry.BATCH_FIELD_NUMBER ? BATCH : NONE;
      case BATCH ->
          field == dev.bftpaxos.core.wire.proto.Batch.REQUESTS_FIELD_NUMBER ? LEAF | ITEM : NONE;
      case PROPOSE -> field == Propose.BATCH_FIELD_NUMBER ? BATCH : NONE;
      case BALLOT_PROMISE -> field == BallotPromise.CHECKPOINT_FIELD_NUMBER ? CHECKPOINT_PROOF
          : field == BallotPromise.ACCEPTED_FIELD_NUMBER ? ACCEPT_PROOF | ITEM : NONE;
      case NEW_BALLOT -> field == NewBallot.PROMISES_FIELD_NUMBER ? BALLOT_PROMISE | ITEM
          : field == NewBallot.REPROPOSALS_FIELD_NUMBER ? REPROPOSAL | ITEM : NONE;
      case STATE_SNAPSHOT -> field == StateSnapshot.PROOF_FIELD_NUMBER ? CHECKPOINT_PROOF : NONE;
      case CHECKPOINT_PROOF -> field == CheckpointProof.SIGNATURES_FIELD_NUMBER ? LEAF | ITEM : NONE;
      case ACCEPT_PROOF -> field == AcceptProof.BATCH_FIELD_NUMBER ? BATCH
          : field == AcceptProof.SIGNATURES_FIELD_NUMBER ? LEAF | ITEM : NONE;
      case COMMIT_PROOF -> field == CommitProof.BATCH_FIELD_NUMBER ? BATCH
          : field == CommitProof.SIGNATURES_FIELD_NUMBER ? LEAF | ITEM : NONE;
      case REPROPOSAL -> field == Reproposal.BATCH_FIELD_NUMBER ? BATCH : NONE;
      default -> NONE;
    };
  }

  /** {@code items} plus the items of the {@code shape} message that extends to the limit. */
  private static int countItems(CodedInputStream in, int shape, int items) throws IOException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return items;
      }
      int child = childShape(shape, WireFormat.getTagFieldNumber(tag));
      if (child == NONE || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        if (!in.skipField(tag)) {
          return items; // an end-group tag: malformed, and the parser will say so
        }
        continue;
      }
      if ((child & ITEM) != 0) {
        items++;
        if (items > ITEMS_PER_FRAME_MAX) {
          throw new WireFormatException(ITEMS_REASON);
        }
        child &= ~ITEM;
      }
      if (child == LEAF) {
        in.skipField(tag);
        continue;
      }
      int limit = in.pushLimit(in.readRawVarint32());
      items = countItems(in, child, items);
      in.popLimit(limit);
    }
  }

  // ================================================================ checks

  private static void checkLength(byte[] frame, int max, String bound) {
    if (frame == null) {
      throw new WireFormatException("frame is null");
    }
    if (frame.length > max) {
      throw new WireFormatException(
          "frame of " + frame.length + " bytes exceeds " + bound + " " + max);
    }
  }

  private static CodedInputStream input(byte[] frame) {
    CodedInputStream in = CodedInputStream.newInstance(frame);
    // Bytes fields alias the frame while parsing; the records get copies (toByteArray).
    in.enableAliasing(true);
    return in;
  }

  private static WireFormatException malformed(IOException ex) {
    return new WireFormatException("malformed protobuf: " + ex.getMessage());
  }

  private static WireFormatException unexpected(RuntimeException ex) {
    return new WireFormatException("unexpected " + ex.getClass().getName() + " while decoding");
  }

  static int count(int n, String field) {
    if (n > ENTRIES_MAX) {
      throw new WireFormatException(
          field + " has " + n + " entries, more than ENTRIES_MAX " + ENTRIES_MAX);
    }
    return n;
  }

  static long ballot(long v, String field) {
    return atLeast(v, 0, field);
  }

  static long slot(long v, String field) {
    return atLeast(v, 1, field);
  }

  private static long watermark(long v, String field) {
    return atLeast(v, 0, field);
  }

  static long atLeast(long v, long min, String field) {
    if (v < min) {
      throw new WireFormatException(field + " must be >= " + min + ", got " + v);
    }
    return v;
  }

  static int atLeast(int v, int min, String field) {
    if (v < min) {
      throw new WireFormatException(field + " must be >= " + min + ", got " + v);
    }
    return v;
  }

  // ================================================================ sizes without encoding
  //
  // Mirrors protobuf's proto3 rules for messages.proto: a scalar equal to zero is not written; a
  // message-typed field that is set is written even when empty; every field number is below 16,
  // so every tag is one byte, except Envelope's bodies from field 16 on (ByzantineWire and LogWire
  // size their families' bodies, tags included).

  private static int bodySize(Message m) {
    if (m instanceof ReplicationMessage.Accept a) {
      return int64Field(a.ballot()) + int64Field(a.slot()) + batchField(a.batch())
          + int64Field(a.commitThrough());
    } else if (m instanceof ReplicationMessage.Accepted a) {
      return int64Field(a.ballot()) + int64Field(a.slot());
    } else if (m instanceof ReplicationMessage.Commit c) {
      return int64Field(c.ballot()) + int64Field(c.commitThrough());
    } else if (m instanceof ReplicationMessage.Heartbeat h) {
      return int64Field(h.ballot()) + int64Field(h.commitThrough()) + int64Field(h.round());
    } else if (m instanceof ReplicationMessage.HeartbeatAck h) {
      return int64Field(h.ballot()) + int64Field(h.chosenThrough()) + int64Field(h.round());
    } else if (m instanceof ElectionMessage.Prepare p) {
      return int64Field(p.ballot()) + int64Field(p.fromSlot());
    } else if (m instanceof ElectionMessage.Promise p) {
      int size = int64Field(p.ballot()) + int64Field(p.fromSlot()) + int64Field(p.chosenThrough());
      for (ElectionMessage.PromiseEntry e : p.entries()) {
        size += messageField(int64Field(e.slot()) + sint64Field(e.acceptedBallot())
            + batchField(e.batch()) + (e.chosen() ? 2 : 0));
      }
      return size;
    } else if (m instanceof ElectionMessage.Nack n) {
      return int64Field(n.ballot()) + sint64Field(n.promised());
    }
    throw new IllegalArgumentException("no wire form for " + m.getClass().getName());
  }

  /** A Batch field: absent when null, else tag, length and the requests. */
  static int batchField(Batch b) {
    if (b == null) {
      return 0;
    }
    List<Request> requests = b.requests();
    int size = 0;
    for (int i = 0, n = requests.size(); i < n; i++) {
      size += messageField(requestSize(requests.get(i)));
    }
    return messageField(size);
  }

  static int requestSize(Request r) {
    int op = r.op().length;
    int sig = r.signature().length;
    return int64Field(r.clientId()) + int64Field(r.seq())
        + (op == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(op) + op)
        + (sig == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(sig) + sig);
  }

  private static int replySize(Reply r) {
    byte[] result = r.result();
    return int32Field(r.replica()) + int64Field(r.clientId()) + int64Field(r.seq())
        + int64Field(r.slot())
        + (result == null ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(result.length)
            + result.length)
        + sint32Field(r.leaderHint())
        + (r.signature().length == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(r.signature().length)
            + r.signature().length);
  }

  /** A set message-typed field whose body is {@code body} bytes: tag, length, body. */
  static int messageField(int body) {
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
  }

  static int int64Field(long v) {
    return v == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(v);
  }

  private static int sint64Field(long v) {
    return v == 0 ? 0 : 1 + CodedOutputStream.computeSInt64SizeNoTag(v);
  }

  private static int sint32Field(int v) {
    return v == 0 ? 0 : 1 + CodedOutputStream.computeSInt32SizeNoTag(v);
  }

  static int int32Field(int v) {
    return v == 0 ? 0 : 1 + CodedOutputStream.computeInt32SizeNoTag(v);
  }
}
