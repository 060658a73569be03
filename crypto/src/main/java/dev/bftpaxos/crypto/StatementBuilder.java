package dev.bftpaxos.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Appends fixed-width and length-prefixed fields to a statement being encoded; obtained from
 * {@link StatementBytes#builder(String)}, which documents the layout.
 *
 * <p>Exists so that the canonical layout is written in one place. Not thread-safe; use one
 * builder per statement.
 */
public final class StatementBuilder {
    private byte[] buf = new byte[64];
    private int size;

    StatementBuilder() {
    }

    /** Appends one byte. */
    public StatementBuilder putByte(byte value) {
        ensure(1);
        buf[size++] = value;
        return this;
    }

    /** Appends 4 bytes, big-endian. */
    public StatementBuilder putInt(int value) {
        ensure(4);
        buf[size++] = (byte) (value >>> 24);
        buf[size++] = (byte) (value >>> 16);
        buf[size++] = (byte) (value >>> 8);
        buf[size++] = (byte) value;
        return this;
    }

    /** Appends 8 bytes, big-endian. */
    public StatementBuilder putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Appends a 4-byte big-endian length, then the bytes. */
    public StatementBuilder putBytes(byte[] value) {
        return putBytes(value, 0, value.length);
    }

    /** Appends a 4-byte big-endian length, then {@code value[offset .. offset+length)}. */
    public StatementBuilder putBytes(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        putInt(length);
        ensure(length);
        System.arraycopy(value, offset, buf, size, length);
        size += length;
        return this;
    }

    /** Appends the 32 digest bytes with no length prefix: digests have a fixed width. */
    public StatementBuilder putDigest(Digest32 digest) {
        ensure(Digest32.LENGTH);
        digest.copyTo(buf, size);
        size += Digest32.LENGTH;
        return this;
    }

    /** Appends the UTF-8 bytes of {@code value}, length-prefixed like {@link #putBytes(byte[])}. */
    public StatementBuilder putString(String value) {
        return putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Number of bytes appended so far, tag included. */
    public int size() {
        return size;
    }

    /** The encoded statement; a fresh array on every call. */
    public byte[] build() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("statement too large: " + needed + " bytes");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buf.length)));
        }
    }
}
