package dev.bftpaxos.core.bft;

/**
 * The pieces of Byzantine mode's agreement a broken variant may replace: the acceptor's
 * once-per-ballot rule and how a NEW-BALLOT is judged. {@link #CORRECT} is protocol.md's.
 */
public record ByzantineRules(VoteRule votes, NewBallotRule newBallots) {
  public static final ByzantineRules CORRECT = new ByzantineRules(VoteRule.CORRECT, NewBallotRule.CORRECT);
}
