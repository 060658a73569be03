package dev.bftpaxos.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage;
import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.ElectionMessage;
import dev.bftpaxos.core.msg.ForwardedRequest;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Randomized properties with java.util.Random (no property-testing library). {@link WireGen}
 * prints the run's seed once; every failure message repeats it; -Dwire.seed=N replays a run. A
 * failing input is shrunk ({@link Shrinker}) before it is reported.
 *
 * <p>Each property is a function from an input to null (holds) or a failure description whose
 * first word is its kind; shrinking keeps only candidates that fail with the same kind.
 */
class WireCodecPropertyTest {

  private static final String SEED = "seed=" + WireGen.SEED;

  /** Frames up to this long get every truncation checked; longer ones a sample. */
  private static final int ALL_TRUNCATIONS_MAX = 512;

  // ================================================================ round trips

  @Test
  void everyMessageKindRoundTrips() {
    WireGen gen = new WireGen(WireGen.random("roundTrip"), false);
    for (int kind = 0; kind < WireGen.KINDS.length; kind++) {
      for (int i = 0; i < 3_000; i++) {
        holds("round trip of " + WireGen.KINDS[kind], gen.randomSize(32).message(kind),
            WireCodecPropertyTest::roundTrips);
      }
    }
  }

  @Test
  void requestsAndRepliesRoundTrip() {
    WireGen gen = new WireGen(WireGen.random("clientRoundTrip"), false);
    for (int i = 0; i < 3_000; i++) {
      holds("request round trip", gen.randomSize(64).request(),
          WireCodecPropertyTest::requestRoundTrips);
      holds("reply round trip", gen.randomSize(64).reply(), WireCodecPropertyTest::replyRoundTrips);
    }
  }

  /**
   * Any record at all encodes, its size is predicted, and decoding gives it back exactly when the
   * rules ({@link WireRules}, written independently of the codec) call it valid.
   */
  @Test
  void wildMessagesRoundTripExactlyWhenValid() {
    WireGen gen = new WireGen(WireGen.random("wild"), true);
    int valid = 0;
    int invalid = 0;
    int[] validByKind = new int[WireGen.KINDS.length];
    int[] invalidByKind = new int[WireGen.KINDS.length];
    for (int i = 0; i < 30_000; i++) {
      int kind = i % WireGen.KINDS.length;
      Message m = gen.randomSize(8).message(kind);
      if (WireRules.valid(m)) {
        valid++;
        validByKind[kind]++;
        holds("wild valid message round trip", m, WireCodecPropertyTest::roundTrips);
      } else {
        invalid++;
        invalidByKind[kind]++;
        holds("wild invalid message rejection", m, WireCodecPropertyTest::rejected);
      }
    }
    for (int kind = 0; kind < WireGen.KINDS.length; kind++) {
      assertTrue(validByKind[kind] > 100 && invalidByKind[kind] > 100, "generator balance for "
          + WireGen.KINDS[kind] + ": " + validByKind[kind] + " valid, " + invalidByKind[kind]
          + " invalid, " + SEED);
    }
    for (int i = 0; i < 5_000; i++) {
      Reply r = gen.randomSize(8).reply();
      holds("wild reply", r, WireRules.valid(r)
          ? WireCodecPropertyTest::replyRoundTrips : WireCodecPropertyTest::replyRejected);
    }
    assertTrue(valid > 2_000 && invalid > 2_000,
        "generator balance: " + valid + " valid, " + invalid + " invalid, " + SEED);
  }

  /**
   * The item count taken on the raw bytes before parsing is exactly the number of items in the
   * record (requests, entries, proofs, nested promises, re-proposals, signer signatures), for every
   * kind, valid or not: no nested item escapes the bound.
   */
  @Test
  void itemCountBeforeParsingMatchesTheRecord() {
    for (boolean wild : new boolean[] {false, true}) {
      WireGen gen = new WireGen(WireGen.random("items" + wild), wild);
      for (int i = 0; i < 10_000; i++) {
        holds("item count" + (wild ? " (wild)" : ""), gen.randomSize(16).message(i % WireGen.KINDS.length),
            WireCodecPropertyTest::itemsCounted);
      }
    }
  }

