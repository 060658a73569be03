package dev.bftpaxos.core.kv;

import dev.bftpaxos.core.app.StateMachine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference replicated application: a string-to-string map driven by encoded {@link
 * KvCommand}s. It exists so that the protocol, the simulator and the tests have a small
 * deterministic application whose state divergence is easy to detect.
 *
 * <p>{@link #apply} never throws on bad operation bytes: it returns an encoded {@link
 * KvResult.Error} and leaves the state unchanged, so a Byzantine client cannot make replicas
 * diverge or crash. Not thread-safe (the core is single-threaded).
 */
public final class KvStateMachine implements StateMachine {

  /** The first byte of every {@link #snapshot()}. */
  public static final int SNAPSHOT_FORMAT_VERSION = 1;

  private TreeMap<String, String> store = new TreeMap<>();

  /** SHA-256 of the current snapshot, or null when a mutation may have changed it. */
  private byte[] digest;

  /** An empty store. */
  public KvStateMachine() {}

  /**
   * Decodes {@code operation} as a {@link KvCommand}, applies it, and returns the encoded {@link
   * KvResult}; bytes that do not decode (including null) give {@link KvResult.Error}.
   */
  @Override
  public byte[] apply(byte[] operation) {
    KvCommand command;
    try {
      command = KvCommand.decode(operation);
    } catch (KvDecodeException e) {
      return new KvResult.Error(e.reason()).encode();
    }
    return execute(command).encode();
  }

  /** A get answered from the current state; anything else is an error and changes nothing. */
  @Override
  public byte[] query(byte[] operation) {
    KvCommand command;
    try {
      command = KvCommand.decode(operation);
    } catch (KvDecodeException e) {
      return new KvResult.Error(e.reason()).encode();
    }
    if (!(command instanceof KvCommand.Get g)) {
      return new KvResult.Error("only a get can be read outside the log").encode();
    }
    return new KvResult.Value(store.get(g.key())).encode();
  }

  /** Applies one already-decoded command and returns its result. */
  public KvResult execute(KvCommand command) {
    Objects.requireNonNull(command, "command");
    if (command instanceof KvCommand.Put p) {
      write(p.key(), p.value());
      return new KvResult.Ok();
    } else if (command instanceof KvCommand.Get g) {
      return new KvResult.Value(store.get(g.key()));
    } else if (command instanceof KvCommand.Delete d) {
      if (store.remove(d.key()) != null) {
        digest = null;
      }
      return new KvResult.Ok();
    } else if (command instanceof KvCommand.Cas c) {
      String current = store.get(c.key());
      boolean applied = Objects.equals(current, c.expected());
      if (applied) {
        write(c.key(), c.newValue());
      }
      return new KvResult.CasResult(applied, current);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** Version byte, entry count, then every entry in key order: equal states, equal bytes. */
  @Override
  public byte[] snapshot() {
    return KvSnapshotCodec.encode(store);
  }

  /**
   * Replaces the state with the one {@code snapshot} encodes.
   *
   * @throws KvDecodeException if {@code snapshot} is not a canonical snapshot; the state is then
   *     unchanged
   */
  @Override
  public void restore(byte[] snapshot) {
    TreeMap<String, String> restored = KvSnapshotCodec.decode(snapshot);
    store = restored;
    digest = null;
  }

  /** SHA-256 of {@link #snapshot()}; computed once per state change, a fresh copy each call. */
  @Override
  public byte[] stateDigest() {
    if (digest == null) {
      digest = sha256(snapshot());
    }
    return digest.clone();
  }

  /** The number of keys. */
  public int size() {
    return store.size();
  }

  /** The value of {@code key}, or null if absent; does not change anything. */
  public String get(String key) {
    return store.get(Objects.requireNonNull(key, "key"));
  }

  private void write(String key, String value) {
    String previous = store.put(key, value);
    if (!value.equals(previous)) {
      digest = null;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required on every Java platform", e);
    }
  }
}
