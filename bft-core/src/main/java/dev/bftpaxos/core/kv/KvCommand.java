package dev.bftpaxos.core.kv;

/**
 * One operation of the key-value application, as a client submits it. It exists to give the
 * opaque operation bytes of {@link dev.bftpaxos.core.app.StateMachine#apply} one canonical binary
 * form: every command has exactly one encoding, and {@link #decode} accepts exactly those
 * encodings, failing on anything else with a {@link KvDecodeException}.
 *
 * <p>Constructors reject null keys and values, strings with unpaired surrogates and strings
 * longer than {@link KvLimits} allows (with {@link IllegalArgumentException} or {@link
 * NullPointerException}), so every instance can be encoded and round-trips through {@link
 * #decode}.
 */
public sealed interface KvCommand
    permits KvCommand.Put, KvCommand.Get, KvCommand.Delete, KvCommand.Cas {

  /** Sets {@code key} to {@code value}; the result is {@link KvResult.Ok}. */
  record Put(String key, String value) implements KvCommand {
    public Put {
      Utf8.check(key, KvLimits.KEY_BYTES_MAX, "key");
      Utf8.check(value, KvLimits.VALUE_BYTES_MAX, "value");
    }
  }

  /** Reads {@code key}; the result is {@link KvResult.Value}, null if absent. */
  record Get(String key) implements KvCommand {
    public Get {
      Utf8.check(key, KvLimits.KEY_BYTES_MAX, "key");
    }
  }

  /** Removes {@code key} if present; the result is {@link KvResult.Ok} either way. */
  record Delete(String key) implements KvCommand {
    public Delete {
      Utf8.check(key, KvLimits.KEY_BYTES_MAX, "key");
    }
  }

  /**
   * Sets {@code key} to {@code newValue} if it currently holds {@code expected}, or if {@code
   * expected} is null and the key is absent; the result is {@link KvResult.CasResult}.
   */
  record Cas(String key, String expected, String newValue) implements KvCommand {
    public Cas {
      Utf8.check(key, KvLimits.KEY_BYTES_MAX, "key");
      if (expected != null) {
        Utf8.check(expected, KvLimits.VALUE_BYTES_MAX, "expected");
      }
      Utf8.check(newValue, KvLimits.VALUE_BYTES_MAX, "newValue");
    }
  }

  /** The key this command reads or writes. */
  String key();

  /** The canonical encoding: a tag byte, then varint-length-prefixed UTF-8 strings. */
  default byte[] encode() {
    return KvCommandCodec.encode(this);
  }

  /** The command {@code bytes} encode; fails on anything that is not a canonical encoding. */
  static KvCommand decode(byte[] bytes) {
    return KvCommandCodec.decode(bytes);
  }
}
