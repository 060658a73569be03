package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each rejection reason on hand-made certificates, and the documented check order. */
class CertificateVerifierTest {
    private static final CertificateVerifier V = CertificateVerifier.direct();
    /** n = 4, f = 1, q = 3. */
    private final TestCluster c = new TestCluster(Ed25519Scheme.INSTANCE, 9, List.of(0, 1, 2, 3), List.of(0, 100));
    private final byte[] commit = commit(5, 17);

    private static byte[] commit(long ballot, long slot) {
        return StatementBytes.builder("bftpaxos/commit/v1").putLong(ballot).putLong(slot)
                .putDigest(Sha256.hash(new byte[] {1, 2, 3})).build();
    }

    private static Certificate with(Certificate cert, List<SignerSignature> sigs) {
        return new Certificate(cert.statement(), sigs);
    }

    private static void assertRejected(VerificationResult r, Reason reason, int signer) {
        assertFalse(r.isValid(), r.toString());
        assertEquals(reason, r.reason(), r.toString());
        assertEquals(OptionalInt.of(signer), r.signerId(), r.toString());
        assertTrue(r.detail().contains(String.valueOf(signer)), r.detail());
    }

    @Test
    void quorumOfDistinctValidSignaturesIsValid() {
        assertTrue(V.verify(c.certificate(commit, 0, 1, 2), c.replicas, 3).isValid());
        assertTrue(V.verify(c.certificate(commit, 3, 1, 0, 2), c.replicas, 3).isValid());
        VerificationResult valid = V.verify(c.certificate(commit, 2, 0, 1), c.replicas, 3);
        assertEquals(VerificationResult.valid(), valid);
        assertEquals(OptionalInt.empty(), valid.signerId());
        assertThrows(IllegalStateException.class, valid::reason);
    }

    @Test
    void tooFewSigners() {
        VerificationResult r = V.verify(c.certificate(commit, 0, 1), c.replicas, 3);
        assertEquals(Reason.TOO_FEW_SIGNERS, r.reason());
        assertEquals(OptionalInt.empty(), r.signerId());
        assertTrue(r.detail().contains("2 distinct signers, quorum is 3"), r.detail());
        assertEquals(Reason.TOO_FEW_SIGNERS, V.verify(new Certificate(commit, List.of()), c.replicas, 1).reason());
        assertEquals(Reason.TOO_FEW_SIGNERS, V.verify(c.certificate(commit, 0, 1, 2, 3), c.replicas, 5).reason());
    }

    @Test
    void duplicateSigner() {
        Certificate good = c.certificate(commit, 0, 1, 2);
        List<SignerSignature> sigs = new ArrayList<>(good.signatures());
        sigs.add(sigs.get(1)); // 1, 0, 1, 2 would also count 3 "signers"
        assertRejected(V.verify(with(good, sigs), c.replicas, 3), Reason.DUPLICATE_SIGNER, 1);
        // Two entries for signer 0 with different (even both valid-length) signatures.
        List<SignerSignature> twoOf0 = List.of(sigs.get(0), sigs.get(1), new SignerSignature(0, new byte[64]));
        VerificationResult r = V.verify(with(good, twoOf0), c.replicas, 2);
        assertRejected(r, Reason.DUPLICATE_SIGNER, 0);
        assertTrue(r.detail().contains("positions 0 and 2"), r.detail());
    }

    @Test
    void unknownSigner() {
        Certificate good = c.certificate(commit, 0, 1, 2);
        List<SignerSignature> sigs = new ArrayList<>(good.signatures());
        // Replica 7 does not exist; its "signature" even verifies under a real key of someone else.
        sigs.add(0, new SignerSignature(7, c.replica(3).sign(commit)));
        assertRejected(V.verify(with(good, sigs), c.replicas, 3), Reason.UNKNOWN_SIGNER, 7);
        sigs.set(0, new SignerSignature(-1, new byte[64]));
        assertRejected(V.verify(with(good, sigs), c.replicas, 3), Reason.UNKNOWN_SIGNER, -1);
    }

    @Test
    void clientSignaturesNeverCountTowardAReplicaQuorum() {
        List<SignerSignature> sigs = new ArrayList<>(c.certificate(commit, 0, 1).signatures());
        sigs.add(SignerSignature.sign(c.clientSigners.get(100), commit));
        assertRejected(V.verify(new Certificate(commit, sigs), c.replicas, 3), Reason.UNKNOWN_SIGNER, 100);
        // Client 0 shares its id with replica 0, but its key is not replica 0's.
        List<SignerSignature> sigs2 = new ArrayList<>(c.certificate(commit, 1, 2).signatures());
        sigs2.add(SignerSignature.sign(c.clientSigners.get(0), commit));
        assertRejected(V.verify(new Certificate(commit, sigs2), c.replicas, 3), Reason.BAD_SIGNATURE, 0);
    }

