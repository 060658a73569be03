package dev.bftpaxos.crypto;

import java.util.Objects;

/**
 * The content of one private key file: which member (role and id) the key pair belongs to.
 *
 * <p>Exists so a replica or client process can be started from its key file alone and learn who
 * it is. Turn it into a signing capability with {@link #signer(SignatureScheme)}.
 *
 * @param role whether the member is a replica or a client
 * @param id the member's id within its role, non-negative
 * @param keyPair the member's keys
 */
public record MemberKey(Role role, int id, KeyPair keyPair) {
    /** Checks the fields. */
    public MemberKey {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyPair, "keyPair");
        if (id < 0) {
            throw new IllegalArgumentException("member id must be non-negative, got " + id);
        }
    }

    /** The signer for this member. */
    public Signer signer(SignatureScheme scheme) {
        return scheme.signer(id, keyPair);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "MemberKey[" + role.fileName() + " " + id + ", " + keyPair + "]";
    }
}
