package dev.bftpaxos.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bftpaxos.core.msg.Message;

/**
 * Fuzz targets for every frame a peer or a client can send us. The property: {@link WireCodec}
 * either decodes the bytes or throws {@link WireFormatException}; any other throwable (a
 * RuntimeException other than that, an OutOfMemoryError, a hang) is a finding. A frame that
 * decodes must round-trip: its re-encoding decodes and encodes to the same bytes again. Bytes,
 * not records, are compared: the message records hold byte arrays and compare them by identity.
 *
 * <p>In plain {@code mvn test} these replay the corpus under {@code
 * src/test/resources/dev/bftpaxos/core/wire/WireCodecFuzzTestInputs/}; scripts/fuzz.sh runs them
 * for real (docs/FUZZING.md).
 */
class WireCodecFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void peerFrame(byte[] frame) {
    Message m;
    try {
      m = WireCodec.decode(frame);
    } catch (WireFormatException expected) {
      return;
    }
    byte[] once = WireCodec.encode(m);
    assertEquals(once.length, WireCodec.encodedSize(m), "encodedSize disagrees with encode");
    assertArrayEquals(once, WireCodec.encode(WireCodec.decode(once)), "re-encoding is not stable");
  }

  @FuzzTest(maxDuration = "60s")
  void clientFrame(byte[] frame) {
    ClientFrameDecoded d;
    try {
      d = WireCodec.decodeClientFrame(frame);
    } catch (WireFormatException expected) {
      return;
    }
    byte[] once = encode(d);
    assertArrayEquals(once, encode(WireCodec.decodeClientFrame(once)), "re-encoding is not stable");
  }

  private static byte[] encode(ClientFrameDecoded d) {
    if (d instanceof ClientFrameDecoded.RequestFrame r) {
      return WireCodec.encodeRequest(r.request());
    } else if (d instanceof ClientFrameDecoded.ReplyFrame r) {
      return WireCodec.encodeReply(r.reply());
    } else if (d instanceof ClientFrameDecoded.ReadFrame r) {
      return WireCodec.encodeRead(r.read());
    } else {
      return WireCodec.encodeReadReply(((ClientFrameDecoded.ReadReplyFrame) d).reply());
    }
  }
}
