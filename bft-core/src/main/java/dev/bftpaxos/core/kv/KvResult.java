package dev.bftpaxos.core.kv;

/**
 * The outcome of one {@link KvCommand}, as the replicas return it. It exists so that result bytes
 * have one canonical form: a client compares results from several replicas byte for byte, so
 * correct replicas must produce identical bytes. {@link #decode} accepts exactly the canonical
 * encodings and fails on anything else with a {@link KvDecodeException}.
 */
public sealed interface KvResult
    permits KvResult.Ok, KvResult.Value, KvResult.CasResult, KvResult.Error {

  /** A put or delete was applied. */
  record Ok() implements KvResult {}

  /** The value a get read: null if the key was absent. */
  record Value(String valueOrNull) implements KvResult {
    public Value {
      if (valueOrNull != null) {
        Utf8.check(valueOrNull, KvLimits.VALUE_BYTES_MAX, "value");
      }
    }
  }

  /**
   * A cas: whether it was applied, and {@code current}, the value the key held when the cas was
   * evaluated (before applying it; null if absent).
   */
  record CasResult(boolean applied, String current) implements KvResult {
    public CasResult {
      if (current != null) {
        Utf8.check(current, KvLimits.VALUE_BYTES_MAX, "current");
      }
    }
  }

  /** The operation could not be decoded; nothing was changed. */
  record Error(String reason) implements KvResult {
    public Error {
      Utf8.check(reason, KvLimits.REASON_BYTES_MAX, "reason");
    }
  }

  /** The canonical encoding: a tag byte, then flags and varint-length-prefixed UTF-8 strings. */
  default byte[] encode() {
    return KvResultCodec.encode(this);
  }

  /** The result {@code bytes} encode; fails on anything that is not a canonical encoding. */
  static KvResult decode(byte[] bytes) {
    return KvResultCodec.decode(bytes);
  }
}
