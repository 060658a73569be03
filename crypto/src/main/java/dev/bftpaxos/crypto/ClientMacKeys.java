package dev.bftpaxos.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's side of the {@code macs} client authentication: the key it shares with each
 * replica, as keygen wrote them ({@link KeyFiles#readClientMacKeys}). It makes a request's
 * authenticator (one tag per replica, in replica order, so each replica checks its own entry) and
 * checks a replica's tagged reply.
 *
 * @param configId the configuration the keys were derived for
 * @param clientId the client the keys belong to
 */
public final class ClientMacKeys {
    private final Digest32 configId;
    private final long clientId;
    private final List<byte[]> keyBytes;
    private final List<HmacSha256Key> keys;

    /** {@code perReplica.get(i)} is the key shared with replica {@code i}; at least one. */
    public ClientMacKeys(Digest32 configId, long clientId, List<byte[]> perReplica) {
        if (perReplica.isEmpty()) {
            throw new IllegalArgumentException("client MAC keys need at least one replica");
        }
        this.configId = configId;
        this.clientId = clientId;
        this.keyBytes = new ArrayList<>();
        this.keys = new ArrayList<>();
        for (byte[] k : perReplica) {
            if (k.length != Digest32.LENGTH) {
                throw new IllegalArgumentException("a client MAC key is " + Digest32.LENGTH + " bytes, got " + k.length);
            }
            keyBytes.add(k.clone());
            keys.add(new HmacSha256Key(k));
        }
    }

    public Digest32 configId() {
        return configId;
    }

    public long clientId() {
        return clientId;
    }

    /** Replicas the keys cover: ids {@code 0..replicas()-1}. */
    public int replicas() {
        return keys.size();
    }

    /** A copy of the key shared with {@code replica}, for writing the file. */
    byte[] keyBytes(int replica) {
        return keyBytes.get(replica).clone();
    }

    /** The authenticator of {@code statement}: {@code replicas() * TAG_BYTES} bytes, entry {@code i} for replica {@code i}. */
    public byte[] authenticator(byte[] statement) {
        byte[] out = new byte[keys.size() * MacTags.TAG_BYTES];
        for (int i = 0; i < keys.size(); i++) {
            System.arraycopy(MacTags.tag(keys.get(i), statement), 0, out, i * MacTags.TAG_BYTES, MacTags.TAG_BYTES);
        }
        return out;
    }

    /** Whether {@code tag} is {@code replica}'s tag of {@code statement}; false for an unknown replica or wrong length. */
    public boolean replyValid(int replica, byte[] statement, byte[] tag) {
        if (replica < 0 || replica >= keys.size() || tag.length != MacTags.TAG_BYTES) {
            return false;
        }
        return MacTags.entryEquals(tag, 0, MacTags.tag(keys.get(replica), statement));
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "ClientMacKeys[client " + clientId + ", " + keys.size() + " replicas, config " + configId.shortHex() + "]";
    }
}
