package dev.bftpaxos.crypto;

/**
 * {@link Signer} for {@link FastSimScheme}.
 *
 * <p>Package-private, and holds nothing but its id and its own member's MAC key: no reference to
 * the oracle or to any other member's secret, so faulty-node code given this signer can sign as
 * its own member and as no one else.
 */
final class FastSimSigner implements Signer {
    private final int signerId;
    private final HmacSha256Key key;

    FastSimSigner(int signerId, HmacSha256Key key) {
        this.signerId = signerId;
        this.key = key;
    }

    @Override
    public int signerId() {
        return signerId;
    }

    @Override
    public String schemeName() {
        return FastSimScheme.NAME;
    }

    @Override
    public byte[] sign(byte[] statement) {
        return FastSimScheme.truncate(key.mac(statement));
    }

    @Override
    public String toString() {
        return "FastSimSigner[" + signerId + "]";
    }
}
