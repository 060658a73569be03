package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingCertificateVerifierTest {
    private final TestCluster c = TestCluster.of(new FastSimScheme(), 4);
    private final CountingCertificateVerifier counting = new CountingCertificateVerifier();

    private byte[] statement(long slot) {
        return StatementBytes.builder("bftpaxos/commit/v1").putLong(1).putLong(slot).build();
    }

    @Test
    void validCertificateIsVerifiedOnce() {
        CachingCertificateVerifier cache = new CachingCertificateVerifier(counting, 16);
        Certificate cert = c.certificate(statement(1), 0, 1, 2);
        for (int i = 0; i < 5; i++) {
            // A fresh but equal object each time, as if forwarded in another message.
            Certificate copy = new Certificate(cert.statement(), new ArrayList<>(cert.signatures()));
            assertTrue(cache.verify(copy, c.replicas, 3).isValid());
        }
        assertEquals(1, counting.calls);
        assertEquals(4, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(1, cache.size());
    }

    @Test
    void invalidCertificatesAreNotCached() {
        CachingCertificateVerifier cache = new CachingCertificateVerifier(counting, 16);
        Certificate cert = c.certificate(statement(1), 0, 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(Reason.TOO_FEW_SIGNERS, cache.verify(cert, c.replicas, 3).reason());
        }
        assertEquals(3, counting.calls);
        assertEquals(0, cache.hits());
        assertEquals(3, cache.misses());
        assertEquals(0, cache.size());
    }

    @Test
    void keyCoversQuorumRingAndEveryByte() {
        CachingCertificateVerifier cache = new CachingCertificateVerifier(counting, 16);
        Certificate cert = c.certificate(statement(1), 0, 1, 2);
        assertTrue(cache.verify(cert, c.replicas, 3).isValid());

        // Same certificate, stricter quorum: not answered from the cache.
        assertEquals(Reason.TOO_FEW_SIGNERS, cache.verify(cert, c.replicas, 4).reason());
        // Same certificate, another configuration whose members have other keys.
        TestCluster other = new TestCluster(c.scheme, 43, List.of(0, 1, 2, 3), List.of());
        assertEquals(Reason.BAD_SIGNATURE, cache.verify(cert, other.replicas, 3).reason());
        // One signature byte changed.
        List<SignerSignature> sigs = new ArrayList<>(cert.signatures());
        byte[] s = sigs.get(2).signature();
        s[0] ^= 1;
        sigs.set(2, new SignerSignature(2, s));
        assertEquals(Reason.BAD_SIGNATURE, cache.verify(new Certificate(cert.statement(), sigs), c.replicas, 3).reason());
        // Same signatures in another order: a different key (a miss), still valid.
        List<SignerSignature> reordered = new ArrayList<>(cert.signatures());
        java.util.Collections.reverse(reordered);
        assertTrue(cache.verify(new Certificate(cert.statement(), reordered), c.replicas, 3).isValid());

        assertEquals(0, cache.hits());
        assertEquals(5, counting.calls);
    }

    @Test
    void leastRecentlyUsedIsEvicted() {
        CachingCertificateVerifier cache = new CachingCertificateVerifier(counting, 2);
        Certificate a = c.certificate(statement(1), 0, 1, 2);
        Certificate b = c.certificate(statement(2), 0, 1, 2);
        Certificate d = c.certificate(statement(3), 0, 1, 2);
        cache.verify(a, c.replicas, 3);
        cache.verify(b, c.replicas, 3);
        cache.verify(a, c.replicas, 3); // hit; b is now least recently used
        cache.verify(d, c.replicas, 3); // evicts b
        assertEquals(2, cache.size());
        assertEquals(1, cache.hits());
        cache.verify(a, c.replicas, 3);
        assertEquals(2, cache.hits());
        cache.verify(b, c.replicas, 3);
        assertEquals(2, cache.hits(), "b was evicted");
        assertEquals(4, counting.calls);
        assertEquals(2, cache.capacity());
    }

    @Test
    void defaults() {
        assertEquals(65_536, CachingCertificateVerifier.DEFAULT_CAPACITY);
        CachingCertificateVerifier cache = new CachingCertificateVerifier();
        assertEquals(CachingCertificateVerifier.DEFAULT_CAPACITY, cache.capacity());
        assertThrows(IllegalArgumentException.class, () -> new CachingCertificateVerifier(counting, 0));
        assertTrue(cache.toString().contains("hits=0"), cache.toString());
    }
}
