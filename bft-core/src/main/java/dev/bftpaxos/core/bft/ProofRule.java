package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.Request;

/**
 * What a correct replica accepts as proof where a faulty peer hands it one: a commit certificate
 * fetched in catch-up, and the client signature on each request, where a client sends it and inside
 * a leader's proposal. {@link #CORRECT}
 * verifies both; broken variants (experiments' {@code unverified-certificates} and
 * {@code unsigned-requests}) skip one, to prove the certificate-soundness and validity checkers can
 * fail.
 */
public interface ProofRule {
  /** Null if the fetched {@code certificate} proves its slot chosen, else why not. */
  String fetchedCertificate(CommitProof certificate, Proofs proofs);

  /** Whether {@code request} (from a client, or inside a leader's proposal) carries its client's signature. */
  boolean requestSigned(Request request, Proofs proofs);

  ProofRule CORRECT = new ProofRule() {
    @Override
    public String fetchedCertificate(CommitProof certificate, Proofs proofs) {
      return proofs.checkCommit(certificate);
    }

    @Override
    public boolean requestSigned(Request request, Proofs proofs) {
      return proofs.requestSigned(request);
    }
  };
}
