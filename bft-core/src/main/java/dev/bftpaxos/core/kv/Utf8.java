package dev.bftpaxos.core.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Strict UTF-8: well-formed strings only, so that every string has exactly one encoding. */
final class Utf8 {

  private Utf8() {}

  /**
   * The UTF-8 bytes of {@code s}, which must be non-null, contain no unpaired surrogate and be
   * at most {@code maxBytes} long; {@code what} names it in the exception.
   */
  static byte[] encode(String s, int maxBytes, String what) {
    Objects.requireNonNull(s, what);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
      }
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new IllegalArgumentException(
          what + " is " + bytes.length + " UTF-8 bytes, more than " + maxBytes);
    }
    return bytes;
  }

  /** Checks {@code s} as {@link #encode} does, for constructors; returns it. */
  static String check(String s, int maxBytes, String what) {
    Objects.requireNonNull(s, what);
    if (s.length() <= maxBytes / 3 && isAscii(s)) {
      return s; // at most 3 bytes per char: no need to encode just to measure
    }
    encode(s, maxBytes, what);
    return s;
  }

  /** Decodes well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). */
  static String decode(byte[] bytes, int offset, int length, String what) {
    if (isAscii(bytes, offset, length)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new KvDecodeException(what + " is not valid UTF-8");
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
