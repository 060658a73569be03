package dev.bftpaxos.core.kv;

/**
 * Bytes that are not a valid encoding of a command, result or snapshot. It exists so that
 * callers handling untrusted input (possibly from a Byzantine client or replica) can catch exactly
 * one exception type, with a deterministic reason, instead of whatever a parser happens to throw.
 */
public final class KvDecodeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /** A decode failure; {@code reason} is a short deterministic description without input data. */
  public KvDecodeException(String reason) {
    super(reason);
    this.reason = reason;
  }

  /** The reason, as given: equal inputs give equal reasons. */
  public String reason() {
    return reason;
  }
}
