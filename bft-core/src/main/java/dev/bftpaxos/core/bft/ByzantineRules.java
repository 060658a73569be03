package dev.bftpaxos.core.bft;

/**
 * The pieces of Byzantine mode a broken variant may replace: the acceptor's once-per-ballot rule,
 * how a NEW-BALLOT is judged, which proofs are checked, and when a ballot change's timer runs.
 * {@link #CORRECT} is protocol.md's.
 */
public record ByzantineRules(VoteRule votes, NewBallotRule newBallots, ProofRule proofs, BallotTimerRule timer) {
  public static final ByzantineRules CORRECT =
      new ByzantineRules(VoteRule.CORRECT, NewBallotRule.CORRECT, ProofRule.CORRECT, BallotTimerRule.CORRECT);

  public ByzantineRules withVotes(VoteRule r) {
    return new ByzantineRules(r, newBallots, proofs, timer);
  }

  public ByzantineRules withNewBallots(NewBallotRule r) {
    return new ByzantineRules(votes, r, proofs, timer);
  }

  public ByzantineRules withProofs(ProofRule r) {
    return new ByzantineRules(votes, newBallots, r, timer);
  }

  public ByzantineRules withTimer(BallotTimerRule r) {
    return new ByzantineRules(votes, newBallots, proofs, r);
  }
}
