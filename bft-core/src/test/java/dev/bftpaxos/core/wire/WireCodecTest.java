package dev.bftpaxos.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.LogMessage.Checkpoint;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.LogMessage.FetchSlots;
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
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.wire.proto.Envelope;
import dev.bftpaxos.crypto.Digest32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Fixed examples: exact bytes of a few messages, and each decoding rule once. */
class WireCodecTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  static final String ITEMS_REASON = "frame holds more than ITEMS_PER_FRAME_MAX 1048576 items"
      + " (requests, entries, proofs, signatures)";

  private static Request request(long client, long seq, String op) {
    return new Request(client, seq, op.getBytes(StandardCharsets.UTF_8));
  }

  private static Batch batchOf(Request... requests) {
    return new Batch(List.of(requests));
  }

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  private static void assertBytes(String expectedHex, byte[] actual) {
    assertEquals(expectedHex, HEX.formatHex(actual));
  }

  private static String rejection(byte[] frame) {
    return assertThrows(WireFormatException.class, () -> WireCodec.decode(frame)).reason();
  }

  private static String rejection(Message m) {
    return rejection(WireCodec.encode(m));
  }

  private static <T> T roundTrip(T m) {
    if (m instanceof Message msg) {
      byte[] bytes = WireCodec.encode(msg);
      assertEquals(bytes.length, WireCodec.encodedSize(msg));
      Message back = WireCodec.decode(bytes);
      assertEquals(m, back);
      @SuppressWarnings("unchecked")
      T t = (T) back;
      return t;
    }
    throw new IllegalArgumentException();
  }

  // ================================================================ exact bytes (the format is pinned)

  @Test
  void prepareBytes() {
    Prepare p = new Prepare(1, 5, 3);
    // Envelope{from=1, prepare{ballot=5, from_slot=3}}
    assertBytes("08 01 12 04 08 05 10 03", WireCodec.encode(p));
    assertEquals(p, WireCodec.decode(hex("08 01 12 04 08 05 10 03")));
    assertEquals(8, WireCodec.encodedSize(p));
  }

  @Test
  void acceptWithABatchBytes() {
    Accept a = new Accept(2, 7, 1, batchOf(request(9, 1, "x")), 0);
    // from=2; accept{ballot=7, slot=1, batch{requests{client_id=9, seq=1, op="x"}}}; zeros omitted
    String bytes = "08 02 2a 0f 08 07 10 01 1a 09 0a 07 08 09 10 01 1a 01 78";
    assertBytes(bytes, WireCodec.encode(a));
    assertEquals(a, WireCodec.decode(hex(bytes)));
  }

  @Test
  void noneIsOneByteWhereMinusOneMeansNone() {
    // from=0 is omitted; promised=-1 is sint64, zigzag 1
    assertBytes("22 04 08 04 10 01", WireCodec.encode(new Nack(0, 4, -1)));
    assertEquals(new Nack(0, 4, -1), WireCodec.decode(hex("22 04 08 04 10 01")));
  }

  @Test
  void clientFrameBytes() {
    assertBytes("0a 07 08 09 10 01 1a 01 78", WireCodec.encodeRequest(request(9, 1, "x")));
    Reply none = new Reply(1, 2, 3, 4, null, -1);
    assertBytes("12 0a 08 01 10 02 18 03 20 04 30 01", WireCodec.encodeReply(none));
    Reply empty = new Reply(1, 2, 3, 4, new byte[0], -1);
    assertBytes("12 0c 08 01 10 02 18 03 20 04 2a 00 30 01", WireCodec.encodeReply(empty));
    assertNull(WireCodec.decodeReply(WireCodec.encodeReply(none)).result());
    assertArrayEquals(new byte[0], WireCodec.decodeReply(WireCodec.encodeReply(empty)).result());
    assertEquals(12, WireCodec.encodedSize(none));
    assertEquals(14, WireCodec.encodedSize(empty));
  }

  // ================================================================ every type, by example

  @Test
  void examplesOfEveryTypeRoundTrip() {
    Batch two = batchOf(request(1, 1, "put a 1"), request(2, 7, ""));
    List<Message> examples = List.of(
        new Prepare(0, 0, 1),
        new Promise(1, 9, 4, List.of(), 3),
        new Promise(2, 9, 4, List.of(new PromiseEntry(4, 6, two, false),
            new PromiseEntry(5, -1, Batch.NOOP, true)), 3),
        new Nack(2, 9, 11),
        new Accept(0, 3, 12, two, 11),
        new Accept(0, 3, 13, Batch.NOOP, 12),
        new Accepted(1, 3, 12),
        new Commit(0, 3, 12),
        new Heartbeat(0, 3, 0),
        new HeartbeatAck(2, 3, 12),
        new FetchSlots(1, 5, 9),
        new ChosenSlots(0, List.of(chosen(5, two), chosen(6, Batch.NOOP)), 9),
        new ChosenSlots(0, List.of(), 0),
        new ForwardedRequest(2, request(5, 5, "get a")));
    for (Message m : examples) {
      roundTrip(m);
    }
    Request r = request(-3, Long.MIN_VALUE, "any ids at all");
    assertEquals(r, WireCodec.decodeRequest(WireCodec.encodeRequest(r)));
    Reply reply = new Reply(0, 5, 5, 17, "ok".getBytes(StandardCharsets.UTF_8), 0);
    assertEquals(reply, WireCodec.decodeReply(WireCodec.encodeReply(reply)));
    assertEquals(new ClientFrameDecoded.ReplyFrame(reply),
        WireCodec.decodeClientFrame(WireCodec.encodeReply(reply)));
  }

  // ================================================================ crash-mode checkpoints

  /** Digest bytes 00 01 .. 1f. */
  private static final Digest32 STATE = Digest32.of(sequence(32));

  private static byte[] sequence(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** A chosen slot as crash mode sends it in catch-up: ballot 0, no signatures. */
  private static CommitProof chosen(long slot, Batch batch) {
    return new CommitProof(0, slot, BatchDigest.of(batch), batch, List.of());
  }

  @Test
  void unsignedCheckpointExample() throws IOException {
    Checkpoint v = new Checkpoint(1, 5, STATE, new byte[0]);
    // from=1; checkpoint (Envelope field 16: two-byte tag 82 01) {slot=5, state_digest=32 bytes};
    // crash mode's empty signature is absent
    String bytes = "08 01 82 01 24 08 05 12 20 " + HEX.formatHex(STATE.toBytes());
    assertBytes(bytes, WireCodec.encode(v));
    assertEquals(41, WireCodec.encodedSize(v));
    Checkpoint back = (Checkpoint) WireCodec.decode(hex(bytes));
    assertTrue(Structural.equal(v, back), Shrinker.show(back));
    assertEquals(-1, back.ballot()); // no ballot on the wire
    assertEquals(0, WireCodec.items(hex(bytes)), "no items");

    byte[] none = new byte[0];
    assertEquals("Envelope.from must be >= 0, got -1", rejection(new Checkpoint(-1, 5, STATE, none)));
    assertEquals("Checkpoint.slot must be >= 1, got 0", rejection(new Checkpoint(0, 0, STATE, none)));
    assertEquals("Checkpoint.stateDigest must be 32 bytes, got 0", rejection(new Checkpoint(0, 1, null, none)));
    assertEquals(WireCodec.encode(new Checkpoint(0, 1, null, none)).length,
        WireCodec.encodedSize(new Checkpoint(0, 1, null, none)), "encoding is total");
    Envelope e = WireCodec.toEnvelope(v);
    for (int n : new int[] {31, 33}) {
      byte[] bad = e.toBuilder().setCheckpoint(e.getCheckpoint().toBuilder()
          .setStateDigest(com.google.protobuf.ByteString.copyFrom(sequence(n)))).build().toByteArray();
      assertEquals("Checkpoint.stateDigest must be 32 bytes, got " + n, rejection(bad));
    }
  }

  @Test
  void unsignedStateSnapshotExample() {
    CheckpointProof at7 = new CheckpointProof(7, STATE, List.of());
    StateSnapshot r = new StateSnapshot(2, at7, "hi".getBytes(StandardCharsets.UTF_8));
    // from=2; state_snapshot (field 22: tag b2 01) {proof {slot=7, state_digest}, snapshot="hi"}
    String bytes = "08 02 b2 01 2a 0a 24 08 07 12 20 " + HEX.formatHex(STATE.toBytes()) + " 12 02 68 69";
    assertBytes(bytes, WireCodec.encode(r));
    assertEquals(47, WireCodec.encodedSize(r));
    byte[] frame = hex(bytes);
    StateSnapshot back = (StateSnapshot) WireCodec.decode(frame);
    assertTrue(Structural.equal(r, back), Shrinker.show(back));
    assertEquals(-1, back.ballot());
    Arrays.fill(frame, (byte) 0);
    assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), back.snapshot(), "no aliasing");

    // An empty snapshot is present (two bytes on the wire); an absent one is the record's null.
    StateSnapshot empty = new StateSnapshot(2, at7, new byte[0]);
    assertEquals(45, WireCodec.encodedSize(empty));
    assertArrayEquals(new byte[0], ((StateSnapshot) WireCodec.decode(WireCodec.encode(empty))).snapshot());
    StateSnapshot absent = new StateSnapshot(2, at7, null);
    assertEquals(43, WireCodec.encodedSize(absent));
    assertEquals(43, WireCodec.encode(absent).length);
    assertEquals("StateSnapshot.snapshot is missing", rejection(absent));

    byte[] s = new byte[1];
    assertEquals("Envelope.from must be >= 0, got -1", rejection(new StateSnapshot(-1, at7, s)));
    assertEquals("CheckpointProof.slot must be >= 0, got -9223372036854775808",
        rejection(new StateSnapshot(0, new CheckpointProof(Long.MIN_VALUE, STATE, List.of()), s)));
    assertEquals("CheckpointProof.stateDigest must be 32 bytes, got 0",
        rejection(new StateSnapshot(0, new CheckpointProof(1, null, List.of()), s)));
    // Checked in the record's order: proof, then snapshot.
    assertEquals("CheckpointProof.stateDigest must be 32 bytes, got 0",
        rejection(new StateSnapshot(0, new CheckpointProof(1, null, List.of()), null)));

    // No bound of its own but the frame's. The length prefixes grow from 1 to 4 bytes: find the
    // length that fills the frame.
    int length = WireCodec.FRAME_BYTES_MAX - WireCodec.encodedSize(new StateSnapshot(1, at7, s));
    while (WireCodec.encodedSize(new StateSnapshot(1, at7, new byte[length])) > WireCodec.FRAME_BYTES_MAX) {
      length--;
    }
    StateSnapshot atMax = new StateSnapshot(1, at7, new byte[length]);
    assertEquals(WireCodec.FRAME_BYTES_MAX, WireCodec.encode(atMax).length);
    assertEquals(length, ((StateSnapshot) WireCodec.decode(WireCodec.encode(atMax))).snapshot().length);
    assertEquals("frame of 16777217 bytes exceeds FRAME_BYTES_MAX 16777216",
        rejection(new StateSnapshot(1, at7, new byte[length + 1])));
  }

  @Test
  void readsAndTheirAnswersRoundTrip() {
    for (dev.bftpaxos.core.msg.Read.Kind kind : dev.bftpaxos.core.msg.Read.Kind.values()) {
      dev.bftpaxos.core.msg.Read r = new dev.bftpaxos.core.msg.Read(7, 3, kind, "get".getBytes(StandardCharsets.UTF_8));
      ClientFrameDecoded d = WireCodec.decodeClientFrame(WireCodec.encodeRead(r));
      assertEquals(new ClientFrameDecoded.ReadFrame(r), d);
      dev.bftpaxos.core.msg.ReadReply answer = new dev.bftpaxos.core.msg.ReadReply(2, 7, 3, kind, 41,
          "v".getBytes(StandardCharsets.UTF_8), 1, new byte[] {9});
      ClientFrameDecoded back = WireCodec.decodeClientFrame(WireCodec.encodeReadReply(answer));
      assertEquals(new ClientFrameDecoded.ReadReplyFrame(answer), back);
      dev.bftpaxos.core.msg.ReadReply refused = new dev.bftpaxos.core.msg.ReadReply(2, 7, 3, kind, 41, null, -1);
      assertTrue(((ClientFrameDecoded.ReadReplyFrame) WireCodec.decodeClientFrame(WireCodec.encodeReadReply(refused)))
          .reply().refused(), "an absent result is a refusal, not an empty one");
    }
    byte[] badKind = dev.bftpaxos.core.wire.proto.ClientFrame.newBuilder()
        .setRead(dev.bftpaxos.core.wire.proto.Read.newBuilder().setKind(9)).build().toByteArray();
    WireFormatException e = assertThrows(WireFormatException.class, () -> WireCodec.decodeClientFrame(badKind));
    assertEquals("Read.kind must be 0 to 2, got 9", e.getMessage());
  }

  @Test
  void noopBatchIsNotAMissingBatch() {
    Accept noop = roundTrip(new Accept(0, 3, 13, Batch.NOOP, 12));
    assertTrue(noop.batch().isNoop());
    assertEquals("Accept.batch is missing", rejection(new Accept(0, 3, 13, null, 12)));
  }

  // ================================================================ each decoding rule once

  @Test
  void eachRuleRejectsItsField() {
    Batch b = Batch.NOOP;
    Object[][] cases = {
      {new Prepare(-1, 0, 1), "Envelope.from must be >= 0, got -1"},
      {new Prepare(0, -1, 1), "Prepare.ballot must be >= 0, got -1"},
      {new Prepare(0, 0, 0), "Prepare.fromSlot must be >= 1, got 0"},
      {new Promise(0, -1, 1, List.of(), 0), "Promise.ballot must be >= 0, got -1"},
      {new Promise(0, 0, 0, List.of(), 0), "Promise.fromSlot must be >= 1, got 0"},
      {new Promise(0, 0, 1, List.of(), -1), "Promise.chosenThrough must be >= 0, got -1"},
      {new Promise(0, 0, 1, List.of(new PromiseEntry(0, 0, b, false)), 0),
          "PromiseEntry.slot must be >= 1, got 0"},
      {new Promise(0, 0, 1, List.of(new PromiseEntry(1, -2, b, false)), 0),
          "PromiseEntry.acceptedBallot must be >= -1, got -2"},
      {new Promise(0, 0, 1, List.of(new PromiseEntry(1, 0, null, false)), 0),
          "PromiseEntry.batch is missing"},
      {new Nack(0, -1, 0), "Nack.ballot must be >= 0, got -1"},
      {new Nack(0, 0, -2), "Nack.promised must be >= -1, got -2"},
      {new Accept(0, -1, 1, b, 0), "Accept.ballot must be >= 0, got -1"},
      {new Accept(0, 0, 0, b, 0), "Accept.slot must be >= 1, got 0"},
      {new Accept(0, 0, 1, b, -1), "Accept.commitThrough must be >= 0, got -1"},
      {new Accepted(0, Long.MIN_VALUE, 1),
          "Accepted.ballot must be >= 0, got -9223372036854775808"},
      {new Accepted(0, 0, -5), "Accepted.slot must be >= 1, got -5"},
      {new Commit(0, -1, 0), "Commit.ballot must be >= 0, got -1"},
      {new Commit(0, 0, -1), "Commit.commitThrough must be >= 0, got -1"},
      {new Heartbeat(0, -1, 0), "Heartbeat.ballot must be >= 0, got -1"},
      {new Heartbeat(0, 0, -1), "Heartbeat.commitThrough must be >= 0, got -1"},
      {new HeartbeatAck(0, -1, 0), "HeartbeatAck.ballot must be >= 0, got -1"},
      {new HeartbeatAck(0, 0, -1), "HeartbeatAck.chosenThrough must be >= 0, got -1"},
      {new FetchSlots(0, 0, 1), "FetchSlots.fromSlot must be >= 1, got 0"},
      {new ChosenSlots(0, List.of(), -1), "ChosenSlots.chosenThrough must be >= 0, got -1"},
      {new ChosenSlots(0, List.of(chosen(0, b)), 0), "CommitProof.slot must be >= 1, got 0"},
      {new ChosenSlots(0, List.of(new CommitProof(0, 1, BatchDigest.of(b), null, List.of())), 0),
          "CommitProof.batch is missing"},
      {new ForwardedRequest(0, null), "ForwardedRequest.request is missing"},
    };
    for (Object[] c : cases) {
      Message m = (Message) c[0];
      assertEquals(WireCodec.encode(m).length, WireCodec.encodedSize(m), "encoding is total");
      assertEquals(c[1], rejection(m), m.toString());
    }
  }

  @Test
  void minusOneIsAllowedOnlyWhereItMeansNone() {
    roundTrip(new Nack(0, 0, -1));
    roundTrip(new Promise(0, 0, 1, List.of(new PromiseEntry(1, -1, Batch.NOOP, true)), 0));
    Reply hintless = new Reply(0, 1, 1, 1, null, -1);
    assertEquals(hintless, WireCodec.decodeReply(WireCodec.encodeReply(hintless)));
    assertEquals("Reply.leaderHint must be >= -1, got -2", assertThrows(WireFormatException.class,
        () -> WireCodec.decodeReply(WireCodec.encodeReply(new Reply(0, 1, 1, 1, null, -2)))).reason());
    assertEquals("Reply.replica must be >= 0, got -1", assertThrows(WireFormatException.class,
        () -> WireCodec.decodeReply(WireCodec.encodeReply(new Reply(-1, 1, 1, 1, null, 0)))).reason());
    assertEquals("Reply.slot must be >= 1, got 0", assertThrows(WireFormatException.class,
        () -> WireCodec.decodeReply(WireCodec.encodeReply(new Reply(0, 1, 1, 0, null, 0)))).reason());
  }

  @Test
  void emptyNullAndBodilessFramesAreRejected() {
    assertEquals("frame is null", rejection((byte[]) null));
    assertEquals("envelope has no body", rejection(new byte[0]));
    assertEquals("envelope has no body", rejection(hex("08 01"))); // from, nothing else
    assertEquals("envelope has no body", rejection(hex("78 05"))); // an unknown field only
    assertEquals("client frame has no body",
        assertThrows(WireFormatException.class, () -> WireCodec.decodeClientFrame(new byte[0])).reason());
    assertEquals("frame is null",
        assertThrows(WireFormatException.class, () -> WireCodec.decodeClientFrame(null)).reason());
  }

  @Test
  void malformedProtobufIsRejected() {
    assertTrue(rejection(hex("ff ff ff ff ff ff ff ff ff ff ff")).startsWith("malformed protobuf"));
    assertTrue(rejection(hex("12 04 08 05")).startsWith("malformed protobuf")); // truncated body
    assertTrue(rejection(hex("00")).startsWith("malformed protobuf")); // tag zero
    // A valid Prepare, then a stray end-group tag and junk: must not end the frame early.
    assertTrue(rejection(hex("08 01 12 04 08 05 10 03 0c ff ff")).startsWith("malformed protobuf"));
  }

  @Test
  void unknownFieldsAreSkippedAndNotKept() {
    // A valid Prepare followed by field 15 (varint 5): skipped.
    assertEquals(new Prepare(1, 5, 3), WireCodec.decode(hex("08 01 12 04 08 05 10 03 78 05")));
    // Unknown fields at every level of an Accept: envelope, body, batch, request.
    //   from=2, accept{ballot=7, batch{requests{client_id=9, [f15=1]}, [f15=1]}, [f15=1]}, [f15=1]
    byte[] frame = hex("08 02 2a 0e 08 07 1a 08 0a 04 08 09 78 01 78 01 78 01 78 01");
    Accept expected = new Accept(2, 7, 0, batchOf(new Request(9, 0, new byte[0])), 0);
    assertEquals("Accept.slot must be >= 1, got 0", rejection(frame));
    var parsed = WireCodec.parseEnvelope(frame);
    assertTrue(parsed.getUnknownFields().asMap().isEmpty());
    assertTrue(parsed.getAccept().getUnknownFields().asMap().isEmpty());
    assertTrue(parsed.getAccept().getBatch().getUnknownFields().asMap().isEmpty());
    assertTrue(parsed.getAccept().getBatch().getRequests(0).getUnknownFields().asMap().isEmpty());
    assertEquals(9, parsed.getAccept().getBatch().getRequests(0).getClientId());
    assertEquals(expected.batch().requests().size(), parsed.getAccept().getBatch().getRequestsCount());
  }

  @Test
  void deeplyNestedGroupsAreRejected() {
    byte[] groups = new byte[100_000];
    Arrays.fill(groups, (byte) 0x0b); // start-group of field 1, forever
    assertTrue(rejection(groups).startsWith("malformed protobuf"));
    assertTrue(assertThrows(WireFormatException.class, () -> WireCodec.decodeClientFrame(groups))
        .reason().startsWith("malformed protobuf"));
    byte[] inAccept = new byte[100_000];
    Arrays.fill(inAccept, (byte) 0x0b);
    byte[] head = hex("2a e0 8c 06"); // accept, length 99,936...
    System.arraycopy(head, 0, inAccept, 0, head.length);
    assertTrue(rejection(inAccept).startsWith("malformed protobuf"));
  }

  @Test
  void theWrongKindOfClientFrameIsRejected() {
    byte[] reply = WireCodec.encodeReply(new Reply(0, 1, 1, 1, null, 0));
    byte[] request = WireCodec.encodeRequest(request(1, 1, "x"));
    assertEquals("client frame holds a reply, expected a request",
        assertThrows(WireFormatException.class, () -> WireCodec.decodeRequest(reply)).reason());
    assertEquals("client frame holds a request, expected a reply",
        assertThrows(WireFormatException.class, () -> WireCodec.decodeReply(request)).reason());
    assertInstanceOf(ClientFrameDecoded.RequestFrame.class, WireCodec.decodeClientFrame(request));
  }

  // ================================================================ bounds

  @Test
  void framesAreBoundedBeforeParsing() {
    String reason = rejection(new byte[WireCodec.FRAME_BYTES_MAX + 1]);
    assertEquals("frame of 16777217 bytes exceeds FRAME_BYTES_MAX 16777216", reason);

    Accept atMax = acceptOfSize(WireCodec.FRAME_BYTES_MAX);
    assertEquals(WireCodec.FRAME_BYTES_MAX, WireCodec.encode(atMax).length);
    assertEquals(atMax, WireCodec.decode(WireCodec.encode(atMax)));
    Accept overMax = acceptOfSize(WireCodec.FRAME_BYTES_MAX + 1);
    assertEquals(reason, rejection(overMax));

    byte[] client = new byte[WireCodec.CLIENT_FRAME_BYTES_MAX + 1];
    assertEquals("frame of 1048577 bytes exceeds CLIENT_FRAME_BYTES_MAX 1048576",
        assertThrows(WireFormatException.class, () -> WireCodec.decodeClientFrame(client)).reason());
  }

  /** A valid Accept whose envelope is exactly {@code size} bytes. */
  private static Accept acceptOfSize(int size) {
    for (int op = size - 20; op > 0; op--) {
      Accept a = new Accept(1, 1, 1, batchOf(new Request(1, 1, new byte[op])), 0);
      int s = WireCodec.encodedSize(a);
      if (s == size) {
        return a;
      }
      if (s < size) {
        break;
      }
    }
    throw new AssertionError("no Accept of exactly " + size + " bytes");
  }

  @Test
  void batchesAreBounded() {
    List<Request> requests = new ArrayList<>(
        Collections.nCopies(WireCodec.BATCH_REQUESTS_MAX, new Request(0, 0, new byte[0])));
    roundTrip(new Accept(0, 0, 1, new Batch(requests), 0));
    requests.add(new Request(0, 0, new byte[0]));
    assertEquals("Accept.batch has 16385 requests, more than BATCH_REQUESTS_MAX 16384",
        rejection(new Accept(0, 0, 1, new Batch(requests), 0)));
    assertEquals("CommitProof.batch has 16385 requests, more than BATCH_REQUESTS_MAX 16384",
        rejection(new ChosenSlots(0, List.of(new CommitProof(0, 1, STATE, new Batch(requests), List.of())), 0)));
  }

  /** A crash-mode chosen slot whose digest the codec does not check (the core does). */
  private static CommitProof unsigned(Batch batch) {
    return new CommitProof(0, 1, STATE, batch, List.of());
  }

  @Test
  void itemsPerFrameAreBoundedBeforeParsing() {
    Batch full = new Batch(
        Collections.nCopies(WireCodec.BATCH_REQUESTS_MAX, new Request(0, 0, new byte[0])));
    int fullEntries = WireCodec.ITEMS_PER_FRAME_MAX / (WireCodec.BATCH_REQUESTS_MAX + 1); // 63
    int rest = WireCodec.ITEMS_PER_FRAME_MAX - fullEntries * (WireCodec.BATCH_REQUESTS_MAX + 1) - 1;
    List<CommitProof> entries = new ArrayList<>(Collections.nCopies(fullEntries, unsigned(full)));
    entries.add(unsigned(new Batch(full.requests().subList(0, rest))));
    ChosenSlots atMax = new ChosenSlots(0, entries, 0);
    assertEquals(WireCodec.ITEMS_PER_FRAME_MAX, entries.size()
        + entries.stream().mapToInt(e -> e.batch().requests().size()).sum());
    assertTrue(Structural.equal(atMax, WireCodec.decode(WireCodec.encode(atMax))));

    entries.set(fullEntries, unsigned(new Batch(full.requests().subList(0, rest + 1))));
    assertEquals(ITEMS_REASON,
        rejection(new ChosenSlots(0, entries, 0)));
    // The count is on the bytes: two envelopes' worth of bodies in one frame count twice, though
    // the parser would merge them into one message.
    byte[] half = WireCodec.encode(new ChosenSlots(0, entries.subList(0, 33), 0));
    byte[] twice = Arrays.copyOf(half, 2 * half.length);
    System.arraycopy(half, 0, twice, half.length, half.length);
    assertEquals(ITEMS_REASON,
        rejection(twice));
  }

  @Test
  void entryListsAreBounded() {
    List<PromiseEntry> promised = new ArrayList<>(
        Collections.nCopies(WireCodec.ENTRIES_MAX, new PromiseEntry(1, 0, Batch.NOOP, false)));
    roundTrip(new Promise(0, 0, 1, promised, 0));
    promised.add(new PromiseEntry(1, 0, Batch.NOOP, false));
    assertEquals("Promise.entries has 65537 entries, more than ENTRIES_MAX 65536",
        rejection(new Promise(0, 0, 1, promised, 0)));

    List<CommitProof> chosen = new ArrayList<>(
        Collections.nCopies(WireCodec.ENTRIES_MAX + 1, unsigned(Batch.NOOP)));
    assertEquals("ChosenSlots.slots has 65537 entries, more than ENTRIES_MAX 65536",
        rejection(new ChosenSlots(0, chosen, 0)));
  }

  // ================================================================ hygiene

  @Test
  void decodedBytesDoNotAliasTheFrame() {
    byte[] frame = WireCodec.encode(new ForwardedRequest(1, request(1, 1, "abc")));
    ForwardedRequest f = (ForwardedRequest) WireCodec.decode(frame);
    Arrays.fill(frame, (byte) 0);
    assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), f.request().op());

    byte[] replyFrame = WireCodec.encodeReply(new Reply(0, 1, 1, 1, new byte[] {7, 7}, 0));
    Reply r = WireCodec.decodeReply(replyFrame);
    Arrays.fill(replyFrame, (byte) 0);
    assertArrayEquals(new byte[] {7, 7}, r.result());
  }

  @Test
  void encodingIsTotalOverRecordsTheCoreRejects() {
    Message[] odd = {
      new Accept(Integer.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, null, Long.MIN_VALUE),
      new Promise(0, 0, 1, List.of(new PromiseEntry(-7, Long.MIN_VALUE, null, true)), 0),
      new ForwardedRequest(-1, null),
    };
    for (Message m : odd) {
      assertEquals(WireCodec.encode(m).length, WireCodec.encodedSize(m));
      assertThrows(WireFormatException.class, () -> WireCodec.decode(WireCodec.encode(m)));
    }
  }

  /** The wire package's main code stays within the core's rules: no I/O, threads, clocks, dice. */
  @Test
  void mainCodeImportsNoIoThreadsClocksOrRandomness() throws IOException {
    Path dir = Path.of("src/main/java/dev/bftpaxos/core/wire");
    List<String> forbidden = List.of("java.net.", "java.nio.", "java.io.File", "java.time.",
        "java.util.concurrent", "Thread", "Executor", "currentTimeMillis", "nanoTime",
        "java.util.Random", "SecureRandom", "Math.random");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        for (String word : forbidden) {
          assertTrue(!text.contains(word), f + " mentions " + word);
        }
      }
    }
  }
}
