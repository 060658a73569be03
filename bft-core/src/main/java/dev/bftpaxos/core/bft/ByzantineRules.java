package dev.bftpaxos.core.bft;

/**
 * The pieces of Byzantine mode a broken variant may replace: the acceptor's once-per-ballot rule,
 * how a NEW-BALLOT is judged, which proofs are checked, when a ballot change's timer runs, and the
 * quorum size of a configuration. {@link #CORRECT} is protocol.md's.
 */
public record ByzantineRules(VoteRule votes, NewBallotRule newBallots, ProofRule proofs, BallotTimerRule timer,
    QuorumRule quorums) {
  public static final ByzantineRules CORRECT = new ByzantineRules(VoteRule.CORRECT, NewBallotRule.CORRECT,
      ProofRule.CORRECT, BallotTimerRule.CORRECT, QuorumRule.CORRECT);

  public ByzantineRules withVotes(VoteRule r) {
    return new ByzantineRules(r, newBallots, proofs, timer, quorums);
  }

  public ByzantineRules withNewBallots(NewBallotRule r) {
    return new ByzantineRules(votes, r, proofs, timer, quorums);
  }

  public ByzantineRules withProofs(ProofRule r) {
    return new ByzantineRules(votes, newBallots, r, timer, quorums);
  }

  public ByzantineRules withTimer(BallotTimerRule r) {
    return new ByzantineRules(votes, newBallots, proofs, r, quorums);
  }

  public ByzantineRules withQuorums(QuorumRule r) {
    return new ByzantineRules(votes, newBallots, proofs, timer, r);
  }
}
