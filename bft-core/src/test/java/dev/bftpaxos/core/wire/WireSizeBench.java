package dev.bftpaxos.core.wire;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.LogMessage.ChosenSlots;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * A rough timing of the size and codec paths for an Accept carrying a 64-request batch, for the
 * Byzantine SignedAccept and a NewBallot of 3 promises with 10 accept proofs each (3 Ed25519
 * signatures a proof, no-op batches and 64-request batches), and of the worst-case frames a
 * Byzantine peer can send. Not a test (surefire does not pick it up) and not a
 * JMH benchmark: a warmed-up loop, best of several rounds. Run after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp bft-core/target/classes:bft-core/target/test-classes:$PROTOBUF_JAR \
 *     dev.bftpaxos.core.wire.WireSizeBench [opBytes]
 * </pre>
 */
public final class WireSizeBench {

  private static volatile int sink;

  public static void main(String[] args) {
    int opBytes = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    Random random = new Random(1);
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] op = new byte[opBytes];
      random.nextBytes(op);
      requests.add(new Request(1_000 + i, 1 + random.nextInt(100_000), op));
    }
    Message accept = new Accept(2, 1_234, 98_765, new Batch(requests), 98_700);
    byte[] frame = WireCodec.encode(accept);
    System.out.printf("Accept, 64 requests of %d-byte ops: %d bytes on the wire%n", opBytes,
        frame.length);

    timeAll(accept);

    byte[] sig = new byte[64];
    random.nextBytes(sig);
    Digest32 digest = Digest32.of(Arrays.copyOf(sig, 32));
    Message signedAccept = new SignedAccept(2, 1_234, 98_765, digest, sig);
    System.out.printf("%nSignedAccept, 64-byte signature: %d bytes on the wire%n",
        WireCodec.encode(signedAccept).length);
    timeAll(signedAccept);

    List<Request> signed = new ArrayList<>();
    for (Request r : requests) {
      signed.add(r.withSignature(sig));
    }
    for (Batch batch : List.of(Batch.NOOP, new Batch(signed))) {
      Message newBallot = newBallot(batch, digest, sig);
      System.out.printf("%nNewBallot, 3 promises x 10 accept proofs x 3 signatures, %s batches:"
          + " %d bytes on the wire%n", batch.isNoop() ? "no-op" : "64-request signed",
          WireCodec.encode(newBallot).length);
      timeAll(newBallot);
    }

    worstCaseFrames();
  }

  /** A NewBallot for ballot 1,235 built from 3 promises of 10 accept proofs for {@code batch}. */
  private static Message newBallot(Batch batch, Digest32 digest, byte[] sig) {
    List<SignerSignature> quorum = List.of(new SignerSignature(0, sig), new SignerSignature(1, sig),
        new SignerSignature(2, sig));
    CheckpointProof checkpoint = new CheckpointProof(98_700, digest, quorum);
    List<BallotPromise> promises = new ArrayList<>();
    for (int from = 0; from < 3; from++) {
      List<AcceptProof> accepted = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        accepted.add(new AcceptProof(1_234, 98_756 + i, digest, batch, quorum));
      }
      promises.add(new BallotPromise(from, 1_235, checkpoint, accepted, sig));
    }
    return new NewBallot(1, 1_235, promises, List.of(), sig);
  }

  private static void timeAll(Message m) {
    byte[] frame = WireCodec.encode(m);
    // About 50 MB of encoding a round, at most 200k messages.
    int n = (int) Math.max(200, Math.min(200_000, 50_000_000L / frame.length));
    time("encodedSize (direct)", m, n, WireCodec::encodedSize);
    time("proto build + getSerializedSize", m, n, x -> WireCodec.toEnvelope(x).getSerializedSize());
    time("encode", m, n, x -> WireCodec.encode(x).length);
    time("decode", m, n, x -> WireCodec.decode(frame).from());
  }

  private static void time(String what, Message m, int n, ToIntFunction<Message> f) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      int acc = 0;
      for (int i = 0; i < n; i++) {
        acc += f.applyAsInt(m);
      }
      long elapsed = System.nanoTime() - start;
      sink += acc;
      best = Math.min(best, (double) elapsed / n);
    }
    System.out.printf("  %-34s %11.1f ns/message (best of 8 rounds of %d)%n", what, best, n);
  }

  /**
   * Frames a Byzantine peer might send to make a receiver allocate: the most empty requests the
   * item bound allows, and a 16 MiB frame of distinct unknown fields.
   */
  private static void worstCaseFrames() {
    Batch full = new Batch(
        Collections.nCopies(WireCodec.BATCH_REQUESTS_MAX, new Request(0, 0, new byte[0])));
    int count = WireCodec.ITEMS_PER_FRAME_MAX / (WireCodec.BATCH_REQUESTS_MAX + 1);
    ChosenSlots reply = new ChosenSlots(0,
        Collections.nCopies(count, new CommitProof(0, 1, Digest32.of(new byte[32]), full, List.of())), 0);
    measure("max items (" + count + " x " + WireCodec.BATCH_REQUESTS_MAX + " empty requests)",
        WireCodec.encode(reply));

    SignerSignature tiny = new SignerSignature(0, new byte[1]);
    int perProof = WireCodec.ITEMS_PER_FRAME_MAX / 1024 - 1;
    CommitProof proof = new CommitProof(0, 1, Digest32.of(new byte[32]), Batch.NOOP,
        Collections.nCopies(perProof, tiny));
    measure("max items (1024 x " + perProof + " one-byte signatures)",
        WireCodec.encode(new ChosenSlots(0, Collections.nCopies(1024, proof), 0)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(WireCodec.encode(new Prepare(1, 5, 3)));
    for (int field = 16; out.size() < WireCodec.FRAME_BYTES_MAX - 8; field++) {
      long tag = (long) field << 3;
      while ((tag & ~0x7FL) != 0) {
        out.write((int) ((tag & 0x7F) | 0x80));
        tag >>>= 7;
      }
      out.write((int) tag);
      out.write(0);
    }
    measure("16 MiB of distinct unknown fields", out.toByteArray());
  }

  private static void measure(String what, byte[] frame) {
    Runtime rt = Runtime.getRuntime();
    long bestMs = Long.MAX_VALUE;
    long retained = 0;
    for (int round = 0; round < 3; round++) {
      System.gc();
      long before = rt.totalMemory() - rt.freeMemory();
      long start = System.nanoTime();
      Message decoded = WireCodec.decode(frame);
      bestMs = Math.min(bestMs, (System.nanoTime() - start) / 1_000_000);
      System.gc();
      retained = rt.totalMemory() - rt.freeMemory() - before;
      sink += decoded.from(); // keeps the decoded message alive across the measurement
    }
    System.out.printf("worst case, %s: %d bytes, decoded in %d ms (best of 3), retained ~%d MiB%n",
        what, frame.length, bestMs, retained >> 20);
  }
}
