package dev.bftpaxos.core.bft;

import dev.bftpaxos.crypto.KeyVerifier;
import dev.bftpaxos.crypto.Signer;

/**
 * The keys a configuration change brings (an ADD's or a REPLACE's public key, carried in the
 * change itself): how to check a signature under one, and, for this replica's own new keys, how to
 * sign with it. The first configuration's keys are {@link ByzantineKeys#replicas()}; a member whose
 * configuration names no key keeps that one. {@link #NONE} knows no other key: with it every
 * message signed under an added or rotated key fails to verify (a liveness limit, never a safety
 * one), which is what a driver that cannot load new keys yet gets.
 */
public interface RotatedKeys {
  /** A verifier for signatures under {@code publicKey}, or null if the key is unusable. */
  KeyVerifier verifier(byte[] publicKey);

  /** This replica's signer for its own key {@code publicKey}, or null if it does not hold that key. */
  Signer signer(byte[] publicKey);

  RotatedKeys NONE = new RotatedKeys() {
    @Override
    public KeyVerifier verifier(byte[] publicKey) {
      return null;
    }

    @Override
    public Signer signer(byte[] publicKey) {
      return null;
    }
  };
}
