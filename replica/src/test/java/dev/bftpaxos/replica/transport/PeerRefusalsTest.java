package dev.bftpaxos.replica.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusal file cuts a live link between two replica transports on loopback, keeps it cut
 * (neither side redials through it), and heals once the file is emptied; bad tokens are skipped,
 * not taken as "refuse everybody".
 */
class PeerRefusalsTest {
  private static final Ed25519Scheme SCHEME = Ed25519Scheme.INSTANCE;
  private static final long WAIT_MILLIS = 10_000;
  @TempDir Path dir;
  private NettyTransport zero;
  private NettyTransport one;

  @AfterEach
  void close() {
    if (one != null) {
      one.close();
    }
    if (zero != null) {
      zero.close();
    }
  }

  @Test
  void parsesIdsCommasAndCommentsAndSkipsGarbage() {
    assertEquals(Set.of(1, 2, 5), PeerRefusals.parse("1, 2\n# 3 is fine\n5 x -4\n"));
    assertEquals(Set.of(), PeerRefusals.parse(""));
  }

  @Test
  void aListedPeerIsCutAndHealsWhenTheListEmpties() throws Exception {
    KeyPair k0 = SCHEME.generate(7, Role.REPLICA, 0);
    KeyPair k1 = SCHEME.generate(7, Role.REPLICA, 1);
    PublicConfiguration pub = PublicConfiguration.of(SCHEME.name(), Map.of(0, k0.publicKey(), 1, k1.publicKey()),
        Map.of());
    PublicKeyRing ring = new PublicKeyRing(pub, Role.REPLICA, SCHEME);
    Path file0 = dir.resolve("0").resolve(PeerRefusals.FILE_NAME);
    Files.createDirectories(file0.getParent());
    zero = new NettyTransport(Role.REPLICA, 0, SCHEME.signer(0, k0), ring, null, WireCodec.FRAME_BYTES_MAX, quiet());
    one = new NettyTransport(Role.REPLICA, 1, SCHEME.signer(1, k1), ring, null, WireCodec.FRAME_BYTES_MAX, quiet());
    zero.refusePeersListedIn(file0);
    int port = zero.bind("127.0.0.1", 0);
    one.dial(0, new InetSocketAddress("127.0.0.1", port));
    await(() -> one.connectedTo(0), "linked before the cut");

    PeerRefusals.write(file0, List.of(1)); // only replica 0 lists it: the accepting side refuses
    await(() -> !one.connectedTo(0), "link cut");
    await(() -> zero.counters().get(TransportCounters.REFUSED_PEER) >= 1, "refused redial counted");
    Thread.sleep(500);
    assertFalse(one.connectedTo(0), "stays cut while listed");

    PeerRefusals.write(file0, List.of());
    await(() -> one.connectedTo(0), "healed");
    assertTrue(Files.readString(file0).isBlank());
  }

  private static Listener quiet() {
    return new Listener() {
      @Override
      public boolean onPeerMessage(int fromReplica, Message message) {
        return true;
      }

      @Override
      public boolean onClientFrame(Role role, int id, ClientFrameDecoded frame) {
        return true;
      }
    };
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
