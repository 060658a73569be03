package dev.bftpaxos.crypto;

/**
 * The signing capability of exactly one member: it signs as {@link #signerId()} and as nobody
 * else.
 *
 * <p>Exists so that node code, including deliberately faulty node code in the simulator, can be
 * handed the power to sign its own statements without being handed anything that could sign for
 * another member. Implementations hold only their own member's secret and expose no way to read
 * it or any other member's secret. Implementations are thread-safe.
 */
public interface Signer {
    /** The member id this signer signs as. */
    int signerId();

    /** Name of the {@link SignatureScheme} whose signatures this produces. */
    String schemeName();

    /**
     * Signs {@code statement}, which should come from {@link StatementBytes#builder(String)}.
     *
     * @return a fresh signature of the scheme's fixed length
     */
    byte[] sign(byte[] statement);
}
