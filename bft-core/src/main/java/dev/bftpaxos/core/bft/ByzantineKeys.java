package dev.bftpaxos.core.bft;

import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Verifier;

/**
 * What one Byzantine-mode replica holds of the cluster's keys: its own signing capability only,
 * and the public side of everyone else's. {@code certificates} may cache verified certificates.
 * {@code clients} checks a request's authentication (a client signature, or this replica's entry of
 * a MAC authenticator) and {@code replies} makes a reply's. {@code rotated} resolves the keys that
 * configuration changes bring ({@link RotatedKeys}); {@code replicas} and {@code signer} are those of
 * the first configuration.
 */
public record ByzantineKeys(Digest32 configId, Signer signer, Verifier replicas, Verifier clients,
    CertificateVerifier certificates, ReplyAuthenticator replies, RotatedKeys rotated) {

  /** Keys of a driver that knows no key beyond the first configuration's. */
  public ByzantineKeys(Digest32 configId, Signer signer, Verifier replicas, Verifier clients,
      CertificateVerifier certificates, ReplyAuthenticator replies) {
    this(configId, signer, replicas, clients, certificates, replies, RotatedKeys.NONE);
  }

  /** Keys whose replies are signed (with the replica's key in each reply's configuration). */
  public ByzantineKeys(Digest32 configId, Signer signer, Verifier replicas, Verifier clients,
      CertificateVerifier certificates) {
    this(configId, signer, replicas, clients, certificates, ReplyAuthenticator.SIGNING);
  }
}
