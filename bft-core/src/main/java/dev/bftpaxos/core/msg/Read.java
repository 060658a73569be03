package dev.bftpaxos.core.msg;

import java.util.Arrays;

/**
 * A read a client asks outside the log. {@code op} is a read-only operation of the state machine
 * (a KV get); {@code readId} tells a client's reads apart. What the answer guarantees depends on
 * {@link Kind}; docs/PROTOCOL.md ("Reads") writes each guarantee down. A read through the log is an
 * ordinary {@link Request}.
 */
public record Read(long clientId, long readId, Kind kind, byte[] op) {
  /** The read kinds served outside the log. */
  public enum Kind {
    /** Any one replica answers from its state now, saying which slot the state reflects. */
    STALE,
    /**
     * Linearizable without a log slot: crash mode's leader confirms its ballot with a quorum
     * first (read-index); Byzantine mode's replicas answer at once and the client needs a quorum
     * of matching answers (PBFT's read-only optimisation), else it reads through the log.
     */
    LINEARIZABLE,
    /** Crash mode: the leader answers alone while its lease holds (a bound on clock drift assumed). */
    LEASE
  }

  public Read {
    if (kind == null || op == null) {
      throw new IllegalArgumentException("kind and op must not be null");
    }
  }

  public int sizeBytes() {
    return op.length + 24;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Read r && r.clientId == clientId && r.readId == readId && r.kind == kind
        && Arrays.equals(r.op, op);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(clientId) * 31 + Long.hashCode(readId);
  }

  @Override
  public String toString() {
    return "c" + clientId + "/read" + readId + "(" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