    @Test
    void badSignature() {
        Certificate good = c.certificate(commit, 0, 1, 2);
        List<SignerSignature> sigs = new ArrayList<>(good.signatures());
        byte[] s1 = sigs.get(1).signature();
        s1[10] ^= 4;
        sigs.set(1, new SignerSignature(1, s1));
        assertRejected(V.verify(with(good, sigs), c.replicas, 3), Reason.BAD_SIGNATURE, 1);
    }

    @Test
    void signatureOverAnotherStatementIsBad() {
        // Replica 2 signed COMMIT for another slot: it does not count for this one.
        List<SignerSignature> sigs = new ArrayList<>(c.certificate(commit, 0, 1).signatures());
        sigs.add(SignerSignature.sign(c.replica(2), commit(5, 18)));
        assertRejected(V.verify(new Certificate(commit, sigs), c.replicas, 3), Reason.BAD_SIGNATURE, 2);
        byte[] changed = commit.clone();
        changed[changed.length - 1] ^= 1;
        assertRejected(V.verify(new Certificate(changed, c.certificate(commit, 3, 1, 2).signatures()), c.replicas, 3),
                Reason.BAD_SIGNATURE, 3);
    }

    @Test
    void badSignatureBeyondTheQuorumStillRejects() {
        List<SignerSignature> sigs = new ArrayList<>(c.certificate(commit, 0, 1, 2).signatures());
        sigs.add(new SignerSignature(3, new byte[64]));
        assertRejected(V.verify(new Certificate(commit, sigs), c.replicas, 3), Reason.BAD_SIGNATURE, 3);
    }

    @Test
    void malformedSignatureLength() {
        List<SignerSignature> sigs = new ArrayList<>(c.certificate(commit, 0, 1, 2).signatures());
        sigs.set(2, new SignerSignature(2, Arrays.copyOf(sigs.get(2).signature(), 63)));
        VerificationResult r = V.verify(new Certificate(commit, sigs), c.replicas, 3);
        assertRejected(r, Reason.MALFORMED, 2);
        assertTrue(r.detail().contains("63 bytes, expected 64"), r.detail());
    }

    @Test
    void checkOrderDecidesTheReason() {
        List<SignerSignature> good = c.certificate(commit, 0, 1, 2).signatures();
        SignerSignature bad0 = new SignerSignature(0, new byte[64]);
        SignerSignature bad1 = new SignerSignature(1, new byte[64]);
        SignerSignature short2 = new SignerSignature(2, new byte[3]);
        SignerSignature dup0 = good.get(0);
        SignerSignature unknown9 = new SignerSignature(9, new byte[64]);

        // MALFORMED before DUPLICATE, UNKNOWN, TOO_FEW and BAD.
        assertEquals(Reason.MALFORMED, V.verify(new Certificate(commit, List.of(bad0, dup0, unknown9, short2)), c.replicas, 9).reason());
        // DUPLICATE before UNKNOWN, TOO_FEW and BAD.
        assertEquals(Reason.DUPLICATE_SIGNER, V.verify(new Certificate(commit, List.of(unknown9, bad0, dup0)), c.replicas, 9).reason());
        // UNKNOWN before TOO_FEW and BAD.
        assertEquals(Reason.UNKNOWN_SIGNER, V.verify(new Certificate(commit, List.of(bad0, unknown9)), c.replicas, 9).reason());
        // TOO_FEW before BAD: a short certificate costs no signature verification.
        assertEquals(Reason.TOO_FEW_SIGNERS, V.verify(new Certificate(commit, List.of(bad0, bad1)), c.replicas, 3).reason());
        // Within a check, the first offender in list order is reported.
        assertRejected(V.verify(new Certificate(commit, List.of(good.get(2), bad1, bad0)), c.replicas, 3), Reason.BAD_SIGNATURE, 1);
        assertRejected(V.verify(new Certificate(commit, List.of(bad1, bad0, good.get(2))), c.replicas, 3), Reason.BAD_SIGNATURE, 1);
    }

    @Test
    void quorumMustBePositive() {
        Certificate cert = c.certificate(commit, 0, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> V.verify(cert, c.replicas, 0));
        assertThrows(IllegalArgumentException.class, () -> new CachingCertificateVerifier().verify(cert, c.replicas, -1));
    }

    @Test
    void certificateIsAnImmutableValue() {
        Certificate a = c.certificate(commit, 0, 1, 2);
        Certificate b = new Certificate(commit.clone(), new ArrayList<>(a.signatures()));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        byte[] st = a.statement();
        st[0] ^= 1;
        assertEquals(b, a);
        assertThrows(UnsupportedOperationException.class, () -> a.signatures().add(a.signatures().get(0)));
        byte[] sig = a.signatures().get(0).signature();
        sig[0] ^= 1;
        assertTrue(V.verify(a, c.replicas, 3).isValid());
        assertTrue(a.toString().contains("bftpaxos/commit/v1"), a.toString());
        assertEquals(3, a.size());
    }
}
