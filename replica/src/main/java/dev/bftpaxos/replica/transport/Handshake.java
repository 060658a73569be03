package dev.bftpaxos.replica.transport;

import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.StatementBytes;
import java.nio.ByteBuffer;

/**
 * The identity proof at the start of every connection, the same in both modes. Each side sends a
 * HELLO naming its role and id with a fresh random nonce; each then signs a statement binding its
 * own claimed identity, the other side's nonce and its own, and sends it as PROOF. A process
 * without a member's private key cannot answer a nonce it has never seen, so it cannot speak for
 * that member, and a recorded proof is useless on another connection.
 */
final class Handshake {
  static final String TAG = "bftpaxos/transport-handshake/v1";
  static final int NONCE_BYTES = 32;
  static final int HELLO_BYTES = 1 + 4 + NONCE_BYTES;

  record Hello(Role role, int id, byte[] nonce) {}

  private Handshake() {}

  static byte[] encodeHello(Hello h) {
    return ByteBuffer.allocate(HELLO_BYTES).put((byte) h.role().ordinal()).putInt(h.id()).put(h.nonce()).array();
  }

  /** The HELLO in {@code b}, or null if it is not one (wrong length, unknown role, negative id). */
  static Hello decodeHello(byte[] b) {
    if (b.length != HELLO_BYTES || b[0] < 0 || b[0] >= Role.values().length) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    Role role = Role.values()[in.get()];
    int id = in.getInt();
    if (id < 0) {
      return null;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    return new Hello(role, id, nonce);
  }

  /** What a member signs: who it claims to be, the nonce it was challenged with, and its own. */
  static byte[] statement(Role role, int id, byte[] challengeNonce, byte[] ownNonce) {
    return StatementBytes.builder(TAG).putByte((byte) role.ordinal()).putInt(id).putBytes(challengeNonce)
        .putBytes(ownNonce).build();
  }
}
