package dev.bftpaxos.check;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.learner.OfflineVerifier;
import java.util.HashMap;
import java.util.HashSet;

/**
 * Certificate soundness, as a learner would see it: every commit certificate a correct replica
 * holds (and so would export or serve) must verify with the configuration's public keys alone,
 * and name the batch correct replicas executed at its slot. It knows nothing of the protocol: it
 * uses the offline verifier a learner uses.
 */
public final class CertificateChecker {
  private final OfflineVerifier verifier;
  private final java.util.TreeMap<Long, HashSet<Digest32>> certified = new java.util.TreeMap<>();
  private final HashMap<Long, Digest32> executed = new HashMap<>();
  /**
   * Certificates already verified (many replicas hold the same one): each costs its signatures
   * once. Keyed without the batch; a held certificate whose batch does not hash to its digest is
   * caught apart.
   */
  private final HashSet<Seen> seen = new HashSet<>();

  private record Seen(long slot, long ballot, Digest32 digest, java.util.List<dev.bftpaxos.crypto.SignerSignature> sigs) {}

  /** The members' keys and the quorum a certificate about one slot must hold. */
  public record SlotKeys(dev.bftpaxos.crypto.Verifier members, int quorum) {}

  /** With configuration changes: each slot's keys and quorum (null: the learner's single configuration). */
  private final java.util.function.LongFunction<SlotKeys> slotKeys;
  private final Digest32 configId;

  public CertificateChecker(PublicConfiguration configuration, SignatureScheme scheme) {
    this.verifier = new OfflineVerifier(configuration, scheme);
    this.slotKeys = null;
    this.configId = configuration.configId();
  }

  /**
   * For runs with configuration changes: a certificate about slot s must hold {@code slotKeys(s)}'s
   * quorum of valid signatures of its members (the offline learner cannot follow changes yet).
   */
  public CertificateChecker(Digest32 configId, java.util.function.LongFunction<SlotKeys> slotKeys) {
    this.verifier = null;
    this.slotKeys = slotKeys;
    this.configId = configId;
  }

  private String invalid(CommitProof proof) {
    if (slotKeys == null) {
      OfflineVerifier.Result r = verifier.verify(new CommitCertificate(configId,
          proof.ballot(), proof.slot(), proof.digest(), proof.batch(), proof.signatures()));
      return r.isValid() ? null : r.render();
    }
    if (proof.batch() == null || !BatchDigest.of(proof.batch()).equals(proof.digest())) {
      return "batch does not hash to the digest";
    }
    SlotKeys k = slotKeys.apply(proof.slot());
    dev.bftpaxos.crypto.VerificationResult r = dev.bftpaxos.crypto.CertificateVerifier.direct().verify(
        new dev.bftpaxos.crypto.Certificate(dev.bftpaxos.crypto.Statements.commit(configId, proof.ballot(),
            proof.slot(), proof.digest()), proof.signatures()), k.members(), k.quorum());
    return r.isValid() ? null : r.reason() + " " + r.detail() + " (quorum " + k.quorum() + " of the slot's configuration)";
  }

  /**
   * Replica {@code replica} (a correct one) now holds {@code proof}: a violation at once if a learner
   * would reject it, else null (what it names is compared with execution at the end of the run).
   */
  public Violation onHeld(int replica, CommitProof proof) {
    if (seen.add(new Seen(proof.slot(), proof.ballot(), proof.digest(), proof.signatures()))) {
      String bad = invalid(proof);
      if (bad != null) {
        return new Violation(Violation.CERTIFICATE, "replica " + replica + " holds a commit certificate for slot "
            + proof.slot() + " that a learner rejects: " + bad);
      }
      certified.computeIfAbsent(proof.slot(), s -> new HashSet<>()).add(proof.digest());
    } else if (!BatchDigest.of(proof.batch()).equals(proof.digest())) {
      return new Violation(Violation.CERTIFICATE, "replica " + replica + " holds a commit certificate for slot "
          + proof.slot() + " whose batch does not hash to its digest");
    }
    return null;
  }

  /** A correct replica executed {@code batch} at {@code slot}. */
  public void onExecuted(long slot, Batch batch) {
    if (certified.containsKey(slot) && !executed.containsKey(slot)) {
      executed.put(slot, BatchDigest.of(batch));
    }
  }

  /**
   * At the end of a run that broke nothing else: every valid certificate names what correct
   * replicas executed at its slot. (Checked last, so that a run in which replicas disagree is
   * reported as the agreement violation it is.)
   */
  public Violation finish() {
    for (var e : certified.entrySet()) {
      Digest32 done = executed.get(e.getKey());
      for (Digest32 d : e.getValue()) {
        if (done != null && !done.equals(d)) {
          return new Violation(Violation.CERTIFICATE, "a valid commit certificate for slot " + e.getKey()
              + " names batch " + d.shortHex() + ", correct replicas executed " + done.shortHex());
        }
      }
    }
    return null;
  }
}
