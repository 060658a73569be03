package dev.bftpaxos.crypto;

import java.util.Arrays;
import java.util.List;

/**
 * Signatures by several members over one statement, e.g. a quorum of COMMIT signatures.
 *
 * <p>Exists because the Byzantine protocol's proofs (accept, commit, checkpoint and reply
 * certificates) all have this shape: one canonical statement ({@link StatementBytes}) and a list
 * of {@link SignerSignature}s on exactly those bytes. Because there is only one statement, a
 * certificate cannot mix signatures over different statements. Whether it is valid for a given
 * key set and quorum is decided by a {@link CertificateVerifier}; constructing one checks
 * nothing. Immutable; equality is by content (statement and signatures in order).
 */
public final class Certificate {
    private final byte[] statement;
    private final List<SignerSignature> signatures;

    /** A certificate over a copy of {@code statement}. */
    public Certificate(byte[] statement, List<SignerSignature> signatures) {
        this.statement = statement.clone();
        this.signatures = List.copyOf(signatures);
    }

    /** A copy of the signed statement bytes. */
    public byte[] statement() {
        return statement.clone();
    }

    /** The statement array itself, for verifiers in this package that only read it. */
    byte[] statementRef() {
        return statement;
    }

    /** The signatures, in the order given; unmodifiable. */
    public List<SignerSignature> signatures() {
        return signatures;
    }

    /** The number of signatures (duplicates included). */
    public int size() {
        return signatures.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Certificate c && Arrays.equals(statement, c.statement) && signatures.equals(c.signatures);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(statement) + signatures.hashCode();
    }

    @Override
    public String toString() {
        String tag;
        try {
            tag = StatementBytes.tagOf(statement);
        } catch (IllegalArgumentException e) {
            tag = "untagged";
        }
        StringBuilder ids = new StringBuilder();
        for (SignerSignature s : signatures) {
            ids.append(ids.length() == 0 ? "" : ",").append(s.signerId());
        }
        return "Certificate[" + tag + ", " + statement.length + " bytes, signers " + ids + "]";
    }
}
