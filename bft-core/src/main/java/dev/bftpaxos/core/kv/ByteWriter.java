package dev.bftpaxos.core.kv;

import java.util.Arrays;

/** A growable byte buffer for the canonical encodings: bytes, minimal varints, strings. */
final class ByteWriter {

  private byte[] buf;
  private int size;

  ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  ByteWriter writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  /** Unsigned LEB128, minimal length. */
  ByteWriter writeVarint(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative varint " + value);
    }
    while (value >= 0x80) {
      writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    return writeByte(value);
  }

  /** A varint length, then the bytes. */
  ByteWriter writeBytes(byte[] bytes) {
    writeVarint(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (buf.length - size < more) {
      long wanted = Math.max((long) buf.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("encoding too large");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }
}
