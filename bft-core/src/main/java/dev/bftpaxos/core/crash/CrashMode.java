package dev.bftpaxos.core.crash;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.log.LogServices;
import dev.bftpaxos.core.mode.Agreement;
import dev.bftpaxos.core.mode.Mode;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import java.util.List;
import java.util.SortedMap;

/**
 * Crash mode: replicas fail only by stopping and the channel authenticates who sent a message, so
 * nothing is signed and a peer's word is a fact; a majority makes a checkpoint stable; the leader
 * that executed a request answers the client, which takes the first reply. The agreement is
 * Multi-Paxos ({@link MultiPaxos}).
 */
public final class CrashMode implements Mode {
  private static final byte[] UNSIGNED = new byte[0];
  private final CrashRules rules;
  private final int n;

  public CrashMode(int replicas, CrashRules rules) {
    this.n = replicas;
    this.rules = rules;
  }

  @Override
  public String name() {
    return "crash";
  }

  @Override
  public int checkpointQuorum(dev.bftpaxos.core.log.Configuration configuration) {
    return configuration.crashQuorum();
  }

  @Override
  public long activationSlot(long slot, int alpha, int replica) {
    return rules.activationSlot(slot, alpha, replica);
  }

  @Override
  public byte[] signCheckpoint(long slot, Digest32 stateDigest) {
    return UNSIGNED;
  }

  @Override
  public boolean checkpointSigned(int from, long slot, Digest32 stateDigest, byte[] signature) {
    return true;
  }

  @Override
  public CheckpointProof checkpointProof(long slot, Digest32 stateDigest, SortedMap<Integer, byte[]> signers) {
    return new CheckpointProof(slot, stateDigest, List.of());
  }

  @Override
  public String checkCheckpointProof(CheckpointProof proof) {
    return null;
  }

  @Override
  public String checkChosenProof(CommitProof proof) {
    return null;
  }

  @Override
  public boolean trustsChosenClaims() {
    return true;
  }

  @Override
  public String checkRequest(Request request) {
    return null;
  }

  @Override
  public Reply signReply(Reply reply) {
    return reply;
  }

  @Override
  public ReadReply signReadReply(ReadReply reply) {
    return reply;
  }

  @Override
  public boolean everyReplicaReplies() {
    return false;
  }

  @Override
  public Agreement agreement(LogServices log, DurableState durable) {
    return new MultiPaxos(log, rules, durable);
  }
}
