package dev.bftpaxos.crypto;

import java.util.SortedSet;

/**
 * Checks signatures by the members of one fixed key set, identified by member id.
 *
 * <p>Exists as the single thing protocol code and {@link CertificateVerifier} need to check a
 * signature: "is this a valid signature of member {@code signerId} on these statement bytes?".
 * The usual implementation is {@link PublicKeyRing} over one {@link Role} of a
 * {@link PublicConfiguration}. Implementations are thread-safe, and never throw for bad input
 * (unknown signer, wrong signature length): the signature just does not verify.
 */
public interface Verifier {
    /**
     * Identifies the key set: two verifiers with equal ids give the same answer for every input.
     * Caches of verification results ({@link CachingCertificateVerifier}) key on it.
     */
    Digest32 ringId();

    /** Whether {@code signerId} is in this key set. */
    boolean isMember(int signerId);

    /** The member ids, ascending. */
    SortedSet<Integer> memberIds();

    /** The length every valid signature has. */
    int signatureLength();

    /** True iff {@code signerId} is a member and {@code signature} is its signature on {@code statement}. */
    boolean verify(int signerId, byte[] statement, byte[] signature);
}
