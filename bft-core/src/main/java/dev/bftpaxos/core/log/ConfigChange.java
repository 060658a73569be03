package dev.bftpaxos.core.log;

import dev.bftpaxos.core.CoreConfig;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A configuration-change command: add a replica, remove one, or replace one's key (a key rotation
 * is a replace with the same id and a new key; in Byzantine mode an added replica comes with its
 * key). It travels as the operation of an ordinary client request, so it is ordered, batched,
 * deduplicated and certified like any other; the log recognises it by {@link #MAGIC} and hands it
 * to {@link Configurations} instead of the application.
 */
public record ConfigChange(Kind kind, int replica, byte[] publicKey) {
  public enum Kind { ADD, REMOVE, REPLACE }

  /** Eight bytes no application operation of this project starts with (KV tags are 1..4). */
  static final byte[] MAGIC = {(byte) 0xC0, 'R', 'E', 'C', 'O', 'N', 'F', 1};

  /** A public key longer than this is refused before anything is copied: an encoded key is ~100 bytes. */
  public static final int KEY_BYTES_MAX = 1024;

  public ConfigChange {
    if (kind == null || replica < 0 || replica >= CoreConfig.REPLICAS_MAX) {
      throw new IllegalArgumentException("replica id must be in 0.." + (CoreConfig.REPLICAS_MAX - 1));
    }
    publicKey = publicKey == null ? new byte[0] : publicKey.clone();
    if (publicKey.length > KEY_BYTES_MAX) {
      throw new IllegalArgumentException("public key longer than " + KEY_BYTES_MAX);
    }
  }

  public static ConfigChange add(int replica, byte[] publicKey) {
    return new ConfigChange(Kind.ADD, replica, publicKey);
  }

  public static ConfigChange remove(int replica) {
    return new ConfigChange(Kind.REMOVE, replica, null);
  }

  public static ConfigChange replace(int replica, byte[] publicKey) {
    return new ConfigChange(Kind.REPLACE, replica, publicKey);
  }

  /** The request operation that carries this change. */
  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 1 + 1 + 2 + publicKey.length);
    b.put(MAGIC).put((byte) kind.ordinal()).put((byte) replica).putShort((short) publicKey.length).put(publicKey);
    return b.array();
  }

  /** Whether {@code op} is a configuration change (well formed or not). */
  public static boolean isChange(byte[] op) {
    return op.length >= MAGIC.length && Arrays.equals(op, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** The change {@code op} carries, or null if it is malformed (any client may send bytes). */
  public static ConfigChange decode(byte[] op) {
    if (!isChange(op) || op.length < MAGIC.length + 4) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(op, MAGIC.length, op.length - MAGIC.length);
    int kind = b.get();
    int replica = b.get();
    int keyLength = b.getShort() & 0xFFFF;
    if (kind < 0 || kind >= Kind.values().length || replica < 0 || replica >= CoreConfig.REPLICAS_MAX
        || keyLength > KEY_BYTES_MAX || keyLength != b.remaining()) {
      return null;
    }
    byte[] key = new byte[keyLength];
    b.get(key);
    return new ConfigChange(Kind.values()[kind], replica, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigChange c && c.kind == kind && c.replica == replica && Arrays.equals(c.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + replica;
  }

  @Override
  public String toString() {
    return kind + " " + replica;
  }
}
