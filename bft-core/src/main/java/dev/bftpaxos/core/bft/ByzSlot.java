package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.log.VoteTally;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.crypto.Digest32;

/** What one Byzantine-mode replica knows about one slot of its window that is not yet chosen. */
final class ByzSlot {
  long proposalBallot = -1;
  Batch proposal;
  Digest32 proposalDigest;
  /** This replica's own PROPOSE signature, when it proposed the slot (kept for retransmission). */
  byte[] proposalSignature;

  long myVoteBallot = -1;
  Digest32 myVoteDigest;
  byte[] myAcceptSignature;

  final VoteTally<VoteKey> accepts;
  final VoteTally<VoteKey> commits;
  AcceptProof prepared;
  long myCommitBallot = -1;
  Digest32 myCommitDigest;
  byte[] myCommitSignature;
  long lastRetransmitTick;

  ByzSlot(int votesPerSignerMax) {
    this.accepts = new VoteTally<>(votesPerSignerMax);
    this.commits = new VoteTally<>(votesPerSignerMax);
  }

  /** A batch this replica has whose digest is {@code d}, or null. */
  Batch batchFor(Digest32 d) {
    if (proposal != null && d.equals(proposalDigest)) {
      return proposal;
    }
    if (prepared != null && d.equals(prepared.digest())) {
      return prepared.batch();
    }
    return null;
  }
}
