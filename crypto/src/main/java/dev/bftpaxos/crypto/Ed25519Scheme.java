package dev.bftpaxos.crypto;

import java.security.MessageDigest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032, pure variant, no context) on BouncyCastle's low-level
 * {@code org.bouncycastle.math.ec.rfc8032.Ed25519}.
 *
 * <p>Exists as the real signature scheme for the Byzantine mode: replicas, clients and offline
 * certificate checkers use it.
 *
 * <p><b>Why BouncyCastle and not the JDK provider.</b> BouncyCastle is an order of magnitude
 * faster. A quick single-thread loop over 64-byte statements on the project's 2-core machine
 * (while other builds were running, so absolute figures are low) gave BouncyCastle about 17 k
 * signatures/s and 11 k verifications/s, the JDK 17 {@code SunEC} provider about 1.0-1.4 k/s for
 * both: 8-17x. {@code shared/design/measured.md} has uncontended JMH figures with the same ratio
 * (BouncyCastle 44.7 k sign, 17-19 k verify; JDK 2.3-2.4 k). Verification is the Byzantine
 * mode's main CPU cost, so that factor is its throughput ceiling. The low-level API also avoids
 * JCA provider lookups and per-call key objects: the signer keeps its public key, so signing
 * does not re-derive it (about 20% faster), and {@link #verifierFor(byte[])} decodes and
 * validates each public point once.
 *
 * <p>Private keys are the 32-byte RFC 8032 secret (seed); public keys the 32-byte encoded point;
 * signatures 64 bytes. Public keys must pass BouncyCastle's full validation (on the curve, in
 * the prime-order subgroup, not small order), so a faulty member cannot register a weak key
 * under which one signature verifies for many statements. Ed25519 implementations disagree on
 * some edge-case signatures (non-canonical encodings, small-order components), and a
 * certificate that one correct replica accepts must be accepted by all; so every node verifies
 * with this one implementation, never a mix. Stateless and thread-safe.
 */
public final class Ed25519Scheme implements SignatureScheme {
    /** The scheme's name in key files and configurations. */
    public static final String NAME = "ed25519";
    /** Private key (RFC 8032 secret) length. */
    public static final int PRIVATE_KEY_LENGTH = Ed25519.SECRET_KEY_SIZE;
    /** Encoded public key length. */
    public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;
    /** Signature length. */
    public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

    /** A shared instance; the scheme holds no state, so one is enough. */
    public static final Ed25519Scheme INSTANCE = new Ed25519Scheme();

    /** Prefer {@link #INSTANCE}; instances are interchangeable. */
    public Ed25519Scheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int privateKeyLength() {
        return PRIVATE_KEY_LENGTH;
    }

    @Override
    public int publicKeyLength() {
        return PUBLIC_KEY_LENGTH;
    }

    @Override
    public int signatureLength() {
        return SIGNATURE_LENGTH;
    }

    @Override
    public KeyPair keyPairFromPrivateKey(byte[] privateKey) {
        checkLength("private key", privateKey, PRIVATE_KEY_LENGTH);
        byte[] pk = new byte[PUBLIC_KEY_LENGTH];
        Ed25519.generatePublicKey(privateKey, 0, pk, 0);
        return new KeyPair(NAME, privateKey, pk);
    }

    @Override
    public Signer signer(int signerId, KeyPair keys) {
        if (!NAME.equals(keys.schemeName())) {
            throw new IllegalArgumentException("key pair is for scheme " + keys.schemeName() + ", not " + NAME);
        }
        byte[] sk = keys.privateKey();
        byte[] pk = keys.publicKey();
        checkLength("private key", sk, PRIVATE_KEY_LENGTH);
        checkLength("public key", pk, PUBLIC_KEY_LENGTH);
        if (!MessageDigest.isEqual(pk, keyPairFromPrivateKey(sk).publicKey())) {
            throw new IllegalArgumentException("public key does not match the private key");
        }
        return new Ed25519KeySigner(signerId, sk, pk);
    }

    @Override
    public KeyVerifier verifierFor(byte[] publicKey) {
        checkLength("public key", publicKey, PUBLIC_KEY_LENGTH);
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (point == null) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (fails full point validation)");
        }
        return (statement, signature) -> signature.length == SIGNATURE_LENGTH
                && Ed25519.verify(signature, 0, point, statement, 0, statement.length);
    }

    @Override
    public String toString() {
        return NAME;
    }

    private static void checkLength(String what, byte[] bytes, int expected) {
        if (bytes.length != expected) {
            throw new IllegalArgumentException(NAME + " " + what + " must be " + expected + " bytes, got " + bytes.length);
        }
    }
}
