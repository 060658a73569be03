package dev.bftpaxos.crypto;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The public half of a cluster's key setup: a signature scheme name and every member's public
 * key, replicas and clients in separate id spaces, identified by a {@link #configId()}.
 *
 * <p>Exists so that everyone who verifies signatures, replicas, clients and offline certificate
 * checkers alike, agrees on exactly which keys count. The configuration id is the SHA-256 of the
 * canonical encoding {@link #canonicalBytes()}, so two parties holding configurations with the
 * same id hold the same keys, and an id can be quoted in logs, statements or certificates.
 * Immutable; arrays are copied in and out.
 *
 * <p>Canonical encoding: {@link StatementBytes} with tag {@value #TAG}, then the scheme name
 * ({@code putString}), then for {@link Role#REPLICA} and then {@link Role#CLIENT}: the member
 * count ({@code putInt}) and, in increasing id order, each member's id ({@code putInt}) and public
 * key ({@code putBytes}).
 */
public final class PublicConfiguration {
    /** Tag of the canonical encoding whose SHA-256 is the configuration id. */
    public static final String TAG = "bftpaxos/public-configuration/v1";

    private static final Pattern SCHEME_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    private final String schemeName;
    private final Map<Role, SortedMap<Integer, byte[]>> keys;
    private final byte[] canonical;
    private final Digest32 configId;

    private PublicConfiguration(String schemeName, Map<Role, SortedMap<Integer, byte[]>> keys) {
        this.schemeName = schemeName;
        this.keys = keys;
        StatementBuilder b = StatementBytes.builder(TAG).putString(schemeName);
        for (Role role : Role.values()) {
            SortedMap<Integer, byte[]> m = keys.get(role);
            b.putInt(m.size());
            for (Map.Entry<Integer, byte[]> e : m.entrySet()) {
                b.putInt(e.getKey()).putBytes(e.getValue());
            }
        }
        this.canonical = b.build();
        this.configId = Sha256.hash(canonical);
    }

    /**
     * A configuration.
     *
     * @param schemeName the {@link SignatureScheme#name()} every key belongs to
     * @param replicaKeys public key per replica id; at least one replica
     * @param clientKeys public key per client id; may be empty
     * @throws IllegalArgumentException on a malformed scheme name, a negative id, an empty key,
     *     or no replicas
     */
    public static PublicConfiguration of(String schemeName, Map<Integer, byte[]> replicaKeys,
            Map<Integer, byte[]> clientKeys) {
        if (!SCHEME_NAME.matcher(schemeName).matches()) {
            throw new IllegalArgumentException("malformed scheme name \"" + schemeName + "\"");
        }
        if (replicaKeys.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one replica");
        }
        Map<Role, SortedMap<Integer, byte[]>> keys = new EnumMap<>(Role.class);
        keys.put(Role.REPLICA, copy(Role.REPLICA, replicaKeys));
        keys.put(Role.CLIENT, copy(Role.CLIENT, clientKeys));
        return new PublicConfiguration(schemeName, keys);
    }

    private static SortedMap<Integer, byte[]> copy(Role role, Map<Integer, byte[]> in) {
        SortedMap<Integer, byte[]> out = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : in.entrySet()) {
            int id = e.getKey();
            if (id < 0) {
                throw new IllegalArgumentException(role.fileName() + " id " + id + " is negative");
            }
            if (e.getValue().length == 0) {
                throw new IllegalArgumentException(role.fileName() + " " + id + " has an empty public key");
            }
            out.put(id, e.getValue().clone());
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** The scheme every key in this configuration belongs to. */
    public String schemeName() {
        return schemeName;
    }

    /** SHA-256 of {@link #canonicalBytes()}. */
    public Digest32 configId() {
        return configId;
    }

    /** A copy of the canonical encoding described in the class comment. */
    public byte[] canonicalBytes() {
        return canonical.clone();
    }

    /** The ids of all members with {@code role}, ascending. */
    public SortedSet<Integer> ids(Role role) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(keys.get(role).keySet()));
    }

    /** How many members have {@code role}. */
    public int size(Role role) {
        return keys.get(role).size();
    }

    /** Whether {@code id} is a member with {@code role}. */
    public boolean contains(Role role, int id) {
        return keys.get(role).containsKey(id);
    }

    /**
     * A copy of the public key of member {@code id} with {@code role}.
     *
     * @throws IllegalArgumentException if there is no such member
     */
    public byte[] publicKey(Role role, int id) {
        byte[] k = keys.get(role).get(id);
        if (k == null) {
            throw new IllegalArgumentException("no " + role.fileName() + " " + id + " in configuration " + configId.shortHex());
        }
        return k.clone();
    }

    /** Equal iff the configuration ids are equal, i.e. same scheme and same keys. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PublicConfiguration c && configId.equals(c.configId);
    }

    @Override
    public int hashCode() {
        return configId.hashCode();
    }

    @Override
    public String toString() {
        return "PublicConfiguration[" + configId.shortHex() + ", " + schemeName + ", "
                + size(Role.REPLICA) + " replicas, " + size(Role.CLIENT) + " clients]";
    }
}
