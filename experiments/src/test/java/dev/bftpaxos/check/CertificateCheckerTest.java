package dev.bftpaxos.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.sim.SimKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The certificate-soundness checker fires on both of its findings, and only on them. */
class CertificateCheckerTest {
  final SimKeys keys = new SimKeys("fastsim", 5, 4, List.of(1000L));
  final Batch a = new Batch(List.of(new Request(1000, 1, new byte[] {1})));
  final Batch b = new Batch(List.of(new Request(1000, 1, new byte[] {2})));

  CommitProof certificate(Batch batch, int signers) {
    Digest32 d = BatchDigest.of(batch);
    List<SignerSignature> sigs = new ArrayList<>();
    for (int r = 0; r < signers; r++) {
      sigs.add(SignerSignature.sign(keys.forReplica(r).signer(), Statements.commit(keys.configId(), 3, 7, d)));
    }
    return new CommitProof(3, 7, d, batch, sigs);
  }

  @Test
  void aValidCertificateForWhatWasExecutedIsSound() {
    CertificateChecker c = new CertificateChecker(keys.configuration(), keys.scheme());
    assertNull(c.onHeld(1, certificate(a, 3)));
    c.onExecuted(7, a);
    assertNull(c.finish());
  }

  @Test
  void aCertificateALearnerRejectsIsReportedAtOnce() {
    CertificateChecker c = new CertificateChecker(keys.configuration(), keys.scheme());
    Violation v = c.onHeld(2, certificate(a, 2));
    assertNotNull(v);
    assertEquals(Violation.CERTIFICATE, v.property());
    assertTrue(v.detail().contains("TOO_FEW_SIGNERS"), v.detail());
  }

  @Test
  void aValidCertificateForAnotherBatchThanExecutedIsReportedAtTheEnd() {
    CertificateChecker c = new CertificateChecker(keys.configuration(), keys.scheme());
    assertNull(c.onHeld(1, certificate(b, 3)));
    c.onExecuted(7, a);
    Violation v = c.finish();
    assertNotNull(v);
    assertEquals(Violation.CERTIFICATE, v.property());
    assertTrue(v.detail().contains("slot 7"), v.detail());
  }
}
