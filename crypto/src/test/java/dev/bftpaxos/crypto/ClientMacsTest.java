package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MAC client authentication: each replica accepts exactly its own entry of a client's
 * authenticator, no replica's keys make another's entry, replies check only under the right
 * replica's key, and the client's key file round-trips and refuses another client's or cluster's.
 */
class ClientMacsTest {
  private static final int N = 4;
  private static final int CLIENT = 1000;
  private static final byte[] STATEMENT = "a request statement".getBytes(StandardCharsets.US_ASCII);

  private final SignatureScheme scheme = Ed25519Scheme.INSTANCE;
  private final List<KeyPair> replicaKeys = new ArrayList<>();
  private final PublicConfiguration config;

  ClientMacsTest() {
    Map<Integer, byte[]> pub = new TreeMap<>();
    for (int r = 0; r < N; r++) {
      KeyPair k = scheme.generate(3, Role.REPLICA, r);
      replicaKeys.add(k);
      pub.put(r, k.publicKey());
    }
    config = PublicConfiguration.of(scheme.name(), pub,
        Map.of(CLIENT, scheme.generate(3, Role.CLIENT, CLIENT).publicKey(),
            CLIENT + 1, scheme.generate(3, Role.CLIENT, CLIENT + 1).publicKey()));
  }

  private ClientMacKeys clientKeys(int client) {
    List<byte[]> shared = new ArrayList<>();
    for (KeyPair r : replicaKeys) {
      shared.add(MacTags.sharedKey(r, config.configId(), client));
    }
    return new ClientMacKeys(config.configId(), client, shared);
  }

  private ReplicaMacs replica(int r) {
    return new ReplicaMacs(config, r, N, replicaKeys.get(r));
  }

  @Test
  void everyReplicaAcceptsItsEntryAndADamagedEntryFailsOnlyThere() {
    byte[] auth = clientKeys(CLIENT).authenticator(STATEMENT);
    assertEquals(N * MacTags.TAG_BYTES, auth.length);
    for (int r = 0; r < N; r++) {
      assertTrue(replica(r).verify(CLIENT, STATEMENT, auth), "replica " + r);
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      byte[] bad = auth.clone();
      int at = random.nextInt(bad.length);
      bad[at] ^= (byte) (1 + random.nextInt(255));
      for (int r = 0; r < N; r++) {
        assertEquals(r != at / MacTags.TAG_BYTES, replica(r).verify(CLIENT, STATEMENT, bad),
            "byte " + at + " damaged, replica " + r);
      }
    }
  }

  @Test
  void refusesOtherStatementsClientsLengthsAndConfigurations() {
    byte[] auth = clientKeys(CLIENT).authenticator(STATEMENT);
    ReplicaMacs r0 = replica(0);
    assertFalse(r0.verify(CLIENT, "another".getBytes(StandardCharsets.US_ASCII), auth));
    assertFalse(r0.verify(CLIENT + 1, STATEMENT, auth), "client 1001 cannot use client 1000's keys");
    assertFalse(r0.verify(CLIENT + 2, STATEMENT, auth), "not a configured client");
    assertFalse(r0.verify(CLIENT, STATEMENT, java.util.Arrays.copyOf(auth, auth.length - 1)));
    assertFalse(r0.verify(CLIENT, STATEMENT, new byte[0]));
    assertFalse(r0.verify(CLIENT, STATEMENT, new byte[64]), "an Ed25519-sized zero signature");
    // A replica's keys make only its own entry: replica 1 cannot forge replica 0's.
    byte[] forged = auth.clone();
    byte[] byReplica1 = replica(1).tagReply(CLIENT, STATEMENT);
    System.arraycopy(byReplica1, 0, forged, 0, MacTags.TAG_BYTES);
    assertFalse(r0.verify(CLIENT, STATEMENT, forged));
    // Another configuration (another configId) derives other keys.
    PublicConfiguration other = PublicConfiguration.of(scheme.name(), Map.of(0, replicaKeys.get(0).publicKey(),
        1, replicaKeys.get(1).publicKey(), 2, replicaKeys.get(2).publicKey(), 3, replicaKeys.get(3).publicKey()),
        Map.of(CLIENT, scheme.generate(3, Role.CLIENT, CLIENT).publicKey()));
    assertFalse(new ReplicaMacs(other, 0, N, replicaKeys.get(0)).verify(CLIENT, STATEMENT, auth));
    assertThrows(IllegalArgumentException.class, () -> r0.tagReply(CLIENT + 2, STATEMENT));
  }

  @Test
  void repliesCheckUnderTheirReplicasKeyOnly() {
    ClientMacKeys c = clientKeys(CLIENT);
    for (int r = 0; r < N; r++) {
      byte[] tag = replica(r).tagReply(CLIENT, STATEMENT);
      for (int claimed = 0; claimed < N; claimed++) {
        assertEquals(claimed == r, c.replyValid(claimed, STATEMENT, tag), "tag of " + r + " claimed by " + claimed);
      }
      assertFalse(c.replyValid(N, STATEMENT, tag));
      assertFalse(c.replyValid(r, STATEMENT, new byte[64]));
      assertFalse(clientKeys(CLIENT + 1).replyValid(r, STATEMENT, tag), "another client's keys");
    }
  }

  @Test
  void keyFileRoundTripsAndRefusesTheWrongOne(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("client-1000.key");
    Path file = KeyFiles.clientMacKeysBeside(key);
    assertEquals("client-1000.macs.json", file.getFileName().toString());
    ClientMacKeys c = clientKeys(CLIENT);
    KeyFiles.writeClientMacKeys(file, c);
    ClientMacKeys back = KeyFiles.readClientMacKeys(file, config.configId(), CLIENT, N);
    assertArrayEquals(c.authenticator(STATEMENT), back.authenticator(STATEMENT));
    assertTrue(KeyFiles.formatClientMacKeys(c).contains(KeyFiles.CLIENT_MAC_KEYS_FORMAT));
    assertFalse(c.toString().contains(HexKeys.of(c)), "toString must not print keys");

    assertRefused(file, config.configId(), CLIENT + 1, N, "expected client 1001");
    assertRefused(file, Digest32.of(new byte[32]), CLIENT, N, "another keygen run");
    assertRefused(file, config.configId(), CLIENT, N + 1, "the cluster has 5 replicas");
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("\"keys\": \\[\\n    \"[0-9a-f]{2}", "\"keys\": [\n    \"zz"));
    assertRefused(file, config.configId(), CLIENT, N, "keys[0]");
    Files.writeString(file, text.replace("\"id\"", "\"idx\""));
    assertRefused(file, config.configId(), CLIENT, N, "unknown field");
  }

  private static void assertRefused(Path file, Digest32 config, int client, int n, String says) {
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.readClientMacKeys(file, config, client, n));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }

  /** The first key's hex, to check nothing prints it. */
  private static final class HexKeys {
    static String of(ClientMacKeys c) {
      return java.util.HexFormat.of().formatHex(c.keyBytes(0));
    }
  }
}
