package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Request;

/**
 * The exactly-once rule: whether a request already ran, given the last request its client table
 * entry records. The correct rule is {@link #CLIENT_TABLE}; a broken variant (experiments) that
 * never filters proves the exactly-once checker can fail.
 */
@FunctionalInterface
public interface DuplicateFilter {
  /** {@code last}: the last executed request of {@code r}'s client, or null if it has none. */
  boolean alreadyExecuted(ClientTable.Entry last, Request r);

  /** A request whose seq is not above its client's last executed one already ran (or is stale). */
  DuplicateFilter CLIENT_TABLE = (last, r) -> last != null && r.seq() <= last.seq();
}
