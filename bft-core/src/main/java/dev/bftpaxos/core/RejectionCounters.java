package dev.bftpaxos.core;

import java.util.Map;
import java.util.TreeMap;

/** Counts inputs the core refused or ignored, by reason, so nothing is dropped silently. */
public final class RejectionCounters {
  private final TreeMap<String, Long> counts = new TreeMap<>();

  public void count(String reason) {
    counts.merge(reason, 1L, Long::sum);
  }

  public Map<String, Long> snapshot() {
    return new TreeMap<>(counts);
  }
}
