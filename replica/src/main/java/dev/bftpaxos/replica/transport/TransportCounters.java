package dev.bftpaxos.replica.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every frame the transport refused and every message it did not deliver, by reason. Nothing is
 * dropped without one of these moving; docs/OPERATIONS.md lists what each means.
 */
public final class TransportCounters {
  public static final String OVERSIZED = "frame-oversized";
  public static final String MALFORMED = "frame-malformed";
  public static final String UNAUTHENTICATED = "frame-unauthenticated";
  public static final String BAD_HANDSHAKE = "handshake-bad-signature";
  public static final String UNKNOWN_MEMBER = "handshake-unknown-member";
  public static final String SPOOFED_SENDER = "message-spoofed-sender";
  public static final String INBOX_FULL = "inbound-inbox-full";
  public static final String NO_CONNECTION = "outbound-no-connection";
  public static final String BACKPRESSURE = "outbound-backpressure";
  /** Dropped on purpose by the cluster file's {@code network.lossRate}. */
  public static final String SHAPED_LOSS = "outbound-shaped-loss";
  /** Refused because messages held back for their shaped delay already filled the peer's bound. */
  public static final String SHAPED_BACKLOG_FULL = "outbound-shaped-backlog-full";
  /** A link to a replica cut, or a new one refused, because the refusal file lists it (a harness's partition). */
  public static final String REFUSED_PEER = "link-refused-peer";

  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void add(String reason) {
    counts.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  public long get(String reason) {
    LongAdder a = counts.get(reason);
    return a == null ? 0 : a.sum();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
