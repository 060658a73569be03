package dev.bftpaxos.core.msg;

import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.util.List;

/**
 * That {@code batch} (whose batch digest is {@code digest}) is chosen for {@code slot}. In Byzantine
 * mode a commit certificate: a quorum of signed COMMITs for (ballot, slot, digest), checkable
 * offline. In crash mode {@code signatures} is empty and {@code ballot} is 0: the sender's word,
 * which crash mode trusts.
 */
public record CommitProof(long ballot, long slot, Digest32 digest, Batch batch, List<SignerSignature> signatures) {
  public CommitProof {
    signatures = List.copyOf(signatures);
  }
}
