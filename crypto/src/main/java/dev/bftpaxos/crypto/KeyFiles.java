package dev.bftpaxos.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and writes private key files and public configuration files.
 *
 * <p>Exists because the command line starts each replica and client from files: one private key
 * file per member, and one public configuration file, identical everywhere, listing every
 * member's public key. It is the only class in the module that touches the file system; the
 * signing and verification classes do no I/O. Errors are {@link KeyFileException}s whose message
 * starts with the file's path and says what is wrong (missing field, bad hex, wrong key length,
 * keys that do not match, ...).
 *
 * <p><b>Private key file</b> (UTF-8 JSON, written with owner-only permissions where the file
 * system supports them; keys are lower-case hex):
 * <pre>
 * {
 *   "format": "bftpaxos-private-key/v1",
 *   "scheme": "ed25519",
 *   "role": "replica",
 *   "id": 3,
 *   "publicKey": "&lt;hex&gt;",
 *   "privateKey": "&lt;hex&gt;"
 * }
 * </pre>
 * {@code role} is {@code "replica"} or {@code "client"}; {@code publicKey} must be the one the
 * scheme derives from {@code privateKey}.
 *
 * <p><b>Public configuration file</b> (UTF-8 JSON):
 * <pre>
 * {
 *   "format": "bftpaxos-public-configuration/v1",
 *   "scheme": "ed25519",
 *   "configId": "&lt;hex of PublicConfiguration#configId()&gt;",
 *   "replicas": [ { "id": 0, "publicKey": "&lt;hex&gt;" }, ... ],
 *   "clients":  [ { "id": 100, "publicKey": "&lt;hex&gt;" }, ... ]
 * }
 * </pre>
 * {@code configId} is optional on reading; if present it must equal the id computed from the
 * listed keys, which catches hand edits and copies of the wrong file. Ids are unique within a
 * role; {@code clients} may be empty or absent. Unknown fields are rejected in both formats so a
 * misspelt field is not silently ignored.
 *
 * <p><b>Client MAC key file</b> (UTF-8 JSON, owner-only like a private key; keygen writes one per
 * client, {@code client-ID.macs.json} beside its private key file {@code client-ID.key}): the key the
 * client shares with each replica, in replica id order ({@link MacTags}).
 * <pre>
 * {
 *   "format": "bftpaxos-client-mac-keys/v1",
 *   "configId": "&lt;hex&gt;",
 *   "id": 100,
 *   "keys": [ "&lt;hex, 32 bytes&gt;", ... ]
 * }
 * </pre>
 */
public final class KeyFiles {
    /** Value of {@code "format"} in a private key file. */
    public static final String PRIVATE_KEY_FORMAT = "bftpaxos-private-key/v1";
    /** Value of {@code "format"} in a public configuration file. */
    public static final String PUBLIC_CONFIGURATION_FORMAT = "bftpaxos-public-configuration/v1";
    /** Largest file read, in bytes. */
    public static final long MAX_FILE_BYTES = 16L << 20;

    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> PRIVATE_FIELDS = Set.of("format", "scheme", "role", "id", "publicKey", "privateKey");
    private static final Set<String> CONFIG_FIELDS = Set.of("format", "scheme", "configId", "replicas", "clients");
    private static final Set<String> MEMBER_FIELDS = Set.of("id", "publicKey");
    /** Value of {@code "format"} in a client MAC key file. */
    public static final String CLIENT_MAC_KEYS_FORMAT = "bftpaxos-client-mac-keys/v1";
    private static final Set<String> MAC_FIELDS = Set.of("format", "configId", "id", "keys");
    /** Most replicas a client MAC key file lists; far above any cluster the tools build. */
    private static final int MAC_KEYS_MAX = 1024;

    private KeyFiles() {
    }

    // ---------------------------------------------------------------- private key files

    /** The private key file text for {@code key}. */
    public static String formatPrivateKey(MemberKey key) {
        KeyPair kp = key.keyPair();
        return "{\n"
                + "  \"format\": " + MiniJson.quote(PRIVATE_KEY_FORMAT) + ",\n"
                + "  \"scheme\": " + MiniJson.quote(kp.schemeName()) + ",\n"
                + "  \"role\": " + MiniJson.quote(key.role().fileName()) + ",\n"
                + "  \"id\": " + key.id() + ",\n"
                + "  \"publicKey\": " + MiniJson.quote(HEX.formatHex(kp.publicKey())) + ",\n"
                + "  \"privateKey\": " + MiniJson.quote(HEX.formatHex(kp.privateKey())) + "\n"
                + "}\n";
    }

