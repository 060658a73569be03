package dev.bftpaxos.replica.transport;

/**
 * The frame layout on a connection: a 4-byte big-endian length, then that many bytes, the first of
 * which says what follows. Lengths above the configured {@code frameBytesMax} are refused before
 * anything is allocated for them.
 */
final class Frames {
  static final byte HELLO = 1;
  static final byte PROOF = 2;
  /** A replica-to-replica message: the core's WireCodec envelope. */
  static final byte PEER = 3;
  /** A client frame (request, read, reply, read reply): the core's WireCodec client frame. */
  static final byte CLIENT = 4;

  /** A client asks a replica for its status line (empty body). */
  static final byte STATUS_REQUEST = 5;
  /** A replica's status line, UTF-8, at most {@link #STATUS_BYTES_MAX} bytes. */
  static final byte STATUS = 6;

  static final int STATUS_BYTES_MAX = 64 * 1024;

  static final int LENGTH_BYTES = 4;

  private Frames() {}

  static byte[] of(byte kind, byte[] body) {
    byte[] out = new byte[1 + body.length];
    out[0] = kind;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }
}
