package dev.bftpaxos.core.kv;

/**
 * Size bounds of the key-value application. They exist so that a Byzantine client or replica
 * cannot make a correct replica allocate or store unbounded data through one operation, and so
 * that every replica rejects exactly the same oversized inputs.
 */
public final class KvLimits {

  /** Largest key, in UTF-8 bytes. */
  public static final int KEY_BYTES_MAX = 1024;

  /** Largest value, in UTF-8 bytes. */
  public static final int VALUE_BYTES_MAX = 64 * 1024;

  /** Largest reason of an {@link KvResult.Error}, in UTF-8 bytes. */
  public static final int REASON_BYTES_MAX = 1024;

  private KvLimits() {}
}
