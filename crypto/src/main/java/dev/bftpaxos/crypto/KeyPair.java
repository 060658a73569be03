package dev.bftpaxos.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One member's private and public key for a named {@link SignatureScheme}, as raw bytes.
 *
 * <p>Exists to carry key material between key generation, key files and
 * {@link SignatureScheme#signer(int, KeyPair)}. It is deliberately inert: it cannot sign. Code
 * that must sign receives a {@link Signer}, never a {@code KeyPair}; in particular, faulty-node
 * code in the simulator must only ever see its own {@code Signer}. Arrays are copied in and out;
 * {@link #toString()} never prints the private key.
 */
public final class KeyPair {
    private final String schemeName;
    private final byte[] privateKey;
    private final byte[] publicKey;

    /** A key pair; the scheme checks that the halves match when a signer is made from it. */
    public KeyPair(String schemeName, byte[] privateKey, byte[] publicKey) {
        this.schemeName = Objects.requireNonNull(schemeName, "schemeName");
        this.privateKey = privateKey.clone();
        this.publicKey = publicKey.clone();
    }

    /** Name of the scheme these keys belong to. */
    public String schemeName() {
        return schemeName;
    }

    /** A copy of the private key bytes. Handle with care. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** A copy of the public key bytes. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPair k && schemeName.equals(k.schemeName)
                && Arrays.equals(privateKey, k.privateKey) && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * schemeName.hashCode() + Arrays.hashCode(publicKey);
    }

    /** Scheme and public key only. */
    @Override
    public String toString() {
        return "KeyPair[" + schemeName + ", public=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
