package dev.bftpaxos.core.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets for the KV bytes a client (an operation) or a peer (a snapshot through state
 * transfer) can hand us. The property: decoding either succeeds or throws {@link
 * KvDecodeException}, nothing else, and what decodes re-encodes to the same bytes (both forms are
 * canonical). Corpus: {@code src/test/resources/dev/bftpaxos/core/kv/KvFuzzTestInputs/}.
 */
class KvFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void command(byte[] bytes) {
    KvCommand c;
    try {
      c = KvCommand.decode(bytes);
    } catch (KvDecodeException expected) {
      return;
    }
    assertArrayEquals(bytes, c.encode(), "command encoding is not canonical");
  }

  @FuzzTest(maxDuration = "60s")
  void result(byte[] bytes) {
    KvResult r;
    try {
      r = KvResult.decode(bytes);
    } catch (KvDecodeException expected) {
      return;
    }
    assertArrayEquals(bytes, r.encode(), "result encoding is not canonical");
  }

  /** Through the state machine, as state transfer reaches it: restore, then snapshot. */
  @FuzzTest(maxDuration = "60s")
  void snapshot(byte[] bytes) {
    KvStateMachine sm = new KvStateMachine();
    try {
      sm.restore(bytes);
    } catch (KvDecodeException expected) {
      assertEquals(0, sm.size(), "a rejected snapshot changed the state");
      return;
    }
    assertArrayEquals(bytes, sm.snapshot(), "snapshot encoding is not canonical");
  }

  /** apply never throws: bad operations become an encoded error result. */
  @FuzzTest(maxDuration = "60s")
  void apply(byte[] operation) {
    new KvStateMachine().apply(operation);
    new KvStateMachine().query(operation);
  }
}
