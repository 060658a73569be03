package dev.bftpaxos.crypto;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * The {@link Verifier} for one {@link Role} of a {@link PublicConfiguration}: the public keys of
 * all replicas, or of all clients, decoded once and ready to verify.
 *
 * <p>Exists so each public key is parsed and validated once per configuration (at construction,
 * failing loudly on a bad key) rather than on every signature, and so that replica signatures and
 * client signatures are checked against separate rings: a certificate verified against the
 * replica ring can never count a client's signature. Immutable and thread-safe; it exposes
 * verification results only, never key material.
 */
public final class PublicKeyRing implements Verifier {
    /** Tag of the statement whose SHA-256 is {@link #ringId()}. */
    public static final String RING_TAG = "bftpaxos/key-ring/v1";

    private final PublicConfiguration configuration;
    private final Role role;
    private final int signatureLength;
    private final Map<Integer, KeyVerifier> verifiers;
    private final Digest32 ringId;

    /**
     * The ring of every {@code role} member of {@code configuration}, verified with {@code scheme}.
     *
     * @throws IllegalArgumentException if the configuration is for another scheme, or a member's
     *     key has the wrong length or is rejected by the scheme (the message names the member)
     */
    public PublicKeyRing(PublicConfiguration configuration, Role role, SignatureScheme scheme) {
        if (!scheme.name().equals(configuration.schemeName())) {
            throw new IllegalArgumentException("configuration " + configuration.configId().shortHex() + " uses scheme "
                    + configuration.schemeName() + ", not " + scheme.name());
        }
        this.configuration = configuration;
        this.role = role;
        this.signatureLength = scheme.signatureLength();
        Map<Integer, KeyVerifier> m = new HashMap<>();
        for (int id : configuration.ids(role)) {
            byte[] pk = configuration.publicKey(role, id);
            if (pk.length != scheme.publicKeyLength()) {
                throw new IllegalArgumentException(role.fileName() + " " + id + ": public key is " + pk.length
                        + " bytes, " + scheme.name() + " needs " + scheme.publicKeyLength());
            }
            try {
                m.put(id, scheme.verifierFor(pk));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(role.fileName() + " " + id + ": " + e.getMessage(), e);
            }
        }
        this.verifiers = Map.copyOf(m);
        this.ringId = Sha256.hash(StatementBytes.builder(RING_TAG)
                .putDigest(configuration.configId())
                .putString(role.fileName())
                .build());
    }

    /** The ring of the configuration's replicas: the signers certificates count. */
    public static PublicKeyRing replicas(PublicConfiguration configuration, SignatureScheme scheme) {
        return new PublicKeyRing(configuration, Role.REPLICA, scheme);
    }

    /** The ring of the configuration's clients: the signers of requests. */
    public static PublicKeyRing clients(PublicConfiguration configuration, SignatureScheme scheme) {
        return new PublicKeyRing(configuration, Role.CLIENT, scheme);
    }

    /** The configuration this ring was built from. */
    public PublicConfiguration configuration() {
        return configuration;
    }

    /** Which members of the configuration this ring holds. */
    public Role role() {
        return role;
    }

    /** SHA-256 of (RING_TAG, configuration id, role). */
    @Override
    public Digest32 ringId() {
        return ringId;
    }

    @Override
    public boolean isMember(int signerId) {
        return verifiers.containsKey(signerId);
    }

    @Override
    public SortedSet<Integer> memberIds() {
        return configuration.ids(role);
    }

    @Override
    public int signatureLength() {
        return signatureLength;
    }

    @Override
    public boolean verify(int signerId, byte[] statement, byte[] signature) {
        KeyVerifier v = verifiers.get(signerId);
        return v != null && signature.length == signatureLength && v.verify(statement, signature);
    }

    @Override
    public String toString() {
        return "PublicKeyRing[" + configuration.configId().shortHex() + ", " + configuration.schemeName() + ", "
                + verifiers.size() + " " + role.fileName() + "s]";
    }
}
