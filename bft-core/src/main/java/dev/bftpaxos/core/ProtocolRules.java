package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import java.util.List;

/**
 * The named places where a protocol variant differs: the quorum size, when an acceptor may vote for
 * a ballot, which value a new leader re-proposes for a slot, and whether the client table filters
 * duplicates, and in Byzantine mode the vote, ballot-change and reply rules. The correct rules are
 * {@link CrashRules} (its Byzantine defaults are the correct ones); deliberately broken variants
 * (used to prove the checkers can fail) implement this interface outside the core.
 */
public interface ProtocolRules {

  /** Votes (promises or accepts) needed out of {@code n} replicas. */
  int quorum(int n);

  /** Whether an acceptor that promised {@code promised} may vote in {@code ballot}. */
  boolean mayAccept(long ballot, long promised);

  /**
   * The value a new leader proposes for one slot, given what the promises reported for it (never
   * empty); null means a no-op.
   */
  PromiseEntry reproposal(List<PromiseEntry> reportsForSlot);

  /** Whether a request already executed for its client must be skipped (exactly-once). */
  boolean filtersDuplicates();

  /** A short name for reports and replay commands. */
  String name();

  /** Byzantine mode: an acceptor signs at most one ACCEPT per (ballot, slot). */
  default boolean votesOncePerSlot() {
    return true;
  }

  /** Byzantine mode: an acceptor recomputes a NEW-BALLOT from its promises before taking part. */
  default boolean checksNewBallot() {
    return true;
  }

  /** Byzantine mode: a client waits for f+1 matching replies (false: it takes the first). */
  default boolean clientWaitsForMatchingReplies() {
    return true;
  }
}
