package dev.bftpaxos.core.app;

/**
 * The replicated application. The core hands it operations in slot order; it must be
 * deterministic: the same operations from the same state give the same results and the same
 * digest on every replica.
 */
public interface StateMachine {

  /** Applies one client operation (opaque bytes the client sent) and returns the result bytes. */
  byte[] apply(byte[] operation);

  /**
   * Answers a read-only operation on the current state without changing it (reads served outside
   * the log); an operation that is not a read gives an error result, never a change.
   */
  byte[] query(byte[] operation);

  /** A canonical encoding of the whole state: equal states give equal bytes. */
  byte[] snapshot();

  /** Replaces the whole state with one taken by {@link #snapshot()}. */
  void restore(byte[] snapshot);

  /** A digest of the state (SHA-256 of the snapshot or equivalent): equal states, equal digests. */
  byte[] stateDigest();
}
