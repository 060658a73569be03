package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StatementBytesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void exactLayout() {
        Digest32 d = Digest32.fromHex("00".repeat(31) + "ff");
        byte[] got = StatementBytes.builder("t/v1")
                .putByte((byte) 0x7f)
                .putInt(0x01020304)
                .putLong(-2L)
                .putBytes(new byte[] {9, 8})
                .putDigest(d)
                .putString("é")
                .build();
        String expected = "00000004" + "742f7631"     // tag: length, "t/v1"
                + "7f"                                  // byte
                + "01020304"                            // int, big-endian
                + "fffffffffffffffe"                    // long -2, big-endian two's complement
                + "00000002" + "0908"                   // length-prefixed bytes
                + "00".repeat(31) + "ff"                // digest, no prefix
                + "00000002" + "c3a9";                  // UTF-8 string, length-prefixed
        assertEquals(expected, HEX.formatHex(got));
    }

    @Test
    void lengthPrefixesMakeSplitsDistinct() {
        byte[] a = StatementBytes.builder("x/v1").putBytes(new byte[] {1, 2}).putBytes(new byte[] {3}).build();
        byte[] b = StatementBytes.builder("x/v1").putBytes(new byte[] {1}).putBytes(new byte[] {2, 3}).build();
        assertFalse(Arrays.equals(a, b));
        byte[] c = StatementBytes.builder("x/v1").putString("ab").build();
        byte[] e = StatementBytes.builder("x/v1a").putString("b").build();
        assertFalse(Arrays.equals(c, e), "the tag is length-prefixed too");
    }

    @Test
    void buildIsRepeatableAndGrows() {
        StatementBuilder b = StatementBytes.builder("grow/v1");
        for (int i = 0; i < 1000; i++) {
            b.putLong(i);
        }
        byte[] first = b.build();
        assertEquals(4 + 7 + 8000, first.length);
        assertEquals(first.length, b.size());
        first[0] = 1;
        assertEquals(0, b.build()[0], "build returns a fresh array");
        byte[] withRange = StatementBytes.builder("r/v1").putBytes(new byte[] {5, 6, 7, 8}, 1, 2).build();
        assertArrayEquals(StatementBytes.builder("r/v1").putBytes(new byte[] {6, 7}).build(), withRange);
    }

    @Test
    void tagOfReadsTheTag() {
        assertEquals("bftpaxos/commit/v1", StatementBytes.tagOf(StatementBytes.builder("bftpaxos/commit/v1").putLong(3).build()));
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.tagOf(new byte[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.tagOf(new byte[] {0, 0, 0, 9, 'a'}));
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.tagOf(new byte[] {0, 0, 0, 0}));
    }

    @Test
    void rejectsBadTags() {
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.builder(""));
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.builder("has space"));
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.builder("caf\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> StatementBytes.builder("x".repeat(StatementBytes.MAX_TAG_LENGTH + 1)));
        StatementBytes.builder("x".repeat(StatementBytes.MAX_TAG_LENGTH));
    }
}
