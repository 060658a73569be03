package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.bft.RotatedKeys;
import dev.bftpaxos.crypto.KeyVerifier;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import java.util.Arrays;

/**
 * The keys configuration changes bring, for a real Byzantine replica: any well-formed public key of
 * the cluster's scheme can be checked, and the replica can sign with exactly one key, the one in
 * its own key file. So an ADD of a spare with the key config.json lists for it (what
 * {@code reconfigure} sends) works; a REPLACE with a new key (a rotation) is refused by the core,
 * since no replica process here holds a second private key yet.
 */
final class OwnKeyRotation implements RotatedKeys {
  private final SignatureScheme scheme;
  private final byte[] ownPublicKey;
  private final Signer own;

  OwnKeyRotation(SignatureScheme scheme, byte[] ownPublicKey, Signer own) {
    this.scheme = scheme;
    this.ownPublicKey = ownPublicKey.clone();
    this.own = own;
  }

  @Override
  public KeyVerifier verifier(byte[] publicKey) {
    try {
      return scheme.verifierFor(publicKey);
    } catch (IllegalArgumentException malformed) {
      return null; // the core refuses the change: a key nobody can check
    }
  }

  @Override
  public Signer signer(byte[] publicKey) {
    return Arrays.equals(publicKey, ownPublicKey) ? own : null;
  }
}
