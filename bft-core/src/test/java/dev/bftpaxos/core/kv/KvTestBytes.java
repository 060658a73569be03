package dev.bftpaxos.core.kv;

import java.util.Arrays;

/** Byte-array literals for the tests. */
final class KvTestBytes {

  private KvTestBytes() {}

  /** The bytes of {@code values}, each taken as an unsigned byte. */
  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** {@code prefix} followed by {@code count} copies of {@code fill}. */
  static byte[] padded(byte[] prefix, int count, int fill) {
    byte[] b = Arrays.copyOf(prefix, prefix.length + count);
    Arrays.fill(b, prefix.length, b.length, (byte) fill);
    return b;
  }
}
