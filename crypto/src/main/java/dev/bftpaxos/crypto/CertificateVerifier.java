package dev.bftpaxos.crypto;

/**
 * Decides whether a {@link Certificate} holds valid signatures by at least {@code quorum}
 * distinct members of a key set.
 *
 * <p>Exists so that every place that accepts a certificate (a replica receiving a commit
 * certificate, a new leader checking promises, a lagging replica checking state transfer, an
 * offline checker) applies the same rules and reports the same {@link Reason}.
 *
 * <p><b>Rules and check order.</b> A certificate is valid iff all of the following hold, and the
 * first failing check, in this order, decides the reason; within a check, signatures are examined
 * in list order and the first offending one is reported:
 * <ol>
 *   <li>{@link Reason#MALFORMED}: every signature has the key set's
 *       {@link Verifier#signatureLength()}.
 *   <li>{@link Reason#DUPLICATE_SIGNER}: no signer id appears twice (the second occurrence is
 *       reported).
 *   <li>{@link Reason#UNKNOWN_SIGNER}: every signer is a member of the key set.
 *   <li>{@link Reason#TOO_FEW_SIGNERS}: there are at least {@code quorum} signatures (after the
 *       checks above, that is {@code quorum} distinct members).
 *   <li>{@link Reason#BAD_SIGNATURE}: every signature, including any beyond the quorum,
 *       verifies over the statement under its signer's key.
 * </ol>
 * Structural checks come first so a certificate that cannot be valid costs no signature
 * verification, and the result never depends on timing or on a cache. A certificate carrying
 * extra signatures beyond the quorum is valid only if those verify too: a verifier never
 * silently ignores a bad signature.
 *
 * <p>What the statement says (ballot, slot, digest) is the caller's business: it must build the
 * statement bytes it expects and compare them with {@link Certificate#statement()}.
 */
public interface CertificateVerifier {
    /**
     * Verifies {@code certificate} against the key set {@code members}.
     *
     * @param quorum the number of distinct valid signers required, at least 1
     * @throws IllegalArgumentException if {@code quorum < 1}
     */
    VerificationResult verify(Certificate certificate, Verifier members, int quorum);

    /** The verifier that checks every certificate in full, every time. Stateless. */
    static CertificateVerifier direct() {
        return DirectCertificateVerifier.INSTANCE;
    }
}
