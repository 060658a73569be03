package dev.bftpaxos.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CertificateVerifier} that remembers certificates it has found valid, so a certificate
 * forwarded many times (in promises, new-ballot messages, state transfer) has its signatures
 * checked once per replica.
 *
 * <p>Exists because certificate verification costs {@code q} signature verifications (tens of
 * microseconds each with Ed25519) and the Byzantine protocol re-sends the same certificates
 * often.
 *
 * <ul>
 *   <li>Only valid results are cached. An invalid certificate is verified again every time; its
 *       result therefore always comes from the delegate, and a cached entry can only ever
 *       reproduce {@link VerificationResult#valid()}, exactly what the delegate returned.
 *   <li>The key is the SHA-256 of the key set's {@link Verifier#ringId()}, the quorum, the
 *       statement and every (signer id, signature) in order: everything the outcome depends on.
 *       A certificate that differs in any byte, or is checked against another configuration,
 *       role or quorum, misses.
 *   <li>At most {@code capacity} entries (default {@value #DEFAULT_CAPACITY}, about 8 MiB), least
 *       recently used evicted first.
 *   <li>{@link #hits()} counts calls answered from the cache; {@link #misses()} counts calls
 *       passed to the delegate (including every invalid certificate).
 * </ul>
 * Thread-safe: the cache is guarded by this object's lock, which is never held while
 * signatures are verified.
 */
public final class CachingCertificateVerifier implements CertificateVerifier {
    /** Default bound on remembered certificates. */
    public static final int DEFAULT_CAPACITY = 65_536;
    /** Tag of the statement whose SHA-256 is a cache key. */
    public static final String CACHE_KEY_TAG = "bftpaxos/certificate-cache-key/v1";

    private final CertificateVerifier delegate;
    private final int capacity;
    private final LinkedHashMap<Digest32, Boolean> valid;
    private long hits;
    private long misses;

    /** A cache of {@value #DEFAULT_CAPACITY} entries over {@link CertificateVerifier#direct()}. */
    public CachingCertificateVerifier() {
        this(CertificateVerifier.direct(), DEFAULT_CAPACITY);
    }

    /** A cache of at most {@code capacity} (at least 1) entries over {@code delegate}. */
    public CachingCertificateVerifier(CertificateVerifier delegate, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.delegate = delegate;
        this.capacity = capacity;
        this.valid = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest32, Boolean> eldest) {
                return size() > CachingCertificateVerifier.this.capacity;
            }
        };
    }

    @Override
    public VerificationResult verify(Certificate certificate, Verifier members, int quorum) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1, got " + quorum);
        }
        Digest32 key = cacheKey(certificate, members, quorum);
        synchronized (this) {
            if (valid.get(key) != null) {
                hits++;
                return VerificationResult.valid();
            }
            misses++;
        }
        VerificationResult result = delegate.verify(certificate, members, quorum);
        if (result.isValid()) {
            synchronized (this) {
                valid.put(key, Boolean.TRUE);
            }
        }
        return result;
    }

    /** Calls answered from the cache. */
    public synchronized long hits() {
        return hits;
    }

    /** Calls passed to the delegate. */
    public synchronized long misses() {
        return misses;
    }

    /** Certificates currently remembered. */
    public synchronized int size() {
        return valid.size();
    }

    /** The bound on remembered certificates. */
    public int capacity() {
        return capacity;
    }

    static Digest32 cacheKey(Certificate certificate, Verifier members, int quorum) {
        List<SignerSignature> sigs = certificate.signatures();
        StatementBuilder b = StatementBytes.builder(CACHE_KEY_TAG)
                .putDigest(members.ringId())
                .putInt(quorum)
                .putBytes(certificate.statementRef())
                .putInt(sigs.size());
        for (SignerSignature s : sigs) {
            b.putInt(s.signerId()).putBytes(s.signatureRef());
        }
        return Sha256.hash(b.build());
    }

    @Override
    public synchronized String toString() {
        return "CachingCertificateVerifier[" + valid.size() + "/" + capacity + ", hits=" + hits + ", misses=" + misses + "]";
    }
}
