package dev.bftpaxos.core.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.log.ConfigChange;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.KeyVerifier;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whose key checks what once configurations change: replicas 0..3 of a universe of five, then a
 * REPLACE of replica 2's key that governs slots from 50 on (protocol.md, "Which key checks what").
 */
class ConfigurationKeysTest {
  private static final long ACTIVATION = 50;
  private final SignatureScheme scheme = new FastSimScheme();
  private final KeyPair[] first = new KeyPair[5];
  private final KeyPair rotated2;
  private final PublicConfiguration universe;
  private final Configuration c0 = Configuration.ofMembers(0, 0b01111);
  private final Configuration c1;
  /** The view the keys read; the test moves it. */
  private long low;
  private long executed = 40;

  ConfigurationKeysTest() {
    Map<Integer, byte[]> pub = new HashMap<>();
    for (int r = 0; r < first.length; r++) {
      first[r] = scheme.generate(7, Role.REPLICA, r);
      pub.put(r, first[r].publicKey());
    }
    rotated2 = scheme.generate(7, Role.REPLICA, 2 + 64);
    universe = PublicConfiguration.of(scheme.name(), pub, Map.of());
    c1 = c0.apply(ConfigChange.replace(2, rotated2.publicKey()));
  }

  /** Replica {@code id}'s keys: its first signer, and its rotated one if it is replica 2. */
  private ConfigurationKeys keysOf(int id) {
    RotatedKeys rotated = new RotatedKeys() {
      @Override
      public KeyVerifier verifier(byte[] publicKey) {
        return scheme.verifierFor(publicKey);
      }

      @Override
      public Signer signer(byte[] publicKey) {
        return id == 2 && Arrays.equals(publicKey, rotated2.publicKey()) ? scheme.signer(2, rotated2) : null;
      }
    };
    Signer signer = scheme.signer(id, first[id]);
    ByzantineKeys keys = new ByzantineKeys(universe.configId(), signer, PublicKeyRing.replicas(universe, scheme),
        PublicKeyRing.clients(universe, scheme), CertificateVerifier.direct(), ReplyAuthenticator.SIGNING,
        rotated);
    ConfigurationKeys ck = new ConfigurationKeys(keys);
    ck.bind(new ConfigurationKeys.View() {
      @Override
      public Configuration at(long slot) {
        if (slot <= low && low >= ACTIVATION) {
          return c1; // c0 dropped once its last slot is under the stable checkpoint
        }
        return slot >= ACTIVATION ? c1 : c0;
      }

      @Override
      public Configuration latest() {
        return c1;
      }

      @Override
      public Configuration first() {
        return c0;
      }

      @Override
      public long low() {
        return low;
      }

      @Override
      public CheckpointProof stable() {
        return null;
      }

      @Override
      public long executedThrough() {
        return executed;
      }

      @Override
      public int alpha() {
        return 16;
      }
    });
    return ck;
  }

  private byte[] accept(long slot) {
    return Statements.accept(universe.configId(), 3, slot, BatchDigest.of(Batch.NOOP));
  }

  private byte[] signOld(int r, byte[] statement) {
    return scheme.signer(r, first[r]).sign(statement);
  }

  private byte[] signNew(byte[] statement) {
    return scheme.signer(2, rotated2).sign(statement);
  }

  @Test
  void aSlotsVoteIsCheckedWithTheKeyOfTheSlotsConfiguration() {
    ConfigurationKeys ck = keysOf(0);
    assertTrue(ck.verifyAt(ACTIVATION - 1, 2, accept(ACTIVATION - 1), signOld(2, accept(ACTIVATION - 1))));
    assertFalse(ck.verifyAt(ACTIVATION - 1, 2, accept(ACTIVATION - 1), signNew(accept(ACTIVATION - 1))),
        "the new key counts only from the activation slot");
    assertTrue(ck.verifyAt(ACTIVATION, 2, accept(ACTIVATION), signNew(accept(ACTIVATION))));
    assertFalse(ck.verifyAt(ACTIVATION, 2, accept(ACTIVATION), signOld(2, accept(ACTIVATION))),
        "the old key is retired at the activation slot");
    assertTrue(ck.verifyAt(ACTIVATION, 1, accept(ACTIVATION), signOld(1, accept(ACTIVATION))),
        "a member whose key did not change keeps its first key");
  }

  @Test
  void aNonMembersSignatureNeverVerifiesThoughItsKeyIsKnown() {
    ConfigurationKeys ck = keysOf(0);
    assertFalse(ck.verifyAt(ACTIVATION, 4, accept(ACTIVATION), signOld(4, accept(ACTIVATION))));
    assertFalse(ck.verifyAnyHeld(4, accept(ACTIVATION), signOld(4, accept(ACTIVATION))));
  }

