package dev.bftpaxos.core.kv;

/**
 * A strict cursor over untrusted bytes: every read is bounds-checked and every failure is a
 * {@link KvDecodeException}, so no parser built on it can throw anything else.
 */
final class ByteReader {

  private static final int VARINT_BYTES_MAX = 5;

  private final byte[] bytes;
  private int pos;

  ByteReader(byte[] bytes, String what) {
    if (bytes == null) {
      throw new KvDecodeException(what + " is null");
    }
    this.bytes = bytes;
  }

  int remaining() {
    return bytes.length - pos;
  }

  /** One unsigned byte. */
  int readByte(String what) {
    if (pos >= bytes.length) {
      throw new KvDecodeException("truncated: missing " + what);
    }
    return bytes[pos++] & 0xff;
  }

  /** A 0 or 1 byte. */
  boolean readFlag(String what) {
    int b = readByte(what);
    if (b > 1) {
      throw new KvDecodeException(what + " must be 0 or 1, got " + b);
    }
    return b == 1;
  }

  /** A minimal unsigned LEB128 varint no larger than {@code max}. */
  int readVarint(int max, String what) {
    long value = 0;
    for (int i = 0; i < VARINT_BYTES_MAX; i++) {
      int b = readByte(what);
      if (i > 0 && b == 0) {
        throw new KvDecodeException(what + " is a non-minimal varint");
      }
      value |= (long) (b & 0x7f) << (7 * i);
      if (value > max) {
        throw new KvDecodeException(what + " exceeds the maximum " + max);
      }
      if ((b & 0x80) == 0) {
        return (int) value;
      }
    }
    throw new KvDecodeException(what + " is a varint longer than " + VARINT_BYTES_MAX + " bytes");
  }

  /** A varint length of at most {@code maxBytes}, then that many bytes of strict UTF-8. */
  String readString(int maxBytes, String what) {
    int length = readVarint(maxBytes, what + " length");
    if (length > remaining()) {
      throw new KvDecodeException(
          "truncated: " + what + " needs " + length + " bytes, " + remaining() + " left");
    }
    String s = Utf8.decode(bytes, pos, length, what);
    pos += length;
    return s;
  }

  /** Fails unless every byte was consumed. */
  void expectEnd(String what) {
    if (pos != bytes.length) {
      throw new KvDecodeException(remaining() + " trailing bytes after " + what);
    }
  }
}
