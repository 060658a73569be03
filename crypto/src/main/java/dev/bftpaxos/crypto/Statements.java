package dev.bftpaxos.crypto;

/**
 * The byte layout of every statement the protocol signs, in one place, so the replica, the client
 * and an offline verifier cannot disagree on what a signature covers. Each statement starts with
 * its own tag (domain separation) and the configuration id, so a signature from one cluster or
 * one kind of message is never valid as another. docs/CERTIFICATES.md restates these layouts for
 * outside verifiers; change a tag's version whenever its field list changes.
 */
public final class Statements {
    public static final String REQUEST = "bftpaxos/request/v1";
    public static final String BATCH = "bftpaxos/batch/v1";
    public static final String PROPOSE = "bftpaxos/propose/v1";
    public static final String ACCEPT = "bftpaxos/accept/v1";
    public static final String COMMIT = "bftpaxos/commit/v1";
    public static final String CHECKPOINT = "bftpaxos/checkpoint/v1";
    public static final String PROMISE = "bftpaxos/promise/v1";
    public static final String NEW_BALLOT = "bftpaxos/new-ballot/v1";
    public static final String REPLY = "bftpaxos/reply/v1";
    public static final String READ_REPLY = "bftpaxos/read-reply/v1";

    private Statements() {
    }

    /** What a client signs: {@code tag, configId, clientId, seq, op}. */
    public static byte[] request(Digest32 configId, long clientId, long seq, byte[] op) {
        return StatementBytes.builder(REQUEST).putDigest(configId).putLong(clientId).putLong(seq).putBytes(op).build();
    }

    /** A leader's proposal of the batch with digest {@code batch} for {@code slot} in {@code ballot}. */
    public static byte[] propose(Digest32 configId, long ballot, long slot, Digest32 batch) {
        return slotStatement(PROPOSE, configId, ballot, slot, batch);
    }

    /** An acceptor's vote; a correct acceptor signs at most one per {@code (ballot, slot)}. */
    public static byte[] accept(Digest32 configId, long ballot, long slot, Digest32 batch) {
        return slotStatement(ACCEPT, configId, ballot, slot, batch);
    }

    /** "I hold an accept certificate for this": a quorum of these makes a commit certificate. */
    public static byte[] commit(Digest32 configId, long ballot, long slot, Digest32 batch) {
        return slotStatement(COMMIT, configId, ballot, slot, batch);
    }

    /** The state after executing every slot up to {@code slot} has digest {@code state}. */
    public static byte[] checkpoint(Digest32 configId, long slot, Digest32 state) {
        return StatementBytes.builder(CHECKPOINT).putDigest(configId).putLong(slot).putDigest(state).build();
    }

    /** A promise for {@code ballot} whose reported contents hash to {@code contents}. */
    public static byte[] promise(Digest32 configId, long ballot, Digest32 contents) {
        return StatementBytes.builder(PROMISE).putDigest(configId).putLong(ballot).putDigest(contents).build();
    }

    /** A new leader's start of {@code ballot}, whose contents hash to {@code contents}. */
    public static byte[] newBallot(Digest32 configId, long ballot, Digest32 contents) {
        return StatementBytes.builder(NEW_BALLOT).putDigest(configId).putLong(ballot).putDigest(contents).build();
    }

    /** A replica's answer to a client. */
    public static byte[] reply(Digest32 configId, long clientId, long seq, long slot, byte[] result) {
        return StatementBytes.builder(REPLY).putDigest(configId).putLong(clientId).putLong(seq).putLong(slot)
                .putBytes(result).build();
    }

    /**
     * A replica's answer to a read outside the log: {@code kind} is the read kind's ordinal
     * (0 stale, 1 linearizable, 2 lease), {@code slot} the slot its state reflects.
     */
    public static byte[] readReply(Digest32 configId, long clientId, long readId, int kind, long slot, byte[] result) {
        return StatementBytes.builder(READ_REPLY).putDigest(configId).putLong(clientId).putLong(readId).putInt(kind)
                .putLong(slot).putBytes(result).build();
    }

    /**
     * Starts the digest of a batch: {@code tag, count}, then per request {@code clientId, seq, op,
     * signature}; the digest is SHA-256 of those bytes. An empty batch is the no-op.
     */
    public static BatchDigestBuilder batch(int count) {
        return new BatchDigestBuilder(count);
    }

    private static byte[] slotStatement(String tag, Digest32 configId, long ballot, long slot, Digest32 batch) {
        return StatementBytes.builder(tag).putDigest(configId).putLong(ballot).putLong(slot).putDigest(batch).build();
    }

    /** Accumulates a batch's requests in order; {@link #digest()} checks the count. */
    public static final class BatchDigestBuilder {
        private final StatementBuilder bytes;
        private final int expected;
        private int added;

        private BatchDigestBuilder(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("negative batch size " + count);
            }
            this.expected = count;
            this.bytes = StatementBytes.builder(BATCH).putInt(count);
        }

        public BatchDigestBuilder add(long clientId, long seq, byte[] op, byte[] signature) {
            added++;
            bytes.putLong(clientId).putLong(seq).putBytes(op).putBytes(signature);
            return this;
        }

        public Digest32 digest() {
            if (added != expected) {
                throw new IllegalStateException("batch declared " + expected + " requests, got " + added);
            }
            return Sha256.hash(bytes.build());
        }
    }
}
