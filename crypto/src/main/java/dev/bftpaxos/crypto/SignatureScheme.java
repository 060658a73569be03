package dev.bftpaxos.crypto;

import java.security.SecureRandom;

/**
 * A pluggable signature scheme: key generation, signers and per-key verifiers.
 *
 * <p>Exists so the protocol is written once against this interface and run either with real
 * Ed25519 signatures ({@link Ed25519Scheme}) or, inside the simulator, with a much faster scheme
 * that faulty nodes still cannot forge ({@link FastSimScheme}). Implementations do no I/O, start
 * no threads and read no clocks; their only randomness is what the caller passes in.
 */
public interface SignatureScheme {
    /** Tag for {@link #generate(long, Role, int)}'s key derivation. */
    String SIMULATION_KEY_TAG = "bftpaxos/simulation-key/v1";

    /** Stable name, written into key files and configurations, e.g. {@code "ed25519"}. */
    String name();

    /** Length of a private key in bytes. */
    int privateKeyLength();

    /** Length of a public key in bytes. */
    int publicKeyLength();

    /** Length of every signature in bytes. */
    int signatureLength();

    /**
     * The key pair whose private key is {@code privateKey} (deterministic: the public key is
     * derived from it).
     *
     * @throws IllegalArgumentException if the private key has the wrong length
     */
    KeyPair keyPairFromPrivateKey(byte[] privateKey);

    /** A fresh key pair whose private key is drawn from {@code random}. */
    default KeyPair generate(SecureRandom random) {
        byte[] sk = new byte[privateKeyLength()];
        random.nextBytes(sk);
        return keyPairFromPrivateKey(sk);
    }

    /**
     * A key pair derived deterministically from a simulation seed and a member, so a simulated
     * cluster's keys are reproducible from the run's seed. The private key is SHA-256 over the
     * canonical statement {@code (SIMULATION_KEY_TAG, scheme name, seed, role, memberId, block)}
     * for blocks 0, 1, ... until enough bytes exist.
     *
     * <p>Anyone who knows the seed can derive every member's private key, so the seed must never
     * be given to faulty-node code, and these keys are for simulations and tests only.
     */
    default KeyPair generate(long simulationSeed, Role role, int memberId) {
        byte[] sk = new byte[privateKeyLength()];
        for (int block = 0, filled = 0; filled < sk.length; block++, filled += Digest32.LENGTH) {
            byte[] statement = StatementBytes.builder(SIMULATION_KEY_TAG)
                    .putString(name())
                    .putLong(simulationSeed)
                    .putString(role.fileName())
                    .putInt(memberId)
                    .putInt(block)
                    .build();
            byte[] h = Sha256.hash(statement).toBytes();
            System.arraycopy(h, 0, sk, filled, Math.min(h.length, sk.length - filled));
        }
        return keyPairFromPrivateKey(sk);
    }

    /**
     * The signing capability for member {@code signerId} holding {@code keys}.
     *
     * @throws IllegalArgumentException if the keys belong to another scheme, have the wrong
     *     length, or the public key does not match the private key
     */
    Signer signer(int signerId, KeyPair keys);

    /**
     * A verifier for signatures under {@code publicKey}.
     *
     * @throws IllegalArgumentException if the key is malformed or unusable with this scheme
     */
    KeyVerifier verifierFor(byte[] publicKey);
}