  // ================================================================ hostile bytes

  @Test
  void everyTruncationOfAValidFrameFailsCleanly() {
    WireGen gen = new WireGen(WireGen.random("truncations"), false);
    for (int i = 0; i < 400; i++) {
      byte[] frame = WireCodec.encode(gen.randomSize(12).message(i % WireGen.KINDS.length));
      for (int n : truncations(gen, frame)) {
        holds("truncated envelope", Arrays.copyOf(frame, n), WireCodecPropertyTest::envelopeTotal);
      }
      byte[] client = i % 2 == 0
          ? WireCodec.encodeRequest(gen.request()) : WireCodec.encodeReply(gen.reply());
      for (int n : truncations(gen, client)) {
        holds("truncated client frame", Arrays.copyOf(client, n), WireCodecPropertyTest::clientTotal);
      }
    }
  }

  @Test
  void byteFlipsAndSplicesFailCleanlyOrDecodeToValidMessages() {
    WireGen gen = new WireGen(WireGen.random("flips"), false);
    for (int i = 0; i < 10_000; i++) {
      byte[] frame = WireCodec.encode(gen.randomSize(8).message());
      holds("flipped envelope", gen.flip(frame), WireCodecPropertyTest::envelopeTotal);
      holds("spliced envelope", gen.splice(frame), WireCodecPropertyTest::envelopeTotal);
      byte[] client = gen.nextBoolean()
          ? WireCodec.encodeRequest(gen.request()) : WireCodec.encodeReply(gen.reply());
      holds("flipped client frame", gen.flip(client), WireCodecPropertyTest::clientTotal);
      holds("spliced client frame", gen.splice(client), WireCodecPropertyTest::clientTotal);
    }
  }

