package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.CommitProof;
import dev.bftpaxos.crypto.Digest32;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** What one Byzantine-mode replica knows about one slot above its stable checkpoint. */
final class SlotState {
  /** Distinct (ballot, digest) pairs kept per slot: a faulty signer cannot make this grow without bound. */
  static final int VOTE_KEYS_MAX = 64;

  long proposalBallot = -1;
  Batch proposal;
  Digest32 proposalDigest;

  long myVoteBallot = -1;
  Digest32 myVoteDigest;
  byte[] myAcceptSignature;

  final Map<VoteKey, TreeMap<Integer, byte[]>> accepts = new HashMap<>();
  final Map<VoteKey, TreeMap<Integer, byte[]>> commits = new HashMap<>();
  AcceptProof prepared;
  long myCommitBallot = -1;
  byte[] myCommitSignature;
  Digest32 myCommitDigest;
  CommitProof committed;
  long lastRetransmitTick;

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