    /**
     * Writes {@code key} to {@code file} (replacing it atomically where possible), readable and
     * writable by the owner only where the file system has POSIX permissions.
     */
    public static void writePrivateKey(Path file, MemberKey key) throws IOException {
        writeAtomically(file, formatPrivateKey(key), true);
    }

    /**
     * Reads a private key file for {@code scheme}.
     *
     * @throws KeyFileException if the file cannot be read, is not a private key file for
     *     {@code scheme}, or its keys are malformed or do not match
     */
    public static MemberKey readPrivateKey(Path file, SignatureScheme scheme) throws KeyFileException {
        Map<String, Object> root = readObject(file);
        requireFormat(file, root, PRIVATE_KEY_FORMAT, PUBLIC_CONFIGURATION_FORMAT, "a public configuration file");
        rejectUnknown(file, root, PRIVATE_FIELDS, "");
        requireScheme(file, root, scheme);
        Role role;
        String roleName = string(file, root, "role", "");
        try {
            role = Role.fromFileName(roleName);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "field \"role\": " + e.getMessage());
        }
        int id = memberId(file, root, "");
        byte[] privateKey = hex(file, root, "privateKey", "", scheme.privateKeyLength(), scheme.name());
        byte[] publicKey = hex(file, root, "publicKey", "", scheme.publicKeyLength(), scheme.name());
        KeyPair derived;
        try {
            derived = scheme.keyPairFromPrivateKey(privateKey);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "field \"privateKey\": " + e.getMessage());
        }
        if (!MessageDigest.isEqual(publicKey, derived.publicKey())) {
            throw new KeyFileException(file, "field \"publicKey\" does not match \"privateKey\" (the key derived from the "
                    + "private key is " + HEX.formatHex(derived.publicKey()) + ")");
        }
        return new MemberKey(role, id, derived);
    }

    // ---------------------------------------------------------------- public configuration files

    /** The public configuration file text for {@code configuration}. */
    public static String formatPublicConfiguration(PublicConfiguration configuration) {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        b.append("  \"format\": ").append(MiniJson.quote(PUBLIC_CONFIGURATION_FORMAT)).append(",\n");
        b.append("  \"scheme\": ").append(MiniJson.quote(configuration.schemeName())).append(",\n");
        b.append("  \"configId\": ").append(MiniJson.quote(configuration.configId().hex())).append(",\n");
        appendMembers(b, configuration, Role.REPLICA, "replicas");
        b.append(",\n");
        appendMembers(b, configuration, Role.CLIENT, "clients");
        b.append("\n}\n");
        return b.toString();
    }

    private static void appendMembers(StringBuilder b, PublicConfiguration c, Role role, String field) {
        b.append("  ").append(MiniJson.quote(field)).append(": [");
        boolean first = true;
        for (int id : c.ids(role)) {
            b.append(first ? "\n" : ",\n");
            first = false;
            b.append("    { \"id\": ").append(id).append(", \"publicKey\": ")
                    .append(MiniJson.quote(HEX.formatHex(c.publicKey(role, id)))).append(" }");
        }
        b.append(first ? "]" : "\n  ]");
    }

    /** Writes {@code configuration} to {@code file}, replacing it atomically where possible. */
    public static void writePublicConfiguration(Path file, PublicConfiguration configuration) throws IOException {
        writeAtomically(file, formatPublicConfiguration(configuration), false);
    }

    /**
     * Reads a public configuration file whose keys belong to {@code scheme}. Every public key is
     * checked with {@link SignatureScheme#verifierFor(byte[])}, so a bad key is reported here,
     * with the file and member named, rather than when a {@link PublicKeyRing} is built. (For
     * {@link FastSimScheme} that means the keys must have been made by the same oracle.)
     *
     * @throws KeyFileException if the file cannot be read, is not a public configuration for
     *     {@code scheme}, a member or key is malformed, or {@code configId} does not match
     */
    public static PublicConfiguration readPublicConfiguration(Path file, SignatureScheme scheme) throws KeyFileException {
        Map<String, Object> root = readObject(file);
        requireFormat(file, root, PUBLIC_CONFIGURATION_FORMAT, PRIVATE_KEY_FORMAT, "a private key file");
        rejectUnknown(file, root, CONFIG_FIELDS, "");
        requireScheme(file, root, scheme);
        Map<Integer, byte[]> replicas = members(file, root, "replicas", true, scheme);
        Map<Integer, byte[]> clients = members(file, root, "clients", false, scheme);
        if (replicas.isEmpty()) {
            throw new KeyFileException(file, "field \"replicas\" is empty: a configuration needs at least one replica");
        }
        PublicConfiguration config;
        try {
            config = PublicConfiguration.of(scheme.name(), replicas, clients);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, e.getMessage());
        }
        if (root.containsKey("configId")) {
            String claimed = string(file, root, "configId", "");
            if (!claimed.equalsIgnoreCase(config.configId().hex())) {
                throw new KeyFileException(file, "field \"configId\" is " + claimed + " but the listed members give "
                        + config.configId().hex() + " (file edited or members changed?)");
            }
        }
        return config;
    }

    private static Map<Integer, byte[]> members(Path file, Map<String, Object> root, String field, boolean required,
            SignatureScheme scheme) throws KeyFileException {
        Object v = root.get(field);
        Map<Integer, byte[]> out = new TreeMap<>();
        if (v == null) {
            if (required) {
                throw new KeyFileException(file, "missing field \"" + field + "\"");
            }
            return out;
        }
        if (!(v instanceof List<?> list)) {
            throw new KeyFileException(file, "field \"" + field + "\" must be an array of {\"id\", \"publicKey\"} objects");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new KeyFileException(file, where + " must be an object with \"id\" and \"publicKey\"");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) raw;
            rejectUnknown(file, m, MEMBER_FIELDS, where + ".");
            int id = memberId(file, m, where + ".");
            byte[] pk = hex(file, m, "publicKey", where + ".", scheme.publicKeyLength(), scheme.name());
            try {
                scheme.verifierFor(pk);
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file, where + " (id " + id + "): bad public key: " + e.getMessage());
            }
            if (out.put(id, pk) != null) {
                throw new KeyFileException(file, where + ": duplicate id " + id + " in \"" + field + "\"");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- client MAC key files

    /** Where keygen puts the MAC keys of the client whose private key file is {@code privateKeyFile}. */
    public static Path clientMacKeysBeside(Path privateKeyFile) {
        String name = privateKeyFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return privateKeyFile.resolveSibling(stem + ".macs.json");
    }

    /** The client MAC key file text for {@code keys}. */
    public static String formatClientMacKeys(ClientMacKeys keys) {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        b.append("  \"format\": ").append(MiniJson.quote(CLIENT_MAC_KEYS_FORMAT)).append(",\n");
        b.append("  \"configId\": ").append(MiniJson.quote(keys.configId().hex())).append(",\n");
        b.append("  \"id\": ").append(keys.clientId()).append(",\n");
        b.append("  \"keys\": [");
        for (int i = 0; i < keys.replicas(); i++) {
            b.append(i == 0 ? "\n    " : ",\n    ").append(MiniJson.quote(HEX.formatHex(keys.keyBytes(i))));
        }
        b.append("\n  ]\n}\n");
        return b.toString();
    }

    /** Writes {@code keys} to {@code file}, owner-only, replacing it atomically where possible. */
    public static void writeClientMacKeys(Path file, ClientMacKeys keys) throws IOException {
        writeAtomically(file, formatClientMacKeys(keys), true);
    }

    /**
     * Reads a client MAC key file, checking it belongs to {@code expectedClient} of {@code expected}
     * and lists one key per replica.
     *
     * @throws KeyFileException if the file cannot be read or is malformed, or is another client's,
     *     another configuration's, or for another number of replicas
     */
    public static ClientMacKeys readClientMacKeys(Path file, Digest32 expected, int expectedClient, int replicas)
            throws KeyFileException {
        Map<String, Object> root = readObject(file);
        requireFormat(file, root, CLIENT_MAC_KEYS_FORMAT, PRIVATE_KEY_FORMAT, "a private key file");
        rejectUnknown(file, root, MAC_FIELDS, "");
        String config = string(file, root, "configId", "");
        if (!config.equalsIgnoreCase(expected.hex())) {
            throw new KeyFileException(file, "field \"configId\" is " + config + " but the cluster's is " + expected.hex()
                    + " (keys from another keygen run?)");
        }
        int id = memberId(file, root, "");
        if (id != expectedClient) {
            throw new KeyFileException(file, "holds the MAC keys of client " + id + ", expected client " + expectedClient);
        }
        Object v = root.get("keys");
        if (!(v instanceof List<?> list) || list.size() > MAC_KEYS_MAX) {
            throw new KeyFileException(file, "field \"keys\" must be an array of at most " + MAC_KEYS_MAX + " hex strings");
        }
        if (list.size() != replicas) {
            throw new KeyFileException(file, "field \"keys\" lists " + list.size() + " keys, the cluster has " + replicas
                    + " replicas");
        }
        List<byte[]> keys = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "keys[" + i + "]";
            keys.add(hex(file, Map.of(field, list.get(i)), field, "", Digest32.LENGTH, "hmac-sha256"));
        }
        return new ClientMacKeys(expected, id, keys);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> readObject(Path file) throws KeyFileException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new KeyFileException(file, "file is " + size + " bytes, larger than the " + MAX_FILE_BYTES + " allowed");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file, "file does not exist", e);
        } catch (KeyFileException e) {
            throw e;
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot read file: " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KeyFileException(file, "file is not valid UTF-8 text", e);
        }
        if (text.isBlank()) {
            throw new KeyFileException(file, "file is empty");
        }
        Object root;
        try {
            root = MiniJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, e.getMessage());
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new KeyFileException(file, "expected a JSON object at the top level");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) root;
        return m;
    }

    private static void requireFormat(Path file, Map<String, Object> root, String expected, String other,
            String otherDescription) throws KeyFileException {
        String format = string(file, root, "format", "");
        if (format.equals(other)) {
            throw new KeyFileException(file, "this is " + otherDescription + " (format \"" + other + "\"), expected format \""
                    + expected + "\"");
        }
        if (!format.equals(expected)) {
            throw new KeyFileException(file, "unsupported format \"" + format + "\", expected \"" + expected + "\"");
        }
    }

    private static void requireScheme(Path file, Map<String, Object> root, SignatureScheme scheme) throws KeyFileException {
        String name = string(file, root, "scheme", "");
        if (!name.equals(scheme.name())) {
            throw new KeyFileException(file, "keys are for scheme \"" + name + "\", but scheme \"" + scheme.name()
                    + "\" was requested");
        }
    }

    private static void rejectUnknown(Path file, Map<String, Object> m, Set<String> known, String where)
            throws KeyFileException {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new KeyFileException(file, "unknown field \"" + where + k + "\" (allowed: " + new TreeSet<>(known) + ")");
            }
        }
    }

    private static String string(Path file, Map<String, Object> m, String field, String where) throws KeyFileException {
        Object v = m.get(field);
        if (v == null) {
            throw new KeyFileException(file, "missing field \"" + where + field + "\"");
        }
        if (!(v instanceof String s)) {
            throw new KeyFileException(file, "field \"" + where + field + "\" must be a string, found " + v);
        }
        return s;
    }

    private static int memberId(Path file, Map<String, Object> m, String where) throws KeyFileException {
        Object v = m.get("id");
        if (v == null) {
            throw new KeyFileException(file, "missing field \"" + where + "id\"");
        }
        if (!(v instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
            throw new KeyFileException(file, "field \"" + where + "id\" must be an integer in 0.." + Integer.MAX_VALUE
                    + ", found " + (v instanceof String ? MiniJson.quote((String) v) : v));
        }
        return (int) (long) l;
    }

    private static byte[] hex(Path file, Map<String, Object> m, String field, String where, int expectedBytes,
            String schemeName) throws KeyFileException {
        String s = string(file, m, field, where);
        byte[] bytes;
        try {
            bytes = HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(file, "field \"" + where + field + "\" is not valid hex (" + e.getMessage() + ")");
        }
        if (bytes.length != expectedBytes) {
            throw new KeyFileException(file, "field \"" + where + field + "\" is " + bytes.length + " bytes, scheme "
                    + schemeName + " needs " + expectedBytes + " (" + 2 * expectedBytes + " hex digits)");
        }
        return bytes;
    }

    private static void writeAtomically(Path file, String text, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        if (ownerOnly) {
            try {
                tmp = Files.createTempFile(dir, ".tmp-", ".key",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                tmp = Files.createTempFile(dir, ".tmp-", ".key");
            }
        } else {
            tmp = Files.createTempFile(dir, ".tmp-", ".json");
            try {
                // createTempFile makes owner-only files; a public configuration is for everyone.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
        }
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
