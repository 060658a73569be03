package dev.bftpaxos.crypto;

/**
 * Why a {@link CertificateVerifier} rejected a certificate.
 *
 * <p>Exists so callers and tests can act on, count and assert the cause of a rejection rather
 * than parse text. {@link CertificateVerifier} documents the order in which the checks run, which
 * decides the reason reported when several apply.
 */
public enum Reason {
    /** A signature has the wrong length for the scheme. */
    MALFORMED,
    /** The same signer id appears more than once. */
    DUPLICATE_SIGNER,
    /** A signer id is not a member of the key set (configuration and role) verified against. */
    UNKNOWN_SIGNER,
    /** Fewer distinct signers than the quorum. */
    TOO_FEW_SIGNERS,
    /** A signature does not verify over the statement under its signer's key. */
    BAD_SIGNATURE
}