  @Test
  void ballotStatementsTakeAnyHeldKeyUntilTheOldConfigurationIsDropped() {
    ConfigurationKeys ck = keysOf(0);
    byte[] promise = Statements.promise(universe.configId(), 9, BatchDigest.of(Batch.NOOP));
    assertTrue(ck.verifyAnyHeld(2, promise, signOld(2, promise)));
    assertTrue(ck.verifyAnyHeld(2, promise, signNew(promise)));
    low = 64;
    executed = 64;
    assertFalse(ck.verifyAnyHeld(2, promise, signOld(2, promise)), "dropped with its configuration");
    assertTrue(ck.verifyAnyHeld(2, promise, signNew(promise)));
  }

  @Test
  void aReplicaSignsEachSlotWithItsKeyThere() {
    ConfigurationKeys ck = keysOf(2);
    ConfigurationKeys other = keysOf(0);
    byte[] before = accept(ACTIVATION - 1);
    byte[] after = accept(ACTIVATION);
    assertTrue(other.verifyAt(ACTIVATION - 1, 2, before, ck.signerAt(ACTIVATION - 1).sign(before)));
    assertTrue(other.verifyAt(ACTIVATION, 2, after, ck.signerAt(ACTIVATION).sign(after)));
    assertNull(keysOf(4).signerAt(ACTIVATION), "no signer where it is no member");
    assertNotNull(ck.ballotSigner());
  }

  @Test
  void theConfigurationOfASlotIsKnownOnlyUpToExecutedPlusAlpha() {
    ConfigurationKeys ck = keysOf(0);
    assertTrue(ck.knowsConfigurationOf(executed + 16));
    assertFalse(ck.knowsConfigurationOf(executed + 17));
  }

  /** A lagging replica cannot count the quorum of a configuration it does not know: f+1 of its last one vouch. */
  @Test
  void aCheckpointBeyondTheKnownConfigurationsNeedsFPlusOneKnownMembers() {
    Proofs proofs = new Proofs(keysOf(0), QuorumRule.CORRECT, 16);
    long slot = 64; // executed 40 + alpha 16 < 64: its configuration is not known here
    Digest32 state = BatchDigest.of(Batch.NOOP);
    byte[] vote = Statements.checkpoint(universe.configId(), slot, state);
    SignerSignature s1 = new SignerSignature(1, signOld(1, vote));
    SignerSignature s2new = new SignerSignature(2, signNew(vote));
    SignerSignature s4 = new SignerSignature(4, signOld(4, vote));
    assertNull(proofs.checkCheckpoint(new CheckpointProof(slot, state, List.of(s1, s2new))));
    assertNotNull(proofs.checkCheckpoint(new CheckpointProof(slot, state, List.of(s1))), "f+1 = 2 are needed");
    assertNotNull(proofs.checkCheckpoint(new CheckpointProof(slot, state, List.of(s1, s4))),
        "a replica outside the known configuration vouches for nothing");
  }

  @Test
  void certificatesNeedAQuorumOfTheSlotsMembersWithTheirKeysThere() {
    ConfigurationKeys ck = keysOf(0);
    Proofs proofs = new Proofs(ck, QuorumRule.CORRECT, 16);
    Digest32 d = BatchDigest.of(Batch.NOOP);
    byte[] commit = Statements.commit(universe.configId(), 3, ACTIVATION, d);
    SignerSignature s0 = new SignerSignature(0, signOld(0, commit));
    SignerSignature s1 = new SignerSignature(1, signOld(1, commit));
    SignerSignature s2new = new SignerSignature(2, signNew(commit));
    SignerSignature s2old = new SignerSignature(2, signOld(2, commit));
    SignerSignature s4 = new SignerSignature(4, signOld(4, commit));
    assertEquals(3, c1.byzantineQuorum());
    assertNull(proofs.checkCommit(new CommitProof(3, ACTIVATION, d, Batch.NOOP, List.of(s0, s1, s2new))));
    assertNotNull(proofs.checkCommit(new CommitProof(3, ACTIVATION, d, Batch.NOOP, List.of(s0, s1, s2old))),
        "replica 2's old key no longer signs for this slot");
    assertNotNull(proofs.checkCommit(new CommitProof(3, ACTIVATION, d, Batch.NOOP, List.of(s0, s1, s4))),
        "a non-member's signature does not count towards the quorum");
    assertNull(proofs.checkCommit(new CommitProof(3, ACTIVATION, d, Batch.NOOP, List.of(s0, s1, s2new, s4))),
        "a non-member's signature is left out, not held against the certificate");
  }
}
