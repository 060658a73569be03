package dev.bftpaxos.core.wire;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CatchupMessage.CatchupReply;
import dev.bftpaxos.core.msg.CatchupMessage.ChosenEntry;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.Request;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * A rough timing of the size and codec paths for an Accept carrying a 64-request batch, and of the
 * worst-case frames a Byzantine peer can send. Not a test (surefire does not pick it up) and not a
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

    time("encodedSize (direct)", accept, WireCodec::encodedSize);
    time("proto build + getSerializedSize", accept, m -> WireCodec.toEnvelope(m).getSerializedSize());
    time("encode", accept, m -> WireCodec.encode(m).length);
    time("decode", accept, m -> WireCodec.decode(frame).from());

    worstCaseFrames();
  }

  private static void time(String what, Message m, ToIntFunction<Message> f) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      int n = 200_000;
      long start = System.nanoTime();
      int acc = 0;
      for (int i = 0; i < n; i++) {
        acc += f.applyAsInt(m);
      }
      long elapsed = System.nanoTime() - start;
      sink += acc;
      best = Math.min(best, (double) elapsed / n);
    }
    System.out.printf("  %-34s %9.1f ns/message (best of 8 rounds of 200k)%n", what, best);
  }

  /**
   * Frames a Byzantine peer might send to make a receiver allocate: the most empty requests the
   * item bound allows, and a 16 MiB frame of distinct unknown fields.
   */
  private static void worstCaseFrames() {
    Batch full = new Batch(
        Collections.nCopies(WireCodec.BATCH_REQUESTS_MAX, new Request(0, 0, new byte[0])));
    int count = WireCodec.ITEMS_PER_FRAME_MAX / (WireCodec.BATCH_REQUESTS_MAX + 1);
    CatchupReply reply = new CatchupReply(0, Collections.nCopies(count, new ChosenEntry(1, full)), 0);
    measure("max items (" + count + " x " + WireCodec.BATCH_REQUESTS_MAX + " empty requests)",
        WireCodec.encode(reply));

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
