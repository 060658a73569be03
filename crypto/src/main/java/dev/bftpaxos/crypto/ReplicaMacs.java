package dev.bftpaxos.crypto;

import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One replica's side of the {@code macs} client authentication. As a {@link Verifier} of clients it
 * accepts a request's authenticator when this replica's own entry is the tag under the key it
 * shares with the client, so it drops in where the client key ring would check a signature. It also
 * tags replies for a client ({@link #tagReply}).
 *
 * <p>Unlike a signature, an authenticator proves nothing to a third party, and a client can make
 * one that only some replicas accept; docs/BENCHMARKS.md ("Client authentication") says what that
 * costs. Keys are derived per client on first use and kept; only clients of the public
 * configuration are members, so the cache holds at most one key per configured client.
 */
public final class ReplicaMacs implements Verifier {
    private final int replica;
    private final int replicas;
    private final Digest32 configId;
    private final byte[] secret;
    private final SortedSet<Integer> clients;
    private final Digest32 ringId;
    private final ConcurrentHashMap<Integer, HmacSha256Key> keys = new ConcurrentHashMap<>();

    /**
     * @param replica this replica's id (its entry in each authenticator)
     * @param replicas how many replicas an authenticator has entries for
     * @param own this replica's signing keys, from which its MAC secret is derived
     */
    public ReplicaMacs(PublicConfiguration configuration, int replica, int replicas, KeyPair own) {
        if (replica < 0 || replica >= replicas) {
            throw new IllegalArgumentException("replica " + replica + " outside 0.." + (replicas - 1));
        }
        this.replica = replica;
        this.replicas = replicas;
        this.configId = configuration.configId();
        this.secret = MacTags.replicaSecret(own);
        this.clients = configuration.ids(Role.CLIENT);
        this.ringId = Sha256.hash(StatementBytes.builder("bftpaxos/mac-ring/v1").putDigest(configId).putInt(replica)
                .putInt(replicas).build());
    }

    @Override
    public Digest32 ringId() {
        return ringId;
    }

    @Override
    public boolean isMember(int signerId) {
        return clients.contains(signerId);
    }

    @Override
    public SortedSet<Integer> memberIds() {
        return clients;
    }

    @Override
    public int signatureLength() {
        return replicas * MacTags.TAG_BYTES;
    }

    /** True iff {@code clientId} is a configured client and this replica's entry of {@code authenticator} is right. */
    @Override
    public boolean verify(int clientId, byte[] statement, byte[] authenticator) {
        if (!isMember(clientId) || authenticator.length != signatureLength()) {
            return false;
        }
        return MacTags.entryEquals(authenticator, replica, MacTags.tag(key(clientId), statement));
    }

    /** This replica's tag of {@code statement} for {@code clientId} (a reply); a configured client only. */
    public byte[] tagReply(long clientId, byte[] statement) {
        if (clientId < 0 || clientId > Integer.MAX_VALUE || !isMember((int) clientId)) {
            // The core answers only requests that verified, so this is a bug, not a peer's lie.
            throw new IllegalArgumentException("no MAC key for client " + clientId + ": not in the configuration");
        }
        return MacTags.tag(key((int) clientId), statement);
    }

    private HmacSha256Key key(int clientId) {
        return keys.computeIfAbsent(clientId, c -> new HmacSha256Key(MacTags.sharedKey(secret, configId, c)));
    }

    @Override
    public String toString() {
        return "ReplicaMacs[replica " + replica + " of " + replicas + ", config " + configId.shortHex() + "]";
    }
}
