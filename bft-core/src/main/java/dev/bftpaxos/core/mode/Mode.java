package dev.bftpaxos.core.mode;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.log.LogServices;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import java.util.SortedMap;

/**
 * Everything in which the two modes differ, as the shared replicated log sees it: what is signed and
 * verified in the log's own messages, the checkpoint quorum, the replicas' side of the client's
 * reply rule, whether a peer's word on chosen slots is a fact, and the agreement protocol itself
 * ({@link #agreement}). Crash mode ({@code core.crash.CrashMode}) signs and checks nothing: replicas
 * fail only by stopping and channels authenticate senders. Byzantine mode ({@code
 * core.bft.ByzantineMode}) signs every statement and checks every proof. docs/ARCHITECTURE.md has
 * the two side by side.
 */
public interface Mode {
  /** {@code crash} or {@code byzantine}. */
  String name();

  /** Matching checkpoint votes, of members of {@code configuration}, that make a stable checkpoint. */
  int checkpointQuorum(dev.bftpaxos.core.log.Configuration configuration);

  /** This replica's signature on its checkpoint vote (empty where nothing is signed). */
  byte[] signCheckpoint(long slot, Digest32 stateDigest);

  /** Whether {@code signature} is {@code from}'s on a checkpoint vote for (slot, state). */
  boolean checkpointSigned(int from, long slot, Digest32 stateDigest, byte[] signature);

  /** The proof a quorum of checkpoint votes makes ({@code signers}: signer to signature). */
  CheckpointProof checkpointProof(long slot, Digest32 stateDigest, SortedMap<Integer, byte[]> signers);

  /** Null if {@code proof} proves a stable checkpoint, else why not. */
  String checkCheckpointProof(CheckpointProof proof);

  /** Null if {@code proof} proves its slot chosen with its batch, else why not. */
  String checkChosenProof(CommitProof proof);

  /**
   * Whether a peer's claim that slots are chosen through some slot is true (crash mode: replicas do
   * not lie) or only a hint to fetch proofs (Byzantine mode).
   */
  boolean trustsChosenClaims();

  /** Null if a client request may be ordered (Byzantine mode: its client's signature), else why not. */
  String checkRequest(Request request);

  /**
   * The reply as this replica sends it (Byzantine mode: signed, so f+1 form a reply certificate), or
   * null if this replica does not answer it (Byzantine mode: no member of the slot's configuration).
   */
  Reply signReply(Reply reply);

  /** The answer to a read outside the log as this replica sends it (Byzantine mode: signed), or null as for {@link #signReply}. */
  ReadReply signReadReply(ReadReply reply);

  /**
   * Whether every replica answers the client (Byzantine mode: the client needs f+1 matching
   * replies) or only the leader that executed its request (crash mode).
   */
  boolean everyReplicaReplies();

  /**
   * Null if a configuration may be the next one, else why not. Crash mode: any non-empty set (the
   * log already refuses an empty one). Byzantine mode overrides it.
   */
  default String checkConfiguration(dev.bftpaxos.core.log.Configuration next, dev.bftpaxos.core.log.ConfigChange change) {
    return null;
  }

  /**
   * The first slot governed by a configuration change executed at {@code slot} at replica
   * {@code replica}: {@code slot + alpha} (docs/PROTOCOL.md "Reconfiguration"). A mode's rules let a
   * broken variant replace it; the correct rule is the same at every replica.
   */
  default long activationSlot(long slot, int alpha, int replica) {
    return slot + alpha;
  }

  /** This mode's agreement protocol for one replica, recovered from {@code durable}. */
  Agreement agreement(LogServices log, DurableState durable);
}
