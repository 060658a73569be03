package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.CoreConfig;
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
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Byzantine mode: any f of n = 3f+1 replicas may lie, so every statement is signed (CHECKPOINT,
 * replies, and the agreement's own messages), every proof is checked, a peer's word on chosen slots
 * is only a hint to fetch certificates, client requests must carry their client's signature, a
 * quorum of ceil((n+f+1)/2) makes a checkpoint stable, and every replica answers the client, which
 * takes a result once f+1 matching signed replies arrived. The agreement is {@link ByzantinePaxos}.
 */
public final class ByzantineMode implements Mode {
  private final ByzantineKeys keys;
  private final ByzantineRules rules;
  private final ConfigurationKeys configurationKeys;
  private final Proofs proofs;

  /**
   * Every tally, certificate and signature check of the Byzantine agreement follows the slot's
   * configuration (ConfigurationKeys, Proofs, ByzantinePaxos; docs/PROTOCOL.md "Reconfiguration in
   * Byzantine mode"), so changes are allowed.
   */
  private static final boolean CHANGES_SUPPORTED = true;

  public ByzantineMode(CoreConfig config, ByzantineKeys keys, ByzantineRules rules) {
    this.keys = keys;
    this.rules = rules;
    this.configurationKeys = new ConfigurationKeys(keys);
    this.proofs = new Proofs(configurationKeys, rules.quorums(), config.limits().watermarkSlots());
  }

  @Override
  public String name() {
    return "byzantine";
  }

  @Override
  public int checkpointQuorum(dev.bftpaxos.core.log.Configuration configuration) {
    return rules.quorums().quorum(configuration, configurationKeys.first());
  }

  /**
   * At least four replicas (f >= 1), each with a key. n need not be exactly 3f+1: the quorum
   * ceil((n+f+1)/2) makes any two quorums share a correct replica for every n >= 3f+1, and with
   * exactly 3f+1 demanded no single add or remove would ever be allowed (4 to 5 is not 3f+1),
   * only jumps of three, which one change at a time cannot make.
   */
  @Override
  public String checkConfiguration(dev.bftpaxos.core.log.Configuration next, dev.bftpaxos.core.log.ConfigChange change) {
    if (!CHANGES_SUPPORTED) {
      return "configuration change refused: Byzantine agreement keeps its first configuration";
    }
    if (next.n() < 4) {
      return "configuration change below four replicas (Byzantine)";
    }
    if (change.kind() != dev.bftpaxos.core.log.ConfigChange.Kind.REMOVE && change.publicKey().length == 0) {
      return "configuration change without the replica's public key (Byzantine)";
    }
    if (change.kind() != dev.bftpaxos.core.log.ConfigChange.Kind.REMOVE
        && keys.rotated().verifier(change.publicKey()) == null) {
      // A member whose key no one can check would never be counted: a silent member from the start
      // (with n = 5, q = 4, it and one faulty replica stop the cluster). Refused instead; every
      // replica decides alike, as the key resolves from its bytes alone (a driver with
      // RotatedKeys.NONE refuses every ADD and REPLACE; the networked replica's OwnKeyRing and the
      // simulator's keys check any key of their scheme).
      return "configuration change with a public key this replica cannot use (Byzantine)";
    }
    return null;
  }

  @Override
  public byte[] signCheckpoint(long slot, Digest32 stateDigest) {
    // The key of this replica in the configuration governing the checkpoint slot; a replica that is
    // no member there (or lacks its new key) signs with its first key, and no one counts that vote.
    dev.bftpaxos.crypto.Signer signer = configurationKeys.signerAt(slot);
    return (signer == null ? keys.signer() : signer).sign(Statements.checkpoint(keys.configId(), slot, stateDigest));
  }

  @Override
  public boolean checkpointSigned(int from, long slot, Digest32 stateDigest, byte[] signature) {
    return configurationKeys.verifyAt(slot, from, Statements.checkpoint(keys.configId(), slot, stateDigest), signature);
  }

  @Override
  public CheckpointProof checkpointProof(long slot, Digest32 stateDigest, SortedMap<Integer, byte[]> signers) {
    List<SignerSignature> signatures = new ArrayList<>(signers.size());
    for (Map.Entry<Integer, byte[]> e : signers.entrySet()) {
      signatures.add(new SignerSignature(e.getKey(), e.getValue()));
    }
    return new CheckpointProof(slot, stateDigest, signatures);
  }

  @Override
  public String checkCheckpointProof(CheckpointProof proof) {
    return proofs.checkCheckpoint(proof);
  }

  @Override
  public String checkChosenProof(CommitProof proof) {
    return rules.proofs().fetchedCertificate(proof, proofs);
  }

  @Override
  public boolean trustsChosenClaims() {
    return false;
  }

  @Override
  public String checkRequest(Request request) {
    return rules.proofs().requestSigned(request, proofs) ? null : "request without a valid client signature";
  }

  /**
   * Signed with this replica's key in the configuration governing the reply's slot, and not sent
   * at all where this replica is no member of it: a client that follows the configurations counts
   * a reply only from a member, checked with the member's key there, so a removed replica, or a
   * rotated key, speaks for no result of the new configuration. (An old slot's cached reply whose
   * configuration is no longer held is signed in the oldest one held; a client may not count it.)
   */
  @Override
  public Reply signReply(Reply r) {
    dev.bftpaxos.crypto.Signer signer = configurationKeys.signerAt(r.slot());
    if (signer == null) {
      return null;
    }
    return r.withSignature(keys.replies().authenticate(r.clientId(), Statements.reply(keys.configId(), r.clientId(),
        r.seq(), r.slot(), r.result()), signer));
  }

  @Override
  public ReadReply signReadReply(ReadReply r) {
    // As a reply: with this replica's key in the configuration governing the slot the answer
    // reflects, and none from a non-member there.
    dev.bftpaxos.crypto.Signer signer = configurationKeys.signerAt(r.slot());
    if (signer == null) {
      return null;
    }
    return r.withSignature(signer.sign(Statements.readReply(keys.configId(), r.clientId(), r.readId(),
        r.kind().ordinal(), r.slot(), r.result() == null ? new byte[0] : r.result())));
  }

  @Override
  public boolean everyReplicaReplies() {
    return true;
  }

  @Override
  public Agreement agreement(LogServices log, DurableState durable) {
    configurationKeys.bind(log);
    return new ByzantinePaxos(log, keys, proofs, rules, durable);
  }
}
