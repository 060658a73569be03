package dev.bftpaxos.core.kv;

import static dev.bftpaxos.core.kv.KvTestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KvResultTest {

  @Test
  void encodingsArePinned() {
    assertArrayEquals(bytes(1), new KvResult.Ok().encode());
    assertArrayEquals(bytes(2, 0), new KvResult.Value(null).encode());
    assertArrayEquals(bytes(2, 1, 0), new KvResult.Value("").encode());
    assertArrayEquals(bytes(2, 1, 1, '7'), new KvResult.Value("7").encode());
    assertArrayEquals(bytes(3, 1, 0), new KvResult.CasResult(true, null).encode());
    assertArrayEquals(bytes(3, 0, 1, 1, 'x'), new KvResult.CasResult(false, "x").encode());
    assertArrayEquals(bytes(4, 2, 'n', 'o'), new KvResult.Error("no").encode());
  }

  @Test
  void everyKindRoundTrips() {
    KvResult[] results = {
      new KvResult.Ok(),
      new KvResult.Value(null),
      new KvResult.Value(""),
      new KvResult.Value("日本😀"),
      new KvResult.CasResult(true, null),
      new KvResult.CasResult(true, "a"),
      new KvResult.CasResult(false, null),
      new KvResult.CasResult(false, "b"),
      new KvResult.Error("unknown command tag 9"),
      new KvResult.Error(""),
    };
    for (KvResult r : results) {
      assertEquals(r, KvResult.decode(r.encode()));
    }
  }

  @Test
  void constructorsRejectBadStrings() {
    assertThrows(NullPointerException.class, () -> new KvResult.Error(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> new KvResult.Error("r".repeat(KvLimits.REASON_BYTES_MAX + 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new KvResult.Value("v".repeat(KvLimits.VALUE_BYTES_MAX + 1)));
    assertThrows(IllegalArgumentException.class, () -> new KvResult.CasResult(false, "\uD800"));
  }

  @Test
  void decodeRejectsMalformedResults() {
    assertReason("result is null", null);
    assertReason("truncated: missing result tag", bytes());
    assertReason("unknown result tag 0", bytes(0));
    assertReason("unknown result tag 5", bytes(5));
    assertReason("1 trailing bytes after result", bytes(1, 0));
    assertReason("truncated: missing value presence", bytes(2));
    assertReason("value presence must be 0 or 1, got 7", bytes(2, 7));
    assertReason("truncated: missing value length", bytes(2, 1));
    assertReason("applied must be 0 or 1, got 2", bytes(3, 2, 0));
    assertReason("truncated: missing current presence", bytes(3, 1));
    assertReason("truncated: reason needs 5 bytes, 1 left", bytes(4, 5, 'x'));
    assertReason("reason length exceeds the maximum 1024", bytes(4, 0x81, 0x08));
    assertReason("current is not valid UTF-8", bytes(3, 0, 1, 1, 0xfe));
  }

  private static void assertReason(String reason, byte[] bytes) {
    KvDecodeException e = assertThrows(KvDecodeException.class, () -> KvResult.decode(bytes));
    assertEquals(reason, e.reason());
  }
}
