package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class Sha256Test {
    @Test
    void knownAnswers() {
        // FIPS 180-2 examples.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII)).hex());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hash(new byte[0]).hex());
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                Sha256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII)).hex());
    }

    @Test
    void hashOfRange() {
        byte[] data = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII)), Sha256.hash(data, 2, 3));
    }

    @Test
    void digestIsAValueType() {
        byte[] raw = Sha256.hash(new byte[] {1}).toBytes();
        Digest32 a = Digest32.of(raw);
        raw[0] ^= 1; // mutating the input must not change the digest
        assertNotEquals(Digest32.of(raw), a);
        raw[0] ^= 1;
        assertEquals(Digest32.of(raw), a);
        assertEquals(a.hashCode(), Digest32.of(raw).hashCode());

        byte[] out = a.toBytes();
        out[0] ^= 1; // nor mutating its output
        assertArrayEquals(raw, a.toBytes());

        assertEquals(a, Digest32.fromHex(a.hex()));
        assertEquals(a, Digest32.fromHex(a.hex().toUpperCase()));
        assertEquals(a.hex(), a.toString());
        assertEquals(a.hex().substring(0, 8), a.shortHex());

        byte[] dst = new byte[40];
        a.copyTo(dst, 8);
        assertEquals(a, Digest32.of(java.util.Arrays.copyOfRange(dst, 8, 40)));
    }

    @Test
    void ordersUnsigned() {
        byte[] low = new byte[32];
        byte[] high = new byte[32];
        high[0] = (byte) 0x80; // negative as a signed byte, but larger unsigned
        TreeSet<Digest32> set = new TreeSet<>();
        set.add(Digest32.of(high));
        set.add(Digest32.of(low));
        assertEquals(Digest32.of(low), set.first());
        assertTrue(Digest32.of(high).compareTo(Digest32.of(low)) > 0);
    }

    @Test
    void rejectsWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> Digest32.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Digest32.of(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Digest32.fromHex("abcd"));
        assertThrows(IllegalArgumentException.class, () -> Digest32.fromHex("zz".repeat(32)));
    }
}
