package dev.bftpaxos.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 returning {@link Digest32} values.
 *
 * <p>Exists so that every digest in the system (batch digests, configuration ids, cache keys) is
 * computed one way, by the JDK's implementation, which uses the CPU's SHA instructions where it
 * has them. Stateless and safe to call from any thread.
 */
public final class Sha256 {
    private Sha256() {
    }

    /** SHA-256 of all of {@code data}. */
    public static Digest32 hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** SHA-256 of {@code data[offset .. offset+length)}. */
    public static Digest32 hash(byte[] data, int offset, int length) {
        MessageDigest md = newMessageDigest();
        md.update(data, offset, length);
        return Digest32.wrap(md.digest());
    }

    /** A fresh JDK SHA-256 {@link MessageDigest}, for callers that hash incrementally. */
    static MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
