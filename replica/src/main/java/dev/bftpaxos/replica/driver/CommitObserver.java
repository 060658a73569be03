package dev.bftpaxos.replica.driver;

import dev.bftpaxos.core.msg.CommitProof;

/**
 * Told of each commit certificate the core records (Byzantine mode: a quorum's signed COMMITs for
 * a slot, from the step's {@code PersistOp.SaveCommitted}), on the driver thread, right after the
 * step. It runs inside the replica's one stepping thread, so it must not block or do I/O: queue,
 * and count what a full queue refuses. Exists so that a process can export certificates without the
 * core or the driver knowing about files.
 */
public interface CommitObserver extends AutoCloseable {
  /** Observes nothing. */
  CommitObserver NONE = proof -> {};

  void committed(CommitProof proof);

  /**
   * As {@link #committed(CommitProof)}, with the number of the configuration that governs the
   * slot (0: the first), for observers that name it; the driver calls this one.
   */
  default void committed(CommitProof proof, long configuration) {
    committed(proof);
  }

  /** What to add to the replica's status line ({@code " key=value ..."}), or empty. */
  default String status() {
    return "";
  }

  /** Stops, after finishing what was queued if that is quick. */
  @Override
  default void close() {}
}
