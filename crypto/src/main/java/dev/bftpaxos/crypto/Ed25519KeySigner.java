package dev.bftpaxos.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * {@link Signer} for {@link Ed25519Scheme}: holds one member's secret and public key.
 *
 * <p>Package-private so nothing outside the module can reach its fields; the only way in is
 * {@link Ed25519Scheme#signer(int, KeyPair)}, which checks the keys match. Passing the public key
 * to BouncyCastle saves re-deriving it (a scalar multiplication) on every signature.
 */
final class Ed25519KeySigner implements Signer {
    private final int signerId;
    private final byte[] secretKey;
    private final byte[] publicKey;

    Ed25519KeySigner(int signerId, byte[] secretKey, byte[] publicKey) {
        this.signerId = signerId;
        this.secretKey = secretKey.clone();
        this.publicKey = publicKey.clone();
    }

    @Override
    public int signerId() {
        return signerId;
    }

    @Override
    public String schemeName() {
        return Ed25519Scheme.NAME;
    }

    @Override
    public byte[] sign(byte[] statement) {
        byte[] sig = new byte[Ed25519Scheme.SIGNATURE_LENGTH];
        Ed25519.sign(secretKey, 0, publicKey, 0, statement, 0, statement.length, sig, 0);
        return sig;
    }

    @Override
    public String toString() {
        return "Ed25519Signer[" + signerId + "]";
    }
}
