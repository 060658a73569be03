package dev.bftpaxos.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fast signature scheme for the deterministic simulator: HMAC-SHA256 under each member's
 * secret, checked by a trusted oracle that knows every secret.
 *
 * <p>Exists because Ed25519 verification (tens of microseconds) would dominate simulated runs
 * that step millions of messages, while the simulator still needs the one property the
 * Byzantine protocol relies on: <em>a faulty node cannot produce a signature that verifies as
 * another member's</em>.
 *
 * <ul>
 *   <li>A member's private key is a random 32-byte secret. Its "public key" is the commitment
 *       {@code SHA-256(statement(PUBLIC_KEY_TAG, secret))}, safe to publish in a
 *       {@link PublicConfiguration}.
 *   <li>A signature is HMAC-SHA256(secret, statement) truncated to {@value #SIGNATURE_LENGTH}
 *       bytes (128 bits: forging one without the secret means guessing a 128-bit value).
 *   <li>This instance is the verification oracle. Every key pair made through it (generated,
 *       or rebuilt from a private key) registers its secret under its commitment, and
 *       {@link #verifierFor(byte[])} returns a verifier that recomputes the HMAC with the
 *       registered secret.
 * </ul>
 *
 * <p><b>Only sound inside the simulator.</b> HMAC is symmetric: whoever can verify can sign. The
 * scheme is safe only where faulty code is given nothing but its own {@link Signer} and
 * verifiers, never this object's secrets: {@link Signer}s made here hold only their own secret
 * and no reference to this oracle; the oracle, its per-key verifiers and {@link PublicKeyRing}
 * expose verification results only, never a secret. (That holds for ordinary Java code in
 * another package; reflection is out of scope.) A real deployment, where a process could read
 * its own memory, must use {@link Ed25519Scheme}. A verifier can only be made for keys this
 * instance has seen, so one simulated cluster uses one instance for all its members.
 *
 * <p>No I/O, threads or clocks. Thread-safe.
 */
public final class FastSimScheme implements SignatureScheme {
    /** The scheme's name in configurations. */
    public static final String NAME = "fastsim-hmac-sha256-128";
    /** Secret length. */
    public static final int PRIVATE_KEY_LENGTH = 32;
    /** Commitment length. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Truncated HMAC length. */
    public static final int SIGNATURE_LENGTH = 16;
    /** Tag of the statement whose SHA-256 is a secret's commitment (the public key). */
    public static final String PUBLIC_KEY_TAG = "bftpaxos/fastsim-public-key/v1";

    /** Secret per public key (commitment); the oracle's whole state. Never exposed. */
    private final ConcurrentHashMap<Digest32, HmacSha256Key> oracle = new ConcurrentHashMap<>();

    /** A new oracle that knows no keys yet. */
    public FastSimScheme() {
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

    /** Derives the commitment and registers the secret with this oracle. */
    @Override
    public KeyPair keyPairFromPrivateKey(byte[] privateKey) {
        checkLength("private key", privateKey, PRIVATE_KEY_LENGTH);
        byte[] secret = privateKey.clone();
        Digest32 commitment = commitment(secret);
        // An existing entry under the same commitment holds the same secret (SHA-256 is
        // collision resistant), so it is kept, never overwritten.
        oracle.computeIfAbsent(commitment, c -> new HmacSha256Key(secret));
        return new KeyPair(NAME, secret, commitment.toBytes());
    }

    @Override
    public Signer signer(int signerId, KeyPair keys) {
        if (!NAME.equals(keys.schemeName())) {
            throw new IllegalArgumentException("key pair is for scheme " + keys.schemeName() + ", not " + NAME);
        }
        byte[] secret = keys.privateKey();
        checkLength("private key", secret, PRIVATE_KEY_LENGTH);
        byte[] claimed = keys.publicKey();
        if (!MessageDigest.isEqual(claimed, keyPairFromPrivateKey(secret).publicKey())) {
            throw new IllegalArgumentException("public key does not match the private key");
        }
        return new FastSimSigner(signerId, new HmacSha256Key(secret));
    }

    /**
     * A verifier backed by the secret registered for {@code publicKey}.
     *
     * @throws IllegalArgumentException if no key pair with that public key was made through this
     *     instance
     */
    @Override
    public KeyVerifier verifierFor(byte[] publicKey) {
        checkLength("public key", publicKey, PUBLIC_KEY_LENGTH);
        HmacSha256Key key = oracle.get(Digest32.of(publicKey));
        if (key == null) {
            throw new IllegalArgumentException("public key " + Digest32.of(publicKey).shortHex()
                    + "... was not generated by this " + NAME + " oracle (the fast scheme only works inside one simulation)");
        }
        return (statement, signature) -> signature.length == SIGNATURE_LENGTH
                && MessageDigest.isEqual(signature, truncate(key.mac(statement)));
    }

    @Override
    public String toString() {
        return NAME + "[oracle, " + oracle.size() + " keys]";
    }

    static byte[] truncate(byte[] mac) {
        return Arrays.copyOf(mac, SIGNATURE_LENGTH);
    }

    private static Digest32 commitment(byte[] secret) {
        return Sha256.hash(StatementBytes.builder(PUBLIC_KEY_TAG).putBytes(secret).build());
    }

    private static void checkLength(String what, byte[] bytes, int expected) {
        if (bytes.length != expected) {
            throw new IllegalArgumentException(NAME + " " + what + " must be " + expected + " bytes, got " + bytes.length);
        }
    }
}
