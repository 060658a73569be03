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
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random messages and random bytes for the wire tests, all driven by one Random.
 *
 * <p>In <em>valid</em> mode every value obeys {@link WireCodec}'s decoding rules, so the message
 * must round-trip. In <em>wild</em> mode values come from the whole range of their Java type
 * (boundaries favoured), signatures may be empty, null or too long, and nullable references are
 * sometimes null: {@link WireRules} says which of those must round-trip and which must be rejected.
 * Each wild message draws how wild it is (every value, or one in 2 to 32), so that big messages
 * with many values are sometimes valid too.
 *
 * <p>Nested lists (the proofs inside a promise inside a NewBallot, their batches and signatures)
 * are kept short, so the size of a message stays roughly linear in {@link #size}.
 */
final class WireGen {

  /** The seed for this run: -Dwire.seed=N reproduces a failure. */
  static final long SEED = Long.getLong("wire.seed", System.nanoTime());

  static {
    System.out.println("wire property tests: seed=" + SEED + " (rerun with -Dwire.seed=" + SEED + ")");
  }

  /** The message types, in the order {@link #message(int)} takes. */
  static final String[] KINDS = {
    "Prepare", "Promise", "Nack", "Accept", "Accepted", "Commit", "Heartbeat", "HeartbeatAck",
    "ForwardedRequest", "Checkpoint", "FetchSlots", "ChosenSlots", "FetchState", "StateSnapshot",
    "Propose", "SignedAccept", "SignedCommit", "BallotPromise", "NewBallot"
  };

  /** Wild messages draw one of these: each value is wild with probability 1/odds. */
  private static final int[] WILD_ODDS = {1, 1, 2, 4, 8, 32};

  /** Signature lengths of the real schemes: FastSim, Ed25519. */
  private static final int[] SIGNATURE_LENGTHS = {16, 64};

  private static final long[] EDGES = {
    0, 1, 2, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 1L << 31, (1L << 35) - 1,
    Long.MAX_VALUE - 1, Long.MAX_VALUE
  };

  private static final long[] WILD_EDGES = {
    0, 1, -1, -2, 127, 128, -128, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
    Long.MIN_VALUE, Long.MIN_VALUE + 1
  };

  private final Random random;
  private final boolean wild;
  /** Scale: longest list and (a quarter of the) longest byte string. */
  private int size;
  /** In wild mode, for the current message: a value is wild with probability 1/wildOdds. */
  private int wildOdds = 1;

  WireGen(Random random, boolean wild) {
    this.random = random;
    this.wild = wild;
    this.size = 8;
  }

  /** A Random for one test, derived from {@link #SEED} and the test's own salt. */
  static Random random(String test) {
    return new Random(SEED ^ test.hashCode());
  }

  /** Sets the scale for what follows: lists up to {@code size}, byte strings up to 4 * size. */
  WireGen size(int size) {
    this.size = size;
    return this;
  }

  /** Mostly small scales, sometimes up to {@code max}. */
  WireGen randomSize(int max) {
    return size(random.nextInt(4) == 0 ? random.nextInt(max + 1) : random.nextInt(Math.min(8, max) + 1));
  }

  // ---------------------------------------------------------------- messages

  Message message() {
    return message(random.nextInt(KINDS.length));
  }

  Message message(int kind) {
    if (wild) {
      wildOdds = WILD_ODDS[random.nextInt(WILD_ODDS.length)];
    }
    return switch (kind) {
      case 0 -> new Prepare(replica(), ballot(), slot());
      case 1 -> new Promise(replica(), ballot(), slot(), promiseEntries(), watermark());
      case 2 -> new Nack(replica(), ballot(), ballotOrNone());
      case 3 -> new Accept(replica(), ballot(), slot(), requiredBatch(), watermark());
      case 4 -> new Accepted(replica(), ballot(), slot());
      case 5 -> new Commit(replica(), ballot(), watermark());
      case 6 -> new Heartbeat(replica(), ballot(), watermark());
      case 7 -> new HeartbeatAck(replica(), ballot(), watermark());
      case 8 -> new ForwardedRequest(replica(),
          wild && random.nextInt(8) == 0 ? null : request());
      case 9 -> new Checkpoint(replica(), slot(), digest(), checkpointSignature());
      case 10 -> new FetchSlots(replica(), slot(), slot());
      case 11 -> new ChosenSlots(replica(), commitProofs(), watermark());
      case 12 -> new FetchState(replica(), slot());
      case 13 -> new StateSnapshot(replica(), wildNull() ? null : checkpointProof(),
          wildNull() ? null : bytes(16 * size));
      case 14 -> new Propose(replica(), ballot(), slot(), requiredBatch(), signature());
      case 15 -> new SignedAccept(replica(), ballot(), slot(), digest(), signature());
      case 16 -> new SignedCommit(replica(), ballot(), slot(), digest(), signature());
      case 17 -> ballotPromise();
      case 18 -> newBallot();
      default -> throw new IllegalArgumentException("kind " + kind);
    };
  }

  // ---------------------------------------------------------------- Byzantine mode

  /** A promise, with no stable checkpoint one time in four (valid in both modes). */
  BallotPromise ballotPromise() {
    CheckpointProof checkpoint = random.nextInt(4) == 0 ? null : checkpointProof();
    int n = nestedLength(6);
    List<AcceptProof> accepted = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      accepted.add(new AcceptProof(ballot(), slot(), digest(), nestedBatch(), signatures()));
    }
    return new BallotPromise(replica(), ballot(), checkpoint, accepted, signature());
  }

  private NewBallot newBallot() {
    int n = nestedLength(5);
    List<BallotPromise> promises = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      promises.add(ballotPromise());
    }
    int r = length();
    List<Reproposal> reproposals = new ArrayList<>(r);
    for (int i = 0; i < r; i++) {
      reproposals.add(new Reproposal(slot(), nestedBatch()));
    }
    return new NewBallot(replica(), ballot(), promises, reproposals, signature());
  }

  private List<CommitProof> commitProofs() {
    int n = length();
    List<CommitProof> proofs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      proofs.add(new CommitProof(ballot(), slot(), digest(), nestedBatch(), signatures()));
    }
    return proofs;
  }

  /** A checkpoint proof; slot 0 (the initial state) is valid, and often has no signatures. */
  CheckpointProof checkpointProof() {
    long slot = wildNow() ? wildLong() : random.nextInt(4) == 0 ? 0 : pick(EDGES, Long.MAX_VALUE, 0);
    return new CheckpointProof(slot, digest(), slot == 0 && random.nextBoolean() ? List.of() : signatures());
  }

  /** A quorum's worth of signatures, or none, or (rarely) a large one. */
  List<SignerSignature> signatures() {
    int n = random.nextInt(16) == 0 ? random.nextInt(4 * size + 1) : nestedLength(7);
    List<SignerSignature> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] sig = signature();
      out.add(new SignerSignature(replica(), sig == null ? new byte[0] : sig));
    }
    return out;
  }

  /** A digest; (wild mode, sometimes) null. */
  Digest32 digest() {
    if (wildNull()) {
      return null;
    }
    byte[] b = new byte[Digest32.LENGTH];
    random.nextBytes(b);
    return Digest32.of(b);
  }

  /** Mostly a real scheme's length, sometimes 1 to the bound; wild: also null, empty, too long. */
  byte[] signature() {
    int length;
    if (wildNow() && random.nextBoolean()) {
      int r = random.nextInt(5);
      if (r == 0) {
        return null;
      }
      length = r == 1 ? 0 : r == 2 ? WireCodec.SIGNATURE_BYTES_MAX + 1
          : random.nextInt(2 * WireCodec.SIGNATURE_BYTES_MAX + 1);
    } else {
      int r = random.nextInt(8);
      length = r == 0 ? 1 + random.nextInt(WireCodec.SIGNATURE_BYTES_MAX)
          : r == 1 ? (random.nextBoolean() ? 1 : WireCodec.SIGNATURE_BYTES_MAX)
          : SIGNATURE_LENGTHS[random.nextInt(SIGNATURE_LENGTHS.length)];
    }
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /** A batch of client-signed requests, short (it sits inside a list inside a list); wild: null. */
  private Batch nestedBatch() {
    if (wildNull()) {
      return null;
    }
    int n = random.nextInt(5) == 0 ? 0 : nestedLength(4);
    List<Request> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      requests.add(new Request(anyLong(), anyLong(), bytes(Math.min(4 * size, 32)),
          randomBytes(SIGNATURE_LENGTHS[random.nextInt(SIGNATURE_LENGTHS.length)])));
    }
    return new Batch(requests);
  }

  /** A nested list's length: at most {@code cap}, and at most the scale. */
  private int nestedLength(int cap) {
    return random.nextInt(Math.min(size, cap) + 1);
  }

  /** Wild mode: null, one time in eight of the current wildness. */
  private boolean wildNull() {
    return wildNow() && random.nextInt(8) == 0;
  }

  /** Wild mode: whether this value is wild (always, or one time in {@link #wildOdds}). */
  private boolean wildNow() {
    return wild && (wildOdds == 1 || random.nextInt(wildOdds) == 0);
  }

  private List<PromiseEntry> promiseEntries() {
    int n = length();
    List<PromiseEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(new PromiseEntry(slot(), ballotOrNone(), requiredBatch(), random.nextBoolean()));
    }
    return entries;
  }

  /**
   * A checkpoint vote's signature: empty (crash mode) one time in four. Never null: a null one
   * encodes like an empty one, so it neither round-trips nor is rejected.
   */
  private byte[] checkpointSignature() {
    byte[] s = random.nextInt(4) == 0 ? null : signature();
    return s == null ? new byte[0] : s;
  }

  /** A batch, or (wild mode, sometimes) null. */
  private Batch requiredBatch() {
    return wildNow() && random.nextInt(8) == 0 ? null : batch();
  }

  Batch batch() {
    int r = random.nextInt(10);
    if (r == 0) {
      return Batch.NOOP;
    }
    int n = r == 1 ? size * 8 : length();
    List<Request> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      requests.add(request());
    }
    return new Batch(requests);
  }

  Request request() {
    return new Request(anyLong(), anyLong(), bytes(4 * size), random.nextBoolean() ? new byte[0] : bytes(64));
  }

  Reply reply() {
    if (wild) {
      wildOdds = WILD_ODDS[random.nextInt(WILD_ODDS.length)];
    }
    byte[] result = random.nextInt(5) == 0 ? null : bytes(4 * size);
    int hint = wild ? (int) wildLong() : random.nextInt(4) == 0 ? -1 : replica();
    return new Reply(replica(), anyLong(), anyLong(), slot(), result, hint, random.nextBoolean() ? new byte[0] : bytes(64));
  }

  // ---------------------------------------------------------------- values

  int replica() {
    return wildNow() ? (int) wildLong() : (int) pick(EDGES, Integer.MAX_VALUE, 0);
  }

  long ballot() {
    return wildNow() ? wildLong() : pick(EDGES, Long.MAX_VALUE, 0);
  }

  long ballotOrNone() {
    return wildNow() ? wildLong() : random.nextInt(5) == 0 ? -1 : ballot();
  }

  long slot() {
    return wildNow() ? wildLong() : pick(EDGES, Long.MAX_VALUE, 1);
  }

  long watermark() {
    return wildNow() ? wildLong() : pick(EDGES, Long.MAX_VALUE, 0);
  }

  /** Client ids and sequence numbers: any long at all, in both modes. */
  long anyLong() {
    return wildLong();
  }

  private long wildLong() {
    int r = random.nextInt(4);
    if (r == 0) {
      return WILD_EDGES[random.nextInt(WILD_EDGES.length)];
    }
    return r == 1 ? random.nextLong() : random.nextInt(2_000) - 100;
  }

  /** An edge value, a small value or a random one, all in {@code [min, max]}. */
  private long pick(long[] edges, long max, long min) {
    int r = random.nextInt(4);
    long v;
    if (r == 0) {
      v = edges[random.nextInt(edges.length)];
    } else if (r == 1) {
      v = random.nextLong() & Long.MAX_VALUE;
    } else {
      v = random.nextInt(1_000);
    }
    return Math.max(min, Math.min(max, v));
  }

  private int length() {
    return random.nextInt(size + 1);
  }

  // ---------------------------------------------------------------- bytes

  /** Random bytes of length 0 to {@code maxLength}. */
  byte[] bytes(int maxLength) {
    return randomBytes(random.nextInt(maxLength + 1));
  }

  /** Random bytes of exactly {@code length}. */
  byte[] randomBytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /** A copy of {@code original} with 1 to 4 random bytes changed (xor with a non-zero mask). */
  byte[] flip(byte[] original) {
    byte[] b = original.clone();
    if (b.length == 0) {
      return b;
    }
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      int at = random.nextInt(b.length);
      b[at] ^= (byte) (random.nextBoolean() ? 1 << random.nextInt(8) : 1 + random.nextInt(255));
    }
    return b;
  }

  /** {@code original} with a random run of bytes inserted, deleted or duplicated. */
  byte[] splice(byte[] original) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = random.nextInt(original.length + 1);
    out.write(original, 0, at);
    switch (random.nextInt(3)) {
      case 0 -> out.writeBytes(bytes(8));
      case 1 -> at = Math.min(original.length, at + 1 + random.nextInt(8));
      default -> out.write(original, 0, at);
    }
    out.write(original, at, original.length - at);
    return out.toByteArray();
  }

  /**
   * Bytes that look like protobuf: a sequence of well-formed fields with random numbers (mostly the
   * ones the schema uses) and wire types, length-delimited ones holding more of the same, so that
   * parsing gets past the framing and reaches the field checks.
   */
  byte[] protobufish(int depth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int fields = random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      // 1 to 24: every Envelope body; the bodies' own fields are among them.
      int number = random.nextInt(10) == 0 ? 1 + random.nextInt(100) : 1 + random.nextInt(24);
      int type = random.nextInt(6) == 0 ? random.nextInt(6) : random.nextBoolean() ? 0 : 2;
      varint(out, ((long) number << 3) | type);
      switch (type) {
        case 0 -> varint(out, wildLong());
        case 1 -> out.writeBytes(bytes(8));
        case 2 -> {
          byte[] inner = depth > 0 && random.nextInt(4) != 0 ? protobufish(depth - 1) : bytes(6);
          varint(out, inner.length);
          out.writeBytes(inner);
        }
        case 5 -> out.writeBytes(bytes(4));
        default -> { } // groups and invalid wire types: the tag alone
      }
    }
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean nextBoolean() {
    return random.nextBoolean();
  }
}
