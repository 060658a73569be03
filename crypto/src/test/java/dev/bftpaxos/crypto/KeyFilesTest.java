package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    private static final Ed25519Scheme ED = Ed25519Scheme.INSTANCE;
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private static MemberKey member(Role role, int id) {
        return new MemberKey(role, id, ED.generate(11, role, id));
    }

    private static PublicConfiguration config() {
        Map<Integer, byte[]> r = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            r.put(i, ED.generate(11, Role.REPLICA, i).publicKey());
        }
        return PublicConfiguration.of(ED.name(), r, Map.of(100, ED.generate(11, Role.CLIENT, 100).publicKey()));
    }

    @Test
    void privateKeyRoundTrip() throws IOException {
        for (MemberKey key : new MemberKey[] {member(Role.REPLICA, 3), member(Role.CLIENT, 100)}) {
            Path f = dir.resolve(key.role().fileName() + "-" + key.id() + ".key");
            KeyFiles.writePrivateKey(f, key);
            MemberKey back = KeyFiles.readPrivateKey(f, ED);
            assertEquals(key, back);
            byte[] st = {1, 2, 3};
            assertEquals(HEX.formatHex(key.signer(ED).sign(st)), HEX.formatHex(back.signer(ED).sign(st)));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
        }
        // Overwriting replaces the file and leaves no temporary files behind.
        Path f = dir.resolve("replica-3.key");
        KeyFiles.writePrivateKey(f, member(Role.REPLICA, 4));
        assertEquals(4, KeyFiles.readPrivateKey(f, ED).id());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void publicConfigurationRoundTrip() throws IOException {
        PublicConfiguration c = config();
        Path f = dir.resolve("cluster.json");
        KeyFiles.writePublicConfiguration(f, c);
        PublicConfiguration back = KeyFiles.readPublicConfiguration(f, ED);
        assertEquals(c.configId(), back.configId());
        assertTrue(Files.readString(f).contains(c.configId().hex()));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        // configId is optional on reading.
        Files.writeString(f, Files.readString(f).replaceAll("\"configId\": \"[0-9a-f]+\",", ""));
        assertEquals(c, KeyFiles.readPublicConfiguration(f, ED));
        // A configuration with no clients.
        PublicConfiguration noClients = PublicConfiguration.of(ED.name(), Map.of(0, c.publicKey(Role.REPLICA, 0)), Map.of());
        KeyFiles.writePublicConfiguration(f, noClients);
        assertEquals(noClients, KeyFiles.readPublicConfiguration(f, ED));
    }

    @Test
    void fastSimKeysRoundTripWithinOneOracle() throws IOException {
        FastSimScheme oracle = new FastSimScheme();
        MemberKey key = new MemberKey(Role.REPLICA, 0, oracle.generate(1, Role.REPLICA, 0));
        PublicConfiguration c = PublicConfiguration.of(oracle.name(), Map.of(0, key.keyPair().publicKey()), Map.of());
        KeyFiles.writePrivateKey(dir.resolve("k"), key);
        KeyFiles.writePublicConfiguration(dir.resolve("c"), c);
        assertEquals(key, KeyFiles.readPrivateKey(dir.resolve("k"), oracle));
        PublicConfiguration back = KeyFiles.readPublicConfiguration(dir.resolve("c"), oracle);
        byte[] st = {4};
        assertTrue(PublicKeyRing.replicas(back, oracle).verify(0, st, key.signer(oracle).sign(st)));
        // Another oracle does not know the key: the file is named, the problem explained.
        assertError(() -> KeyFiles.readPublicConfiguration(dir.resolve("c"), new FastSimScheme()), "c", "bad public key", "oracle");
    }

    // ---------------------------------------------------------------- malformed private key files

    private String goodPrivate() {
        return KeyFiles.formatPrivateKey(member(Role.REPLICA, 3));
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static void assertError(ThrowingRead read, String fileName, String... phrases) {
        KeyFileException e = assertThrows(KeyFileException.class, read::run);
        assertTrue(e.getMessage().contains(fileName), "names the file: " + e.getMessage());
        assertEquals(fileName, e.file().getFileName().toString());
        for (String p : phrases) {
            assertTrue(e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
        }
    }

    private void assertPrivateError(String text, String... phrases) throws IOException {
        Path f = write("bad.key", text);
        assertError(() -> KeyFiles.readPrivateKey(f, ED), "bad.key", phrases);
    }

    @Test
    void privateKeyFileErrors() throws IOException {
        String good = goodPrivate();
        String sk = HEX.formatHex(member(Role.REPLICA, 3).keyPair().privateKey());
        String pk = HEX.formatHex(member(Role.REPLICA, 3).keyPair().publicKey());

        assertError(() -> KeyFiles.readPrivateKey(dir.resolve("missing.key"), ED), "missing.key", "file does not exist");
        assertPrivateError("", "file is empty");
        assertPrivateError("{\"format\": ", "invalid JSON at line 1, column 12");
        assertPrivateError("{\n  \"id\": 3,\n  oops\n}", "invalid JSON at line 3, column 3", "quoted field name");
        assertPrivateError("[1, 2]", "expected a JSON object");
        assertPrivateError(good.replace("\"format\": \"bftpaxos-private-key/v1\",", ""), "missing field \"format\"");
        assertPrivateError(good.replace("private-key/v1", "private-key/v9"), "unsupported format \"bftpaxos-private-key/v9\"");
        assertPrivateError(KeyFiles.formatPublicConfiguration(config()), "this is a public configuration file");
        assertPrivateError(good.replace("\"ed25519\"", "\"" + FastSimScheme.NAME + "\""),
                "keys are for scheme \"" + FastSimScheme.NAME + "\"", "\"ed25519\" was requested");
        assertPrivateError(good.replace("\"replica\"", "\"acceptor\""), "field \"role\"", "unknown role \"acceptor\"");
        assertPrivateError(good.replace("\"id\": 3", "\"id\": -3"), "field \"id\" must be an integer in 0..2147483647, found -3");
        assertPrivateError(good.replace("\"id\": 3", "\"id\": \"3\""), "field \"id\" must be an integer");
        assertPrivateError(good.replace("\"id\": 3", "\"id\": 3.5"), "only integers are allowed");
        assertPrivateError(good.replace("\"id\": 3", "\"id\": 99999999999"), "field \"id\" must be an integer");
        assertPrivateError(good.replace("\"id\": 3,", ""), "missing field \"id\"");
        assertPrivateError(good.replace(sk, "zz" + sk.substring(2)), "field \"privateKey\" is not valid hex");
        assertPrivateError(good.replace(sk, sk.substring(2)), "field \"privateKey\" is 31 bytes, scheme ed25519 needs 32 (64 hex digits)");
        assertPrivateError(good.replace(pk, pk + "00"), "field \"publicKey\" is 33 bytes");
        assertPrivateError(good.replace(pk, HEX.formatHex(ED.generate(12, Role.REPLICA, 3).publicKey())),
                "field \"publicKey\" does not match \"privateKey\"");
        assertPrivateError(good.replace("\"id\": 3,", "\"id\": 3, \"comment\": \"x\","), "unknown field \"comment\"");
        assertPrivateError(good.replace("\"id\": 3,", "\"id\": 3, \"id\": 4,"), "duplicate field \"id\"");
        assertPrivateError(good.replace("\"privateKey\": \"" + sk + "\"", "\"privateKey\": 5"), "field \"privateKey\" must be a string");
        assertPrivateError(good + "x", "unexpected content after the JSON value");

        Path binary = dir.resolve("binary.key");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertError(() -> KeyFiles.readPrivateKey(binary, ED), "binary.key", "not valid UTF-8");
        assertError(() -> KeyFiles.readPrivateKey(dir, ED), dir.getFileName().toString(), "cannot read");
    }

    // ---------------------------------------------------------------- malformed configuration files

    private void assertConfigError(String text, String... phrases) throws IOException {
        Path f = write("bad.json", text);
        assertError(() -> KeyFiles.readPublicConfiguration(f, ED), "bad.json", phrases);
    }

    @Test
    void publicConfigurationFileErrors() throws IOException {
        PublicConfiguration c = config();
        String good = KeyFiles.formatPublicConfiguration(c);
        String pk1 = HEX.formatHex(c.publicKey(Role.REPLICA, 1));
        String pk2 = HEX.formatHex(c.publicKey(Role.REPLICA, 2));
        byte[] identity = new byte[32];
        identity[0] = 1;

        assertConfigError(goodPrivate(), "this is a private key file");
        assertConfigError(good.replace("\"id\": 2,", "\"id\": 1,"), "replicas[2]: duplicate id 1 in \"replicas\"");
        assertConfigError(good.replace(pk2, HEX.formatHex(identity)), "replicas[2] (id 2): bad public key", "full point validation");
        assertConfigError(good.replace(pk2, pk2.substring(4)), "field \"replicas[2].publicKey\" is 30 bytes");
        assertConfigError(good.replace(pk1, pk2), "field \"configId\" is " + c.configId().hex(), "the listed members give");
        assertConfigError(good.replace("\"replicas\"", "\"replicaz\""), "unknown field \"replicaz\"");
        assertConfigError(good.replaceAll("(?s)\"replicas\": \\[.*?\\],", "\"replicas\": [],"), "field \"replicas\" is empty");
        assertConfigError(good.replaceAll("(?s)\"replicas\": \\[.*?\\],", "\"replicas\": 4,"), "field \"replicas\" must be an array");
        assertConfigError(good.replaceAll("(?s)\"replicas\": \\[.*?\\],", ""), "missing field \"replicas\"");
        assertConfigError(good.replace("\"id\": 0, \"publicKey\"", "\"publicKey\""), "missing field \"replicas[0].id\"");
        assertConfigError(good.replace("{ \"id\": 0,", "{ \"id\": 0, \"weight\": 1,"), "unknown field \"replicas[0].weight\"");
        assertConfigError(good.replace("{ \"id\": 100, \"publicKey\": \"" + HEX.formatHex(c.publicKey(Role.CLIENT, 100)) + "\" }", "7"),
                "clients[0] must be an object");
        assertConfigError(good.replace("\"ed25519\"", "\"ED25519\""), "keys are for scheme \"ED25519\"");
    }

    /** A read that may throw. */
    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws IOException;
    }

    @Test
    void utf8RoundTripOfTheText() throws IOException {
        Path f = dir.resolve("k.key");
        KeyFiles.writePrivateKey(f, member(Role.CLIENT, 7));
        String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"format\": \"bftpaxos-private-key/v1\""), text);
        assertTrue(text.contains("\"role\": \"client\""), text);
    }
}
