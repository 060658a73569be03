package dev.bftpaxos.core;

import java.util.Map;

/**
 * A replica core of either mode, as drivers see it: one deterministic {@link #step} and read-only
 * observation. The correct cores are {@code log.ReplicatedLog}s built by {@link Cores}; a faulty
 * replica (faulty-nodes) wraps one.
 */
public interface Replica {
  Output step(Input input);

  int id();

  long executedThrough();

  Map<String, Long> rejections();

  /** A read-only summary for status reports. */
  ReplicaStatus status();
}
