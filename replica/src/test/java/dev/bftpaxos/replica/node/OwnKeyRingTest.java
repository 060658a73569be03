package dev.bftpaxos.replica.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a replica signs with as its key rotates: its first key, and its other key files, found again on a miss. */
class OwnKeyRingTest {
  private static final Ed25519Scheme SCHEME = Ed25519Scheme.INSTANCE;
  private static final int ID = 1;

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(5_000);
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void findsAKeyWrittenLaterAtTheNextRescanAndSkipsOtherFiles() throws Exception {
    KeyPair first = SCHEME.generate(1, Role.REPLICA, ID);
    KeyFiles.writePrivateKey(dir.resolve("replica-1.key"), new MemberKey(Role.REPLICA, ID, first));
    // Not this replica's: another replica's key, a client's, the public configuration, a hidden file.
    KeyPair other = SCHEME.generate(1, Role.REPLICA, 2);
    KeyFiles.writePrivateKey(dir.resolve("replica-2.key"), new MemberKey(Role.REPLICA, 2, other));
    KeyFiles.writePrivateKey(dir.resolve("client-1.key"), new MemberKey(Role.CLIENT, ID, SCHEME.generate(1,
        Role.CLIENT, ID)));
    KeyFiles.writePublicConfiguration(dir.resolve("config.json"), PublicConfiguration.of(SCHEME.name(),
        Map.of(ID, first.publicKey(), 2, other.publicKey()), Map.of()));
    KeyPair rotated = SCHEME.generate(2, Role.REPLICA, ID);
    Files.writeString(dir.resolve(".tmp-1.key"), "{ \"role\": \"replica\", \"id\": 1, \"pub"); // half written
    Signer firstSigner = new MemberKey(Role.REPLICA, ID, first).signer(SCHEME);
    OwnKeyRing ring = new OwnKeyRing(SCHEME, ID, first.publicKey(), firstSigner, dir, err, now::get);

    assertSame(firstSigner, ring.signer(first.publicKey()));
    assertNull(ring.signer(other.publicKey()), "another replica's key is not this replica's to sign with");
    assertNull(ring.signer(rotated.publicKey()), "not written yet");
    KeyFiles.writePrivateKey(dir.resolve("replica-1.rotated-x.key"), new MemberKey(Role.REPLICA, ID, rotated));
    now.addAndGet(OwnKeyRing.ROTATION_RESCAN_MILLIS - 1);
    assertNull(ring.signer(rotated.publicKey()), "no rescan within the interval of the last");
    now.addAndGet(1);
    Signer s = ring.signer(rotated.publicKey());
    assertNotNull(s, "found by the rescan a miss makes once the interval has passed");
    assertEquals(ID, s.signerId());
    byte[] statement = "statement".getBytes(StandardCharsets.UTF_8);
    assertTrue(SCHEME.verifierFor(rotated.publicKey()).verify(statement, s.sign(statement)));
    assertSame(s, ring.signer(rotated.publicKey()), "cached");
    assertEquals("", errBytes.toString(StandardCharsets.UTF_8), "nothing claiming replica 1 was broken");
  }

  @Test
  void aBrokenFileClaimingThisReplicaIsReportedOnce() throws Exception {
    KeyPair first = SCHEME.generate(1, Role.REPLICA, ID);
    Path broken = dir.resolve("replica-1.rotated-y.key");
    Files.writeString(broken, "{ \"format\": \"bftpaxos-private-key/v1\" }");
    Path byFields = dir.resolve("new.key");
    Files.writeString(byFields, "{ \"role\": \"replica\", \"id\": 1 }");
    Files.writeString(dir.resolve("replica-11.key"), "not replica 1's, by name"); // skipped silently
    OwnKeyRing ring = new OwnKeyRing(SCHEME, ID, first.publicKey(), new MemberKey(Role.REPLICA, ID, first)
        .signer(SCHEME), dir, err, now::get);
    byte[] missing = SCHEME.generate(3, Role.REPLICA, ID).publicKey();
    for (int i = 0; i < 3; i++) {
      now.addAndGet(OwnKeyRing.ROTATION_RESCAN_MILLIS);
      assertNull(ring.signer(missing));
    }
    String logged = errBytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, logged.lines().count(), logged);
    assertTrue(logged.contains(broken.toString()) && logged.contains(byFields.toString()), logged);
  }
}