  @Test
  void randomGarbageFailsCleanly() {
    WireGen gen = new WireGen(WireGen.random("garbage"), false);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = gen.bytes(64);
      if (b.length > 0 && gen.nextBoolean()) {
        b[0] = (byte) ((1 + gen.nextInt(12)) << 3 | 2); // a plausible first tag
      }
      holds("garbage envelope", b, WireCodecPropertyTest::envelopeTotal);
      holds("garbage client frame", b, WireCodecPropertyTest::clientTotal);
    }
  }

  /**
   * Well-framed protobuf with random fields reaches the field checks. Also counts the outcomes, to
   * show the generator gets that far: some inputs must decode and some fail each kind of check.
   */
  @Test
  void protobufShapedGarbageFailsCleanlyOrDecodesToValidMessages() {
    WireGen gen = new WireGen(WireGen.random("protobufish"), false);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < 40_000; i++) {
      byte[] b = gen.protobufish(4);
      holds("protobuf-shaped envelope", b, WireCodecPropertyTest::envelopeTotal);
      holds("protobuf-shaped client frame", b, WireCodecPropertyTest::clientTotal);
      outcomes.merge(outcome(b), 1, Integer::sum);
    }
    System.out.println("protobuf-shaped garbage as envelopes: " + outcomes);
    assertTrue(outcomes.getOrDefault("decoded", 0) > 500, "too few decoded: " + outcomes + ", " + SEED);
    for (String reason : List.of("malformed", "out of range", "missing", "no body", "bad length")) {
      assertTrue(outcomes.getOrDefault(reason, 0) > 100,
          "too few '" + reason + "': " + outcomes + ", " + SEED);
    }
  }

  @Test
  void framesOfTheOtherKindFailCleanly() {
    WireGen gen = new WireGen(WireGen.random("crossFeed"), false);
    for (int i = 0; i < 5_000; i++) {
      holds("envelope as client frame", WireCodec.encode(gen.randomSize(8).message()),
          WireCodecPropertyTest::clientTotal);
      holds("request as envelope", WireCodec.encodeRequest(gen.request()),
          WireCodecPropertyTest::envelopeTotal);
      holds("reply as envelope", WireCodec.encodeReply(gen.reply()),
          WireCodecPropertyTest::envelopeTotal);
    }
  }

  // ================================================================ the shrinker itself

  @Test
  void shrinkerFindsASmallCounterexample() {
    WireGen gen = new WireGen(WireGen.random("shrinker"), false);
    for (int i = 0; i < 50; i++) {
      Message big = gen.size(32).message(3); // Accept
      // A stand-in for a bug: "fails" when some request's op is at least 3 bytes long.
      Function<Message, String> fakeBug = m -> WireCodec.encodedSize(m) > 0 && hasOpOf3(m)
          ? "bug: op of 3+ bytes" : null;
      if (fakeBug.apply(big) == null) {
        continue;
      }
      Message small = Shrinker.shrink(big, m -> fakeBug.apply(m) != null);
      assertEquals("Accept(from=0, ballot=0, slot=0, batch=Batch(requests=[Request(clientId=0, "
          + "seq=0, op=0x000000, signature=0x)]), commitThrough=0)", Shrinker.show(small), SEED);
      return;
    }
    fail("no Accept with a 3-byte op generated, " + SEED);
  }

  private static boolean hasOpOf3(Message m) {
    var a = (dev.bftpaxos.core.msg.ReplicationMessage.Accept) m;
    return a.batch().requests().stream().anyMatch(r -> r.op().length >= 3);
  }

  // ================================================================ properties

  /** Encodes, predicts its size, decodes to an equal message, re-encodes to the same bytes. */
  static String roundTrips(Message m) {
    byte[] bytes = WireCodec.encode(m);
    if (WireCodec.encodedSize(m) != bytes.length) {
      return "size: encodedSize " + WireCodec.encodedSize(m) + " but encoded " + bytes.length;
    }
    if (WireCodec.toEnvelope(m).getSerializedSize() != bytes.length) {
      return "size: proto says " + WireCodec.toEnvelope(m).getSerializedSize();
    }
    Message decoded;
    try {
      decoded = WireCodec.decode(bytes);
    } catch (WireFormatException e) {
      return "rejected: " + e.reason();
    }
    if (!Structural.equal(decoded, m)) {
      return "mismatch: decoded " + Shrinker.show(decoded);
    }
    if (!Arrays.equals(bytes, WireCodec.encode(decoded))) {
      return "unstable: re-encoding differs";
    }
    return null;
  }

  /** The raw-byte item count of {@code m}'s frame equals {@link #itemsOf(Message)}. */
  static String itemsCounted(Message m) {
    int counted;
    try {
      counted = WireCodec.items(WireCodec.encode(m));
    } catch (IOException e) {
      return "malformed: " + e;
    }
    int expected = itemsOf(m);
    return counted == expected ? null : "count: counted " + counted + ", the record has " + expected;
  }

  /** The items of {@code m}, counted on the record, independently of the codec. */
  static int itemsOf(Message m) {
    if (m instanceof ElectionMessage.Promise p) {
      return p.entries().size() + p.entries().stream().mapToInt(e -> requests(e.batch())).sum();
    } else if (m instanceof ReplicationMessage.Accept a) {
      return requests(a.batch());
    } else if (m instanceof ForwardedRequest f) {
      return f.request() == null ? 0 : 1;
    } else if (m instanceof ByzantineMessage.Propose p) {
      return requests(p.batch());
    } else if (m instanceof ByzantineMessage.BallotPromise p) {
      return promiseItems(p);
    } else if (m instanceof ByzantineMessage.NewBallot n) {
      return n.promises().size() + n.promises().stream().mapToInt(p -> promiseItems(p)).sum()
          + n.reproposals().size() + n.reproposals().stream().mapToInt(r -> requests(r.batch())).sum();
    } else if (m instanceof LogMessage.ChosenSlots s) {
      return s.slots().size() + s.slots().stream()
          .mapToInt(c -> requests(c.batch()) + c.signatures().size()).sum();
    } else if (m instanceof LogMessage.StateSnapshot s) {
      return s.proof() == null ? 0 : s.proof().signatures().size();
    }
    return 0;
  }

  private static int promiseItems(ByzantineMessage.BallotPromise p) {
    return (p.checkpoint() == null ? 0 : p.checkpoint().signatures().size()) + p.accepted().size()
        + p.accepted().stream().mapToInt(a -> requests(a.batch()) + a.signatures().size()).sum();
  }

  private static int requests(Batch b) {
    return b == null ? 0 : b.requests().size();
  }

  /** Encodes with a predicted size, and decoding rejects it cleanly. */
  static String rejected(Message m) {
    byte[] bytes = WireCodec.encode(m);
    if (WireCodec.encodedSize(m) != bytes.length) {
      return "size: encodedSize " + WireCodec.encodedSize(m) + " but encoded " + bytes.length;
    }
    try {
      return "accepted: decoded " + Shrinker.show(WireCodec.decode(bytes));
    } catch (WireFormatException e) {
      return clean(e);
    }
  }

  static String requestRoundTrips(Request r) {
    byte[] bytes = WireCodec.encodeRequest(r);
    if (WireCodec.encodedSize(r) != bytes.length) {
      return "size: encodedSize " + WireCodec.encodedSize(r) + " but encoded " + bytes.length;
    }
    try {
      Request decoded = WireCodec.decodeRequest(bytes);
      if (!decoded.equals(r)) {
        return "mismatch: decoded " + Shrinker.show(decoded);
      }
      if (!(WireCodec.decodeClientFrame(bytes) instanceof ClientFrameDecoded.RequestFrame f)
          || !f.request().equals(r)) {
        return "mismatch: decodeClientFrame disagrees with decodeRequest";
      }
    } catch (WireFormatException e) {
      return "rejected: " + e.reason();
    }
    return Arrays.equals(bytes, WireCodec.encodeRequest(r)) ? null : "unstable: re-encoding differs";
  }

  static String replyRoundTrips(Reply r) {
    byte[] bytes = WireCodec.encodeReply(r);
    if (WireCodec.encodedSize(r) != bytes.length) {
      return "size: encodedSize " + WireCodec.encodedSize(r) + " but encoded " + bytes.length;
    }
    try {
      Reply decoded = WireCodec.decodeReply(bytes);
      if (!decoded.equals(r)) {
        return "mismatch: decoded " + Shrinker.show(decoded);
      }
      if ((decoded.result() == null) != (r.result() == null)) {
        return "mismatch: null result and empty result confused";
      }
      if (!(WireCodec.decodeClientFrame(bytes) instanceof ClientFrameDecoded.ReplyFrame f)
          || !f.reply().equals(r)) {
        return "mismatch: decodeClientFrame disagrees with decodeReply";
      }
    } catch (WireFormatException e) {
      return "rejected: " + e.reason();
    }
    return Arrays.equals(bytes, WireCodec.encodeReply(r)) ? null : "unstable: re-encoding differs";
  }

  static String replyRejected(Reply r) {
    byte[] bytes = WireCodec.encodeReply(r);
    if (WireCodec.encodedSize(r) != bytes.length) {
      return "size: encodedSize " + WireCodec.encodedSize(r) + " but encoded " + bytes.length;
    }
    try {
      return "accepted: decoded " + Shrinker.show(WireCodec.decodeReply(bytes));
    } catch (WireFormatException e) {
      return clean(e);
    }
  }

  /**
   * Any bytes: decoding throws WireFormatException (for a reason other than the catch-all), or
   * gives a message that obeys the rules and itself round-trips.
   */
  static String envelopeTotal(byte[] bytes) {
    Message m;
    try {
      m = WireCodec.decode(bytes);
    } catch (WireFormatException e) {
      return clean(e);
    }
    if (!WireRules.valid(m)) {
      return "invalid: accepted " + Shrinker.show(m);
    }
    String again = roundTrips(m);
    return again == null ? null : "decoded-then: " + again;
  }

  /** Like {@link #envelopeTotal} for client frames. */
  static String clientTotal(byte[] bytes) {
    ClientFrameDecoded f;
    try {
      f = WireCodec.decodeClientFrame(bytes);
    } catch (WireFormatException e) {
      return clean(e);
    }
    if (f instanceof ClientFrameDecoded.RequestFrame r) {
      String again = requestRoundTrips(r.request());
      return again == null ? null : "decoded-then: " + again;
    }
    if (f instanceof ClientFrameDecoded.ReadFrame r) {
      byte[] again = WireCodec.encodeRead(r.read());
      return new ClientFrameDecoded.ReadFrame(r.read()).equals(WireCodec.decodeClientFrame(again)) ? null
          : "decoded-then: read does not round-trip";
    }
    if (f instanceof ClientFrameDecoded.ReadReplyFrame r) {
      if (r.reply().slot() < 0 || r.reply().replica() < 0 || r.reply().leaderHint() < -1) {
        return "invalid: accepted " + r.reply();
      }
      byte[] again = WireCodec.encodeReadReply(r.reply());
      return new ClientFrameDecoded.ReadReplyFrame(r.reply()).equals(WireCodec.decodeClientFrame(again)) ? null
          : "decoded-then: read answer does not round-trip";
    }
    Reply reply = ((ClientFrameDecoded.ReplyFrame) f).reply();
    if (!WireRules.valid(reply)) {
      return "invalid: accepted " + Shrinker.show(reply);
    }
    String again = replyRoundTrips(reply);
    return again == null ? null : "decoded-then: " + again;
  }

  /** Null for an ordinary rejection; a failure for the catch-all that marks a codec bug. */
  private static String clean(WireFormatException e) {
    return e.reason().startsWith("unexpected") ? "catch-all: " + e.reason() : null;
  }

  private static String outcome(byte[] b) {
    try {
      WireCodec.decode(b);
      return "decoded";
    } catch (WireFormatException e) {
      String r = e.reason();
      return r.startsWith("malformed") ? "malformed"
          : r.contains("must be >=") ? "out of range"
          : r.contains("is missing") ? "missing"
          : r.contains("no body") ? "no body"
          : r.contains(" bytes, got ") ? "bad length"
          : r.contains("must be absent") ? "misplaced"
          : r;
    }
  }


  // ================================================================ harness

  /**
   * Runs {@code property} on {@code input}; on failure (a description, or any exception) shrinks
   * the input and fails the test with the seed, the original and the shrunk input.
   */
  private static <T> void holds(String name, T input, Function<T, String> property) {
    Function<T, String> guarded = guard(property);
    String failure = guarded.apply(input);
    if (failure == null) {
      return;
    }
    String kind = kind(failure);
    T small = Shrinker.shrink(input, t -> {
      String f = guarded.apply(t);
      return f != null && kind(f).equals(kind);
    });
    fail(name + " failed (" + SEED + "): " + failure
        + "\n  input:  " + Shrinker.show(input)
        + "\n  shrunk: " + Shrinker.show(small) + "\n  which gives: " + guarded.apply(small));
  }

  private static <T> Function<T, String> guard(Function<T, String> property) {
    return t -> {
      try {
        return property.apply(t);
      } catch (Throwable e) { // anything but a WireFormatException handled inside is a failure
        return "threw: " + e;
      }
    };
  }

  private static String kind(String failure) {
    int colon = failure.indexOf(':');
    return colon < 0 ? failure : failure.substring(0, colon);
  }

  private static List<Integer> truncations(WireGen gen, byte[] frame) {
    List<Integer> lengths = new ArrayList<>();
    if (frame.length <= ALL_TRUNCATIONS_MAX) {
      for (int n = 0; n < frame.length; n++) {
        lengths.add(n);
      }
    } else {
      for (int i = 0; i < 64; i++) {
        lengths.add(gen.nextInt(frame.length));
      }
    }
    return lengths;
  }
}
