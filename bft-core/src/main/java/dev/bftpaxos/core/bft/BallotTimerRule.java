package dev.bftpaxos.core.bft;

/**
 * When a replica changing ballots lets its timer run towards the next ballot. {@link #CORRECT}: only
 * while a quorum (itself included) is known to have reached the ballot, so a replica alone cannot
 * time out into higher and higher ballots and stay ahead of the others for good (protocol.md,
 * "Moving on waits for a quorum"). A broken variant (experiments' {@code lone-ballot-change}) lets it
 * run always, to prove the liveness checker can fail.
 */
@FunctionalInterface
public interface BallotTimerRule {
  boolean runs(int replicasInBallot, int quorum);

  BallotTimerRule CORRECT = (replicasInBallot, quorum) -> replicasInBallot >= quorum;
}
