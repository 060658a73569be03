package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * Proof that {@code batch} was chosen for {@code slot}: signatures of a quorum of distinct
 * replicas over {@code Statements.commit(configId, ballot, slot, digest)}, and the batch whose
 * {@link BatchDigest} is {@code digest}. Self-contained: anyone holding the configuration's public
 * keys can check it offline.
 */
public record CommitCertificate(Digest32 configId, long ballot, long slot, Digest32 digest, Batch batch,
    List<SignerSignature> signatures) {
  public CommitCertificate {
    signatures = List.copyOf(signatures);
  }
}
