package dev.bftpaxos.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable 32-byte digest (a SHA-256 output).
 *
 * <p>Exists so that digests of batches, statements, configurations and certificates can be map
 * keys and compared by content: a bare {@code byte[]} has identity equality and can be mutated by
 * whoever holds it. Instances copy their input and never hand out their internal array.
 * Ordering is unsigned lexicographic, so sorted collections of digests are canonical.
 */
public final class Digest32 implements Comparable<Digest32> {
    /** Length of every digest, in bytes. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Digest32(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A digest holding a copy of {@code bytes}, which must be exactly {@value #LENGTH} bytes. */
    public static Digest32 of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a Digest32 needs " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Digest32(bytes.clone());
    }

    /** Parses {@value #LENGTH} bytes written as 64 hex digits (either case). */
    public static Digest32 fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a Digest32 needs " + 2 * LENGTH + " hex digits, got " + hex.length());
        }
        return new Digest32(HEX.parseHex(hex));
    }

    /** Wraps an array the caller has just created and will never touch again. */
    static Digest32 wrap(byte[] freshBytes) {
        if (freshBytes.length != LENGTH) {
            throw new IllegalArgumentException("a Digest32 needs " + LENGTH + " bytes, got " + freshBytes.length);
        }
        return new Digest32(freshBytes);
    }

    /** A fresh copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /** The digest as 64 lower-case hex digits. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 4 bytes as 8 hex digits, for logs and messages; never for identification. */
    public String shortHex() {
        return HEX.formatHex(bytes, 0, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest32 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Digest32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The full hex rendering. */
    @Override
    public String toString() {
        return hex();
    }
}
