package dev.bftpaxos.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.wire.proto.Envelope;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed examples for the Byzantine-mode messages: pinned bytes, each rule once, each bound. */
class ByzantineWireTest {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  /** 00 01 02 ... 1f. */
  private static final Digest32 D = digest(0);
  private static final Digest32 E = digest(0x40);
  /** An Ed25519-sized signature. */
  private static final byte[] SIG = filled(64, 0x5a);
  private static final List<SignerSignature> QUORUM = List.of(
      new SignerSignature(0, filled(64, 1)), new SignerSignature(1, filled(64, 2)),
      new SignerSignature(3, filled(64, 3)));
  private static final Batch ONE = new Batch(List.of(
      new Request(7, 1, "put k v".getBytes(StandardCharsets.UTF_8), filled(64, 9))));

  private static Digest32 digest(int first) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (first + i);
    }
    return Digest32.of(b);
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static String rejection(byte[] frame) {
    return assertThrows(WireFormatException.class, () -> WireCodec.decode(frame)).reason();
  }

  private static String rejection(Message m) {
    byte[] bytes = WireCodec.encode(m);
    assertEquals(bytes.length, WireCodec.encodedSize(m), "encoding is total and sized");
    return rejection(bytes);
  }

  private static <T extends Message> T roundTrip(T m) {
    byte[] bytes = WireCodec.encode(m);
    assertEquals(bytes.length, WireCodec.encodedSize(m));
    Message back = WireCodec.decode(bytes);
    assertTrue(Structural.equal(m, back), () -> Shrinker.show(m) + " came back as " + Shrinker.show(back));
    assertArrayEquals(bytes, WireCodec.encode(back));
    @SuppressWarnings("unchecked")
    T t = (T) back;
    return t;
  }

  private static AcceptProof acceptProof(long slot) {
    return new AcceptProof(4, slot, D, ONE, QUORUM);
  }

  private static BallotPromise promise(int from, CheckpointProof checkpoint, int proofs) {
    List<AcceptProof> accepted = new ArrayList<>();
    for (int i = 0; i < proofs; i++) {
      accepted.add(acceptProof(101 + i));
    }
    return new BallotPromise(from, 5, checkpoint, accepted, SIG);
  }

  // ================================================================ exact bytes

  @Test
  void signedAcceptBytes() {
    SignedAccept a = new SignedAccept(1, 2, 3, D, filled(16, 0xaa));
    // from=1; signed_accept (field 14) {ballot=2, slot=3, digest=32 bytes, signature=16 bytes}
    String bytes = "08 01 72 38 08 02 10 03 1a 20 " + HEX.formatHex(D.toBytes())
        + " 22 10 " + HEX.formatHex(filled(16, 0xaa));
    assertEquals(bytes, HEX.formatHex(WireCodec.encode(a)));
    assertEquals(60, WireCodec.encodedSize(a));
    assertTrue(Structural.equal(a, WireCodec.decode(HEX.parseHex(bytes))));
  }

  @Test
  void fieldsFrom16OnTakeTwoByteTags() {
    Checkpoint c = new Checkpoint(0, 5, D, filled(16, 0xaa));
    // checkpoint is Envelope field 16: tag (16 << 3 | 2) = 0x82 0x01
    String bytes = "82 01 36 08 05 12 20 " + HEX.formatHex(D.toBytes())
        + " 1a 10 " + HEX.formatHex(filled(16, 0xaa));
    assertEquals(bytes, HEX.formatHex(WireCodec.encode(c)));
    assertEquals(57, WireCodec.encodedSize(c));
    assertEquals("aa 01 02 08 09", HEX.formatHex(WireCodec.encode(new FetchState(0, 9)))); // field 21
  }

  // ================================================================ round trips

  @Test
  void examplesOfEveryTypeRoundTrip() {
    CheckpointProof stable = new CheckpointProof(100, E, QUORUM);
    CheckpointProof initial = new CheckpointProof(0, E, List.of());
    Message[] examples = {
      new Propose(0, 4, 101, ONE, SIG),
      new Propose(0, 4, 102, Batch.NOOP, SIG),
      new SignedAccept(2, 4, 101, D, SIG),
      new SignedCommit(3, 4, 101, D, SIG),
      new Checkpoint(1, 100, E, SIG),
      promise(2, stable, 3),
      promise(2, initial, 0),
      promise(2, null, 1),
      new NewBallot(1, 5, List.of(promise(0, stable, 2), promise(2, null, 0), promise(3, initial, 1)),
          List.of(new Reproposal(101, ONE), new Reproposal(102, Batch.NOOP)), SIG),
      new NewBallot(1, 5, List.of(), List.of(), SIG),
      new FetchSlots(3, 101, 200),
      new ChosenSlots(0, List.of(new CommitProof(4, 101, D, ONE, QUORUM),
          new CommitProof(4, 102, E, Batch.NOOP, List.of())), 0),
      new ChosenSlots(0, List.of(), 0),
      new FetchState(3, 100),
      new StateSnapshot(0, stable, "state".getBytes(StandardCharsets.UTF_8)),
      new StateSnapshot(0, initial, new byte[0]),
    };
    for (Message m : examples) {
      roundTrip(m);
    }
    // No ballot field: these have none (ballot() == -1), and nothing on the wire stands for it.
    for (Message m : new Message[] {examples[4], examples[10], examples[11], examples[13], examples[14]}) {
      assertEquals(-1, m.ballot(), Shrinker.show(m));
      assertEquals(-1, WireCodec.decode(WireCodec.encode(m)).ballot());
    }
  }

  @Test
  void aMissingCheckpointIsNotAnEmptyOne() {
    assertNull(roundTrip(promise(2, null, 1)).checkpoint());
    CheckpointProof initial = new CheckpointProof(0, E, List.of());
    assertEquals(initial.slot(), roundTrip(promise(2, initial, 1)).checkpoint().slot());
    // The two differ on the wire: an absent field, and a present one.
    assertEquals(WireCodec.encodedSize(promise(2, null, 0)) + 2 + 34,
        WireCodec.encodedSize(promise(2, initial, 0)));
  }

  @Test
  void aNestedPromiseCarriesItsSenderATopLevelOneDoesNot() {
    BallotPromise p = promise(3, null, 0);
    Envelope top = WireCodec.toEnvelope(p);
    assertEquals(3, top.getFrom());
    assertEquals(0, top.getBallotPromise().getFrom());
    NewBallot n = roundTrip(new NewBallot(1, 5, List.of(p, promise(0, null, 0)), List.of(), SIG));
    assertEquals(3, n.promises().get(0).from());
    assertEquals(0, n.promises().get(1).from());

    byte[] misplaced = top.toBuilder()
        .setBallotPromise(top.getBallotPromise().toBuilder().setFrom(3)).build().toByteArray();
    assertEquals("BallotPromise.from must be absent outside a NewBallot (Envelope.from names the"
        + " sender), got 3", rejection(misplaced));
  }

  // ================================================================ each decoding rule once

  @Test
  void eachRuleRejectsItsField() {
    byte[] s = SIG;
    List<SignerSignature> q = QUORUM;
    Batch b = Batch.NOOP;
    CheckpointProof cp = new CheckpointProof(1, E, q);
    Object[][] cases = {
      {new Propose(-1, 0, 1, b, s), "Envelope.from must be >= 0, got -1"},
      {new Propose(0, -1, 1, b, s), "Propose.ballot must be >= 0, got -1"},
      {new Propose(0, 0, 0, b, s), "Propose.slot must be >= 1, got 0"},
      {new Propose(0, 0, 1, null, s), "Propose.batch is missing"},
      {new Propose(0, 0, 1, b, null), "Propose.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 0"},
      {new Propose(0, 0, 1, b, new byte[0]),
          "Propose.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 0"},
      {new SignedAccept(0, -1, 1, D, s), "SignedAccept.ballot must be >= 0, got -1"},
      {new SignedAccept(0, 0, 0, D, s), "SignedAccept.slot must be >= 1, got 0"},
      {new SignedAccept(0, 0, 1, null, s), "SignedAccept.digest must be 32 bytes, got 0"},
      {new SignedAccept(0, 0, 1, D, new byte[257]),
          "SignedAccept.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 257"},
      {new SignedCommit(0, -1, 1, D, s), "SignedCommit.ballot must be >= 0, got -1"},
      {new SignedCommit(0, 0, -1, D, s), "SignedCommit.slot must be >= 1, got -1"},
      {new SignedCommit(0, 0, 1, null, s), "SignedCommit.digest must be 32 bytes, got 0"},
      {new SignedCommit(0, 0, 1, D, null),
          "SignedCommit.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 0"},
      {new Checkpoint(0, 0, D, s), "Checkpoint.slot must be >= 1, got 0"},
      {new Checkpoint(0, 1, null, s), "Checkpoint.stateDigest must be 32 bytes, got 0"},
      {new Checkpoint(0, 1, D, new byte[257]),
          "Checkpoint.signature must be at most SIGNATURE_BYTES_MAX 256 bytes, got 257"},
      {new BallotPromise(0, -1, null, List.of(), s), "BallotPromise.ballot must be >= 0, got -1"},
      {new BallotPromise(0, 0, new CheckpointProof(-1, E, q), List.of(), s),
          "CheckpointProof.slot must be >= 0, got -1"},
      {new BallotPromise(0, 0, new CheckpointProof(1, null, q), List.of(), s),
          "CheckpointProof.stateDigest must be 32 bytes, got 0"},
      {new BallotPromise(0, 0, new CheckpointProof(1, E, List.of(new SignerSignature(-1, s))),
          List.of(), s), "SignerSignature.signerId must be >= 0, got -1"},
      {new BallotPromise(0, 0, new CheckpointProof(1, E, List.of(new SignerSignature(0, new byte[0]))),
          List.of(), s), "SignerSignature.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 0"},
      {new BallotPromise(0, 0, cp, List.of(new AcceptProof(-1, 1, D, b, q)), s),
          "AcceptProof.ballot must be >= 0, got -1"},
      {new BallotPromise(0, 0, cp, List.of(new AcceptProof(0, 0, D, b, q)), s),
          "AcceptProof.slot must be >= 1, got 0"},
      {new BallotPromise(0, 0, cp, List.of(new AcceptProof(0, 1, null, b, q)), s),
          "AcceptProof.digest must be 32 bytes, got 0"},
      {new BallotPromise(0, 0, cp, List.of(new AcceptProof(0, 1, D, null, q)), s),
          "AcceptProof.batch is missing"},
      {new BallotPromise(0, 0, cp, List.of(new AcceptProof(0, 1, D, b,
          List.of(new SignerSignature(Integer.MIN_VALUE, s)))), s),
          "SignerSignature.signerId must be >= 0, got -2147483648"},
      {new BallotPromise(0, 0, cp, List.of(), null),
          "BallotPromise.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 0"},
      {new NewBallot(0, -1, List.of(), List.of(), s), "NewBallot.ballot must be >= 0, got -1"},
      {new NewBallot(0, 0, List.of(new BallotPromise(-1, 0, null, List.of(), s)), List.of(), s),
          "BallotPromise.from must be >= 0, got -1"},
      {new NewBallot(0, 0, List.of(new BallotPromise(1, -3, null, List.of(), s)), List.of(), s),
          "BallotPromise.ballot must be >= 0, got -3"},
      {new NewBallot(0, 0, List.of(), List.of(new Reproposal(0, b)), s),
          "Reproposal.slot must be >= 1, got 0"},
      {new NewBallot(0, 0, List.of(), List.of(new Reproposal(1, null)), s),
          "Reproposal.batch is missing"},
      {new NewBallot(0, 0, List.of(), List.of(), new byte[0]),
          "NewBallot.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 0"},
      {new FetchSlots(0, 0, 1), "FetchSlots.fromSlot must be >= 1, got 0"},
      {new FetchSlots(0, 1, 0), "FetchSlots.toSlot must be >= 1, got 0"},
      {new ChosenSlots(0, List.of(new CommitProof(-1, 1, D, b, q)), 0),
          "CommitProof.ballot must be >= 0, got -1"},
      {new ChosenSlots(0, List.of(new CommitProof(0, 0, D, b, q)), 0),
          "CommitProof.slot must be >= 1, got 0"},
      {new ChosenSlots(0, List.of(new CommitProof(0, 1, null, b, q)), 0),
          "CommitProof.digest must be 32 bytes, got 0"},
      {new ChosenSlots(0, List.of(new CommitProof(0, 1, D, null, q)), 0),
          "CommitProof.batch is missing"},
      {new ChosenSlots(0, List.of(new CommitProof(0, 1, D, b, List.of(new SignerSignature(0, new byte[300])))), 0),
          "SignerSignature.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 300"},
      {new FetchState(0, 0), "FetchState.slot must be >= 1, got 0"},
      {new StateSnapshot(0, null, new byte[0]), "StateSnapshot.proof is missing"},
      {new StateSnapshot(0, new CheckpointProof(-1, E, q), new byte[0]),
          "CheckpointProof.slot must be >= 0, got -1"},
      {new StateSnapshot(0, cp, null), "StateSnapshot.snapshot is missing"},
    };
    for (Object[] c : cases) {
      Message m = (Message) c[0];
      assertEquals(c[1], rejection(m), Shrinker.show(m));
    }
  }

  @Test
  void digestsMustBeExactly32Bytes() {
    Envelope ok = WireCodec.toEnvelope(new SignedAccept(0, 0, 1, D, SIG));
    for (int n : new int[] {1, 31, 33, 64}) {
      byte[] frame = ok.toBuilder().setSignedAccept(ok.getSignedAccept().toBuilder()
          .setDigest(com.google.protobuf.ByteString.copyFrom(new byte[n]))).build().toByteArray();
      assertEquals("SignedAccept.digest must be 32 bytes, got " + n, rejection(frame));
    }
  }

  // ================================================================ bounds

  @Test
  void signaturesAreBounded() {
    roundTrip(new SignedAccept(0, 0, 1, D, new byte[1]));
    roundTrip(new SignedAccept(0, 0, 1, D, new byte[WireCodec.SIGNATURE_BYTES_MAX]));
    roundTrip(new ChosenSlots(0, List.of(new CommitProof(0, 1, D, Batch.NOOP,
        List.of(new SignerSignature(0, new byte[WireCodec.SIGNATURE_BYTES_MAX])))), 0));
    assertEquals("SignedAccept.signature must be 1 to SIGNATURE_BYTES_MAX 256 bytes, got 257",
        rejection(new SignedAccept(0, 0, 1, D, new byte[WireCodec.SIGNATURE_BYTES_MAX + 1])));
  }

  @Test
  void signaturesPerProofAreBounded() {
    List<SignerSignature> max = Collections.nCopies(WireCodec.SIGNATURES_PER_PROOF_MAX,
        new SignerSignature(1, SIG));
    List<SignerSignature> over = Collections.nCopies(WireCodec.SIGNATURES_PER_PROOF_MAX + 1,
        new SignerSignature(1, SIG));
    roundTrip(new StateSnapshot(0, new CheckpointProof(9, E, max), new byte[0]));
    assertEquals("CheckpointProof.signatures has 1025 signatures, more than SIGNATURES_PER_PROOF_MAX"
        + " 1024", rejection(new StateSnapshot(0, new CheckpointProof(9, E, over), new byte[0])));
    roundTrip(new BallotPromise(0, 0, null, List.of(new AcceptProof(0, 1, D, ONE, max)), SIG));
    assertEquals("AcceptProof.signatures has 1025 signatures, more than SIGNATURES_PER_PROOF_MAX 1024",
        rejection(new BallotPromise(0, 0, null, List.of(new AcceptProof(0, 1, D, ONE, over)), SIG)));
    roundTrip(new ChosenSlots(0, List.of(new CommitProof(0, 1, D, ONE, max)), 0));
    assertEquals("CommitProof.signatures has 1025 signatures, more than SIGNATURES_PER_PROOF_MAX 1024",
        rejection(new ChosenSlots(0, List.of(new CommitProof(0, 1, D, ONE, over)), 0)));
  }

  @Test
  void entryListsAreBounded() {
    int max = WireCodec.ENTRIES_MAX;
    AcceptProof proof = new AcceptProof(0, 1, D, Batch.NOOP, List.of());
    assertEquals("BallotPromise.accepted has 65537 entries, more than ENTRIES_MAX 65536",
        rejection(new BallotPromise(0, 0, null, Collections.nCopies(max + 1, proof), SIG)));
    roundTrip(new BallotPromise(0, 0, null, Collections.nCopies(max, proof), SIG));

    BallotPromise promise = new BallotPromise(0, 0, null, List.of(), SIG);
    assertEquals("NewBallot.promises has 65537 entries, more than ENTRIES_MAX 65536",
        rejection(new NewBallot(0, 0, Collections.nCopies(max + 1, promise), List.of(), SIG)));
    Reproposal noop = new Reproposal(1, Batch.NOOP);
    assertEquals("NewBallot.reproposals has 65537 entries, more than ENTRIES_MAX 65536",
        rejection(new NewBallot(0, 0, List.of(), Collections.nCopies(max + 1, noop), SIG)));
    roundTrip(new NewBallot(0, 0, List.of(), Collections.nCopies(max, noop), SIG));

    CommitProof certificate = new CommitProof(0, 1, D, Batch.NOOP, List.of());
    assertEquals("ChosenSlots.slots has 65537 entries, more than ENTRIES_MAX 65536",
        rejection(new ChosenSlots(0, Collections.nCopies(max + 1, certificate), 0)));
  }

  @Test
  void snapshotsAreBoundedByTheFrame() {
    CheckpointProof proof = new CheckpointProof(9, E, QUORUM);
    int overhead = WireCodec.encodedSize(new StateSnapshot(1, proof, new byte[0]));
    // The snapshot's length prefix grows from 1 to 4 bytes: find the length that fills the frame.
    int length = WireCodec.FRAME_BYTES_MAX - overhead;
    while (WireCodec.encodedSize(new StateSnapshot(1, proof, new byte[length])) > WireCodec.FRAME_BYTES_MAX) {
      length--;
    }
    StateSnapshot atMax = new StateSnapshot(1, proof, new byte[length]);
    assertEquals(WireCodec.FRAME_BYTES_MAX, WireCodec.encodedSize(atMax));
    roundTrip(atMax);
    assertEquals("frame of 16777217 bytes exceeds FRAME_BYTES_MAX 16777216",
        rejection(new StateSnapshot(1, proof, new byte[length + 1])));
  }

  /** 1024 certificates of 1023 signatures: exactly ITEMS_PER_FRAME_MAX items, all valid. */
  @Test
  void signaturesCountAsItemsBeforeParsing() {
    SignerSignature tiny = new SignerSignature(0, new byte[1]);
    int certificates = 1024;
    int perProof = WireCodec.ITEMS_PER_FRAME_MAX / certificates - 1; // 1023
    CommitProof full = new CommitProof(0, 1, D, Batch.NOOP, Collections.nCopies(perProof, tiny));
    List<CommitProof> proofs = new ArrayList<>(Collections.nCopies(certificates, full));
    ChosenSlots atMax = new ChosenSlots(0, proofs, 0);
    assertEquals(WireCodec.ITEMS_PER_FRAME_MAX, certificates * (1 + perProof));
    assertInstanceOf(ChosenSlots.class, WireCodec.decode(WireCodec.encode(atMax)));

    proofs.set(0, new CommitProof(0, 1, D, Batch.NOOP, Collections.nCopies(perProof + 1, tiny)));
    byte[] over = WireCodec.encode(new ChosenSlots(0, proofs, 0));
    assertTrue(over.length < WireCodec.FRAME_BYTES_MAX / 2, "small frame, many items");
    assertEquals(WireCodecTest.ITEMS_REASON, rejection(over));
  }

  /**
   * Hand-built hostile frames of two-byte items (empty messages) deep inside each Byzantine path:
   * rejected on the count, before the parser builds millions of protos.
   */
  @Test
  void hostileFramesOfEmptyNestedItemsAreRejectedBeforeParsing() {
    int n = WireCodec.ITEMS_PER_FRAME_MAX + 1;
    byte[] emptySignatures = repeat(0x1a, n); // CheckpointProof.signatures (field 3), empty
    byte[][] frames = {
      // state_snapshot (22) { proof (1) { signatures... } }
      field(22, field(1, emptySignatures)),
      // ballot_promise (17) { checkpoint (2) { signatures... } }
      field(17, field(2, emptySignatures)),
      // ballot_promise (17) { accepted (3): empty AcceptProofs }
      field(17, repeat(0x1a, n)),
      // new_ballot (18) { promises (2): empty BallotPromises }
      field(18, repeat(0x12, n)),
      // new_ballot (18) { reproposals (3): empty Reproposals }
      field(18, repeat(0x1a, n)),
      // new_ballot (18) { promises (2) { accepted (3) { signatures (5)... } } }
      field(18, field(2, field(3, repeat(0x2a, n)))),
      // new_ballot (18) { reproposals (3) { batch (2) { requests (1)... } } }
      field(18, field(3, field(2, repeat(0x0a, n)))),
      // slot_certificates (20) { certificates (1): empty CommitProofs }
      field(20, repeat(0x0a, n)),
      // slot_certificates (20) { certificates (1) { batch (4) { requests... } } }
      field(20, field(1, field(4, repeat(0x0a, n)))),
      // propose (13) { batch (3) { requests... } }
      field(13, field(3, repeat(0x0a, n))),
    };
    for (byte[] frame : frames) {
      assertEquals(WireCodecTest.ITEMS_REASON, rejection(frame));
    }
    // One fewer item: the count passes, and the checks after parsing have their say.
    assertEquals("ChosenSlots.slots has 1048576 entries, more than ENTRIES_MAX 65536",
        rejection(field(20, repeat(0x0a, n - 1))));
  }

  /** {@code n} empty length-delimited fields with one-byte tag {@code tag}. */
  private static byte[] repeat(int tag, int n) {
    byte[] b = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      b[2 * i] = (byte) tag;
    }
    return b;
  }

  /** A length-delimited field {@code number} holding {@code body}. */
  private static byte[] field(int number, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, (long) number << 3 | 2);
    varint(out, body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  // ================================================================ hygiene

  @Test
  void decodedBytesDoNotAliasTheFrame() {
    byte[] frame = WireCodec.encode(new StateSnapshot(1, new CheckpointProof(9, E, QUORUM),
        new byte[] {7, 7}));
    StateSnapshot s = (StateSnapshot) WireCodec.decode(frame);
    Arrays.fill(frame, (byte) 0);
    assertArrayEquals(new byte[] {7, 7}, s.snapshot());
    assertEquals(QUORUM, s.proof().signatures());
    assertEquals(E, s.proof().stateDigest());

    byte[] propose = WireCodec.encode(new Propose(1, 1, 1, ONE, SIG));
    Propose p = (Propose) WireCodec.decode(propose);
    Arrays.fill(propose, (byte) 0);
    assertArrayEquals(SIG, p.signature());
    assertArrayEquals(filled(64, 9), p.batch().requests().get(0).signature());
  }

  @Test
  void encodingIsTotalOverRecordsTheCoreRejects() {
    Message[] odd = {
      new Propose(Integer.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, null, null),
      new SignedAccept(-1, -1, -1, null, null),
      new Checkpoint(-1, Long.MIN_VALUE, null, new byte[1000]),
      new BallotPromise(-1, -1, new CheckpointProof(Long.MIN_VALUE, null,
          List.of(new SignerSignature(Integer.MIN_VALUE, new byte[0]))),
          List.of(new AcceptProof(-1, -1, null, null, List.of())), null),
      new NewBallot(-1, -1, List.of(new BallotPromise(Integer.MIN_VALUE, -1, null, List.of(), null)),
          List.of(new Reproposal(Long.MIN_VALUE, null)), null),
      new FetchSlots(-1, Long.MIN_VALUE, Long.MIN_VALUE),
      new ChosenSlots(-1, List.of(new CommitProof(-1, -1, null, null, List.of())), 0),
      new FetchState(-1, -1),
      new StateSnapshot(-1, null, null),
    };
    for (Message m : odd) {
      assertEquals(WireCodec.encode(m).length, WireCodec.encodedSize(m), Shrinker.show(m));
      assertNotNull(rejection(WireCodec.encode(m)));
    }
  }
}
