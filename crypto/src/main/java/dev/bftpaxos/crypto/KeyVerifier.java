package dev.bftpaxos.crypto;

/**
 * Verifies signatures made with one public key.
 *
 * <p>Exists so that a scheme can decode and validate a public key once (for Ed25519, point
 * decompression and subgroup checks) and then verify many signatures against it;
 * {@link PublicKeyRing} holds one per configuration member. Implementations are thread-safe and
 * never throw for bad input: any malformed signature simply does not verify.
 */
@FunctionalInterface
public interface KeyVerifier {
    /** True iff {@code signature} is a valid signature on {@code statement} under this key. */
    boolean verify(byte[] statement, byte[] signature);
}
