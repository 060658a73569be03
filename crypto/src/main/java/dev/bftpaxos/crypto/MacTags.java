package dev.bftpaxos.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The MACs of the {@code macs} client authentication (PBFT's authenticators): HMAC-SHA256
 * truncated to {@link #TAG_BYTES}, under a key one client shares with one replica.
 *
 * <p><b>Keys.</b> A replica's MAC secret is derived from its private signing key (domain-separated,
 * so it needs no file of its own), and the key it shares with client {@code c} from that secret,
 * the configuration id and {@code c}. A replica therefore derives any client's key on demand; only
 * keygen, which holds every private key, can hand a client its {@code n} keys ({@link ClientMacKeys}).
 * No replica knows another replica's keys, so a faulty leader cannot forge a client's entry for a
 * correct follower.
 */
public final class MacTags {
    /** 128 bits: the usual truncation of HMAC-SHA256; a forger has one guess per message. */
    public static final int TAG_BYTES = 16;

    private static final byte[] SECRET_LABEL = "bftpaxos/replica-mac-secret/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHARED_LABEL = "bftpaxos/client-mac-key/v1".getBytes(StandardCharsets.US_ASCII);

    private MacTags() {
    }

    /** Replica {@code keys}'s MAC secret. */
    static byte[] replicaSecret(KeyPair keys) {
        return new HmacSha256Key(keys.privateKey()).mac(SECRET_LABEL);
    }

    /** The key the replica holding {@code secret} shares with {@code clientId} in configuration {@code configId}. */
    static byte[] sharedKey(byte[] secret, Digest32 configId, long clientId) {
        ByteBuffer b = ByteBuffer.allocate(SHARED_LABEL.length + Digest32.LENGTH + Long.BYTES);
        b.put(SHARED_LABEL).put(configId.toBytes()).putLong(clientId);
        return new HmacSha256Key(secret).mac(b.array());
    }

    /** The key replica {@code replicaKeys} shares with {@code clientId}: what keygen writes for the client. */
    public static byte[] sharedKey(KeyPair replicaKeys, Digest32 configId, long clientId) {
        return sharedKey(replicaSecret(replicaKeys), configId, clientId);
    }

    /** The tag of {@code statement} under {@code key}. */
    static byte[] tag(HmacSha256Key key, byte[] statement) {
        return Arrays.copyOf(key.mac(statement), TAG_BYTES);
    }

    /** Whether {@code vector}'s entry {@code index} (of {@code TAG_BYTES}) equals {@code expected}, in constant time. */
    static boolean entryEquals(byte[] vector, int index, byte[] expected) {
        int from = index * TAG_BYTES;
        if (from < 0 || vector.length < from + TAG_BYTES) {
            return false;
        }
        return MessageDigest.isEqual(Arrays.copyOfRange(vector, from, from + TAG_BYTES), expected);
    }
}
