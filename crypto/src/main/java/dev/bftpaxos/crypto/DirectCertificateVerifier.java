package dev.bftpaxos.crypto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link CertificateVerifier} that applies the documented checks in full on every call.
 *
 * <p>Package-private; obtained from {@link CertificateVerifier#direct()}. Stateless and
 * thread-safe.
 */
final class DirectCertificateVerifier implements CertificateVerifier {
    static final DirectCertificateVerifier INSTANCE = new DirectCertificateVerifier();

    private DirectCertificateVerifier() {
    }

    @Override
    public VerificationResult verify(Certificate certificate, Verifier members, int quorum) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1, got " + quorum);
        }
        List<SignerSignature> sigs = certificate.signatures();
        int expectedLength = members.signatureLength();

        for (int i = 0; i < sigs.size(); i++) {
            SignerSignature s = sigs.get(i);
            int len = s.signatureRef().length;
            if (len != expectedLength) {
                return VerificationResult.invalid(Reason.MALFORMED, s.signerId(), "signature " + i + " (signer "
                        + s.signerId() + ") is " + len + " bytes, expected " + expectedLength);
            }
        }

        Map<Integer, Integer> firstPosition = new HashMap<>();
        for (int i = 0; i < sigs.size(); i++) {
            int id = sigs.get(i).signerId();
            Integer earlier = firstPosition.putIfAbsent(id, i);
            if (earlier != null) {
                return VerificationResult.invalid(Reason.DUPLICATE_SIGNER, id,
                        "signer " + id + " appears at positions " + earlier + " and " + i);
            }
        }

        for (int i = 0; i < sigs.size(); i++) {
            int id = sigs.get(i).signerId();
            if (!members.isMember(id)) {
                return VerificationResult.invalid(Reason.UNKNOWN_SIGNER, id,
                        "signer " + id + " (position " + i + ") is not a member of key ring " + members.ringId().shortHex());
            }
        }

        if (sigs.size() < quorum) {
            return VerificationResult.invalid(Reason.TOO_FEW_SIGNERS,
                    sigs.size() + " distinct signers, quorum is " + quorum);
        }

        byte[] statement = certificate.statementRef();
        for (int i = 0; i < sigs.size(); i++) {
            SignerSignature s = sigs.get(i);
            if (!members.verify(s.signerId(), statement, s.signatureRef())) {
                return VerificationResult.invalid(Reason.BAD_SIGNATURE, s.signerId(),
                        "signature " + i + " (signer " + s.signerId() + ") does not verify over the statement");
            }
        }
        return VerificationResult.valid();
    }

    @Override
    public String toString() {
        return "CertificateVerifier.direct()";
    }
}
