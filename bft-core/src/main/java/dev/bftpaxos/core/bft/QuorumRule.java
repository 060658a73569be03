package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.log.Configuration;

/**
 * How many members of a slot's configuration make a Byzantine quorum there, for every tally and
 * every certificate check. {@link #CORRECT} is that configuration's own ceil((n+f+1)/2) with
 * f = floor((n-1)/3). A broken variant (experiments' {@code byzantine-quorum-not-updated}) keeps the
 * first configuration's size after n grew (BFT-SMaRt's "f not updated", bft-smart/library#118), to
 * prove the checkers catch it.
 */
@FunctionalInterface
public interface QuorumRule {
  /** The quorum of {@code governing}, the configuration of the slot (or ballot range) counted; {@code first} is the core's first. */
  int quorum(Configuration governing, Configuration first);

  QuorumRule CORRECT = (governing, first) -> governing.byzantineQuorum();
}
