package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.Invariants;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.crypto.Digest32;

/**
 * A correct acceptor's once-per-ballot rule, in every place it applies: it signs at most one ACCEPT
 * and one COMMIT per (ballot, slot), a second different proposal for a (ballot, slot) is proof of an
 * equivocating leader, and an accept certificate is replaced only by one of a higher ballot. This is
 * what defeats an equivocating proposer (protocol.md). {@link #CORRECT} is the rule; a broken
 * variant (experiments' {@code double-vote}) replaces it to prove the agreement checker can fail.
 */
public interface VoteRule {
  /** What an acceptor does with a valid proposal. */
  enum OnProposal {
    /** Vote for it. */
    VOTE,
    /** It is the proposal already seen here: nothing to do. */
    IGNORE,
    /** A different proposal for a (ballot, slot) that has one: the leader equivocated. */
    EQUIVOCATION
  }

  /**
   * A proposal with digest {@code digest} for {@code ballot}; {@code seenBallot}/{@code seenDigest}
   * is the proposal already held for the slot (-1/null if none).
   */
  OnProposal onProposal(long seenBallot, Digest32 seenDigest, long ballot, Digest32 digest);

  /** Whether to sign ACCEPT at {@code ballot}, having signed one at {@code votedBallot} (-1: none). */
  boolean mayVote(long votedBallot, long ballot);

  /** Called after signing ACCEPT at {@code ballot} over {@code votedBallot}: the rule's own invariant. */
  void voted(long votedBallot, long ballot);

  /** Whether an accept certificate for (ballot, digest) replaces the one held ({@code current}). */
  boolean replacesPrepared(AcceptProof current, long ballot, Digest32 digest);

  /** Whether to sign COMMIT for {@code prepared}, having signed one at (committedBallot, committedDigest). */
  boolean mayCommit(long committedBallot, Digest32 committedDigest, AcceptProof prepared);

  VoteRule CORRECT = new VoteRule() {
    @Override
    public OnProposal onProposal(long seenBallot, Digest32 seenDigest, long ballot, Digest32 digest) {
      if (seenBallot != ballot) {
        return OnProposal.VOTE;
      }
      return digest.equals(seenDigest) ? OnProposal.IGNORE : OnProposal.EQUIVOCATION;
    }

    @Override
    public boolean mayVote(long votedBallot, long ballot) {
      return votedBallot < ballot;
    }

    @Override
    public void voted(long votedBallot, long ballot) {
      Invariants.check(votedBallot < ballot, "signed a second ACCEPT in ballot %d (had one at %d)", ballot, votedBallot);
    }

    @Override
    public boolean replacesPrepared(AcceptProof current, long ballot, Digest32 digest) {
      return current == null || ballot > current.ballot();
    }

    @Override
    public boolean mayCommit(long committedBallot, Digest32 committedDigest, AcceptProof prepared) {
      return committedBallot < prepared.ballot();
    }
  };
}
