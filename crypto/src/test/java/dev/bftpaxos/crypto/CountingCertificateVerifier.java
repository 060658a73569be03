package dev.bftpaxos.crypto;

/** Delegates to {@link CertificateVerifier#direct()} and counts calls, to observe what a cache passes through. */
final class CountingCertificateVerifier implements CertificateVerifier {
    int calls;

    @Override
    public VerificationResult verify(Certificate certificate, Verifier members, int quorum) {
        calls++;
        return CertificateVerifier.direct().verify(certificate, members, quorum);
    }
}
