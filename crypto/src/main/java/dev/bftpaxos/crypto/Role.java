package dev.bftpaxos.crypto;

import java.util.Locale;

/**
 * Whether a configuration member is a replica or a client.
 *
 * <p>Exists because replicas and clients have separate id spaces and separate trust: only
 * replicas may count towards a quorum certificate, while clients only sign their own requests.
 * Keeping them apart in {@link PublicConfiguration} means a client key can never be counted as a
 * replica's signature, whatever ids the two happen to use.
 */
public enum Role {
    /** A replica: acceptor, learner, proposer when it leads. */
    REPLICA,
    /** A client: signs requests, collects replies. */
    CLIENT;

    /** Lower-case name used in key files ({@code "replica"}, {@code "client"}). */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Inverse of {@link #fileName()}. */
    public static Role fromFileName(String name) {
        for (Role r : values()) {
            if (r.fileName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + name + "\" (expected \"replica\" or \"client\")");
    }
}
