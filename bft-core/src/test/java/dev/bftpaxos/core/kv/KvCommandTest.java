package dev.bftpaxos.core.kv;

import static dev.bftpaxos.core.kv.KvTestBytes.bytes;
import static dev.bftpaxos.core.kv.KvTestBytes.padded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvCommandTest {

  @Test
  void putEncodingIsPinned() {
    assertArrayEquals(bytes(1, 1, 'k', 2, '4', '2'), new KvCommand.Put("k", "42").encode());
  }

  @Test
  void getAndDeleteEncodingsArePinned() {
    assertArrayEquals(bytes(2, 2, 'a', 'b'), new KvCommand.Get("ab").encode());
    assertArrayEquals(bytes(3, 0), new KvCommand.Delete("").encode());
  }

  @Test
  void casEncodingMarksAbsentExpected() {
    assertArrayEquals(bytes(4, 1, 'k', 0, 1, 'v'), new KvCommand.Cas("k", null, "v").encode());
    assertArrayEquals(
        bytes(4, 1, 'k', 1, 1, 'e', 1, 'v'), new KvCommand.Cas("k", "e", "v").encode());
    assertArrayEquals(bytes(4, 1, 'k', 1, 0, 1, 'v'), new KvCommand.Cas("k", "", "v").encode());
  }

  @Test
  void everyKindRoundTrips() {
    KvCommand[] commands = {
      new KvCommand.Put("k", "v"),
      new KvCommand.Put("", ""),
      new KvCommand.Get("日本"),
      new KvCommand.Delete("😀"),
      new KvCommand.Cas("k", null, "1"),
      new KvCommand.Cas("k", "", "1"),
      new KvCommand.Cas("k", "0", "1"),
    };
    for (KvCommand c : commands) {
      assertEquals(c, KvCommand.decode(c.encode()));
    }
  }

  @Test
  void keyAndValueAtTheirLimitsRoundTrip() {
    String key = "k".repeat(KvLimits.KEY_BYTES_MAX);
    String value = "v".repeat(KvLimits.VALUE_BYTES_MAX);
    KvCommand c = new KvCommand.Cas(key, value, value);
    assertEquals(c, KvCommand.decode(c.encode()));
  }

  @Test
  void limitsCountUtf8BytesNotChars() {
    String key = "é".repeat(KvLimits.KEY_BYTES_MAX / 2);
    new KvCommand.Get(key);
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Get(key + "a"));
  }

  @Test
  void constructorsRejectNullOversizedAndIllFormedStrings() {
    String longKey = "k".repeat(KvLimits.KEY_BYTES_MAX + 1);
    String longValue = "v".repeat(KvLimits.VALUE_BYTES_MAX + 1);
    assertThrows(NullPointerException.class, () -> new KvCommand.Get(null));
    assertThrows(NullPointerException.class, () -> new KvCommand.Put("k", null));
    assertThrows(NullPointerException.class, () -> new KvCommand.Cas("k", null, null));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Delete(longKey));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Put("k", longValue));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Cas("k", longValue, "v"));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Get("a\uD800"));
    assertThrows(IllegalArgumentException.class, () -> new KvCommand.Put("k", "\uDC00b"));
  }

  @Test
  void decodeRejectsNullAndEmpty() {
    assertReason("command is null", null);
    assertReason("truncated: missing command tag", bytes());
  }

  @Test
  void decodeRejectsUnknownTags() {
    assertReason("unknown command tag 0", bytes(0, 1, 'k'));
    assertReason("unknown command tag 5", bytes(5, 1, 'k'));
    assertReason("unknown command tag 255", bytes(255));
  }

  @Test
  void decodeRejectsTruncation() {
    assertReason("truncated: missing key length", bytes(2));
    assertReason("truncated: key needs 3 bytes, 2 left", bytes(2, 3, 'a', 'b'));
    assertReason("truncated: missing value length", bytes(1, 1, 'k'));
    assertReason("truncated: missing expected presence", bytes(4, 1, 'k'));
    assertReason("truncated: missing newValue length", bytes(4, 1, 'k', 0));
  }

  @Test
  void decodeRejectsTrailingBytes() {
    assertReason("1 trailing bytes after command", bytes(2, 1, 'k', 0));
    assertReason("2 trailing bytes after command", bytes(3, 0, 9, 9));
  }

  @Test
  void decodeRejectsBadPresenceFlag() {
    assertReason("expected presence must be 0 or 1, got 2", bytes(4, 1, 'k', 2, 1, 'e', 1, 'v'));
  }

  @Test
  void decodeRejectsOversizedLengthsBeforeReadingThem() {
    // 1025 = 0x81 0x08 as a varint; nothing follows, yet the bound is reported, not truncation.
    assertReason("key length exceeds the maximum 1024", bytes(2, 0x81, 0x08));
    assertReason("key length exceeds the maximum 1024", bytes(2, 0xff, 0xff, 0xff, 0xff, 0x0f));
    // 65537 = 0x81 0x80 0x04.
    assertReason("value length exceeds the maximum 65536", bytes(1, 0, 0x81, 0x80, 0x04));
  }

  @Test
  void decodeRejectsOverlongOrNonMinimalVarints() {
    assertReason("key length is a non-minimal varint", bytes(2, 0x81, 0x00, 'k'));
    assertReason("key length is a non-minimal varint", bytes(2, 0x80, 0x00));
  }

  @Test
  void decodeAcceptsLengthsAtTheLimit() {
    byte[] atLimit = padded(bytes(2, 0x80, 0x08), KvLimits.KEY_BYTES_MAX, 'k');
    assertEquals(new KvCommand.Get("k".repeat(1024)), KvCommand.decode(atLimit));
  }

  @Test
  void decodeRejectsInvalidUtf8() {
    assertReason("key is not valid UTF-8", bytes(2, 1, 0x80)); // lone continuation byte
    assertReason("key is not valid UTF-8", bytes(2, 1, 0xc3)); // truncated sequence
    assertReason("key is not valid UTF-8", bytes(2, 2, 0xc0, 0x80)); // overlong NUL
    assertReason("key is not valid UTF-8", bytes(2, 3, 0xed, 0xa0, 0x80)); // surrogate U+D800
    assertReason("key is not valid UTF-8", bytes(2, 4, 0xf4, 0x90, 0x80, 0x80)); // > U+10FFFF
    assertReason("value is not valid UTF-8", bytes(1, 0, 1, 0xff));
  }

  @Test
  void decodeAcceptsWellFormedMultiByteUtf8() {
    byte[] encoded = bytes(2, 6, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80);
    assertEquals(new KvCommand.Get("é😀"), KvCommand.decode(encoded));
  }

  private static void assertReason(String reason, byte[] bytes) {
    KvDecodeException e = assertThrows(KvDecodeException.class, () -> KvCommand.decode(bytes));
    assertEquals(reason, e.reason());
    assertEquals(reason, e.getMessage());
    assertTrue(e instanceof IllegalArgumentException);
  }
}
