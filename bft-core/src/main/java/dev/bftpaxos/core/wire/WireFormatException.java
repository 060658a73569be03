package dev.bftpaxos.core.wire;

/**
 * Bytes that are not a valid frame. {@link WireCodec}'s decoders throw this and nothing else, so a
 * caller reading from a possibly Byzantine peer can catch exactly one type; the reason is a short
 * deterministic description (equal inputs give equal reasons) naming the offending field.
 *
 * <p>Unchecked, like {@code KvDecodeException}: callers on the network path must catch it, and
 * nothing else in the core can throw it.
 */
public final class WireFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public WireFormatException(String reason) {
    super(reason);
    this.reason = reason;
  }

  /** The reason, as given. */
  public String reason() {
    return reason;
  }
}
