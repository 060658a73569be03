package dev.bftpaxos.core.msg;

import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * A stable checkpoint: a quorum of replicas vouch that the state after executing through
 * {@code slot} has digest {@code stateDigest}. In Byzantine mode {@code signatures} are their signed
 * CHECKPOINTs (slot 0, the initial state, needs none); in crash mode the list is empty (replicas do
 * not lie, the channel authenticates the sender).
 */
public record CheckpointProof(long slot, dev.bftpaxos.crypto.Digest32 stateDigest, List<SignerSignature> signatures) {
  public CheckpointProof {
    signatures = List.copyOf(signatures);
  }
}
