package dev.bftpaxos.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key, ready to MAC from any thread.
 *
 * <p>Package-private building block of {@link FastSimScheme}. Keeps an initialized prototype
 * {@link Mac} and clones it per call, which is far cheaper than a provider lookup plus key setup
 * and needs no locking (the prototype is never updated). There is deliberately no accessor for
 * the key.
 */
final class HmacSha256Key {
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac prototype;
    private final boolean cloneable;

    HmacSha256Key(byte[] key) {
        this.prototype = newMac(key);
        this.cloneable = canClone(prototype);
    }

    /** The full 32-byte HMAC-SHA256 of {@code data}. */
    byte[] mac(byte[] data) {
        Mac mac;
        if (cloneable) {
            try {
                mac = (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        } else {
            synchronized (prototype) {
                return prototype.doFinal(data);
            }
        }
        return mac.doFinal(data);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must provide " + ALGORITHM, e);
        }
    }

    private static boolean canClone(Mac mac) {
        try {
            mac.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HmacSha256Key[hidden]";
    }
}
