package dev.bftpaxos.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One member's signature inside a {@link Certificate}: who signed, and the signature bytes.
 *
 * <p>Exists because a certificate is a list of these over one statement. Immutable; equality is
 * by id and signature content.
 *
 * @param signerId the member claimed to have signed
 * @param signature the signature bytes (copied in and out)
 */
public record SignerSignature(int signerId, byte[] signature) {
    /** Copies the signature. */
    public SignerSignature {
        signature = signature.clone();
    }

    /** Signs {@code statement} with {@code signer}. */
    public static SignerSignature sign(Signer signer, byte[] statement) {
        return new SignerSignature(signer.signerId(), signer.sign(statement));
    }

    /** A copy of the signature bytes. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature array itself, for verifiers in this package that only read it. */
    byte[] signatureRef() {
        return signature;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignerSignature s && signerId == s.signerId && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * signerId + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(signature);
        return "SignerSignature[" + signerId + ", " + (hex.length() > 16 ? hex.substring(0, 16) + "..." : hex) + "]";
    }
}
