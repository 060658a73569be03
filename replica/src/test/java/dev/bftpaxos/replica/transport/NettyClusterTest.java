package dev.bftpaxos.replica.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.Cores;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.driver.TickSource;
import dev.bftpaxos.replica.node.ReplicaNode;
import dev.bftpaxos.replica.wal.WriteAheadLog;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three crash-mode replicas over real loopback connections in one JVM, with Ed25519 identities: a
 * client's puts are answered, and a raw socket sending garbage, an oversized frame, or a handshake
 * with a forged proof is refused and counted while the cluster keeps serving.
 */
class NettyClusterTest {
  private static final int N = 3;
  private static final int CLIENT = 1000;
  private static final long WAIT_MILLIS = 20_000;
  private static final Ed25519Scheme SCHEME = Ed25519Scheme.INSTANCE;
  @TempDir Path dir;
  private final ReplicaNode[] nodes = new ReplicaNode[N];
  private final KvStateMachine[] machines = new KvStateMachine[N];
  private final int[] ports = new int[N];
  private final Set<Long> answered = ConcurrentHashMap.newKeySet();
  private NettyTransport client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    for (ReplicaNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static KeyPair key(Role role, int id) {
    return SCHEME.generate(42, role, id);
  }

  @Test
  void servesOverLoopbackAndShrugsOffHostileSockets() throws Exception {
    Map<Integer, byte[]> replicaKeys = new HashMap<>();
    for (int r = 0; r < N; r++) {
      replicaKeys.put(r, key(Role.REPLICA, r).publicKey());
    }
    PublicConfiguration pub = PublicConfiguration.of(SCHEME.name(), replicaKeys,
        Map.of(CLIENT, key(Role.CLIENT, CLIENT).publicKey()));
    PublicKeyRing replicaRing = new PublicKeyRing(pub, Role.REPLICA, SCHEME);
    PublicKeyRing clientRing = new PublicKeyRing(pub, Role.CLIENT, SCHEME);
    CoreConfig config = CoreConfig.defaults(N);
    Map<Integer, InetSocketAddress> peers = new HashMap<>();
    for (int r = 0; r < N; r++) {
      int id = r;
      machines[r] = new KvStateMachine();
      WriteAheadLog wal = WriteAheadLog.open(dir.resolve("r" + r));
      nodes[r] = new ReplicaNode(r, durable -> Cores.crash(id, config, machines[id], bound -> 0, durable), wal,
          SCHEME.signer(r, key(Role.REPLICA, r)), replicaRing, clientRing, WireCodec.FRAME_BYTES_MAX,
          TickSource.every(1));
      ports[r] = nodes[r].start("127.0.0.1", 0, peers);
      peers.put(r, new InetSocketAddress("127.0.0.1", ports[r]));
    }
    client = new NettyTransport(Role.CLIENT, CLIENT, SCHEME.signer(CLIENT, key(Role.CLIENT, CLIENT)), replicaRing,
        null, WireCodec.FRAME_BYTES_MAX, new Listener() {
          @Override
          public boolean onPeerMessage(int fromReplica, Message message) {
            return true;
          }

          @Override
          public boolean onClientFrame(Role role, int id, ClientFrameDecoded frame) {
            if (frame instanceof ClientFrameDecoded.ReplyFrame r) {
              answered.add(r.reply().seq());
            }
            return true;
          }
        });
    peers.forEach(client::dial);
    await(() -> client.connectedTo(0) && client.connectedTo(1) && client.connectedTo(2), "client connections");

    putAll(1, 50);

    TransportCounters c0 = nodes[0].transport().counters();
    rawSend(ports[0], new byte[] {0, 0, 0, 5, 9, 9, 9, 9, 9}); // unknown kind before HELLO
    await(() -> c0.get(TransportCounters.UNAUTHENTICATED) >= 1, "garbage refused");
    rawSend(ports[0], new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}); // 2 GiB frame
    await(() -> c0.get(TransportCounters.OVERSIZED) >= 1, "oversized frame refused");
    forgedHandshake(ports[0]);
    await(() -> c0.get(TransportCounters.BAD_HANDSHAKE) >= 1, "forged proof refused");

    putAll(51, 100);
    long last = 0;
    for (ReplicaNode n : nodes) {
      last = Math.max(last, n.driver().status().executedThrough());
    }
    long target = last;
    for (ReplicaNode n : nodes) {
      await(() -> n.driver().status().executedThrough() >= target, "replica " + n.driver().status().id());
    }
    for (int r = 0; r < N; r++) {
      System.out.println("replica " + r + " counters " + nodes[r].counters());
      nodes[r].close();
      nodes[r] = null;
    }
    for (int r = 1; r < N; r++) {
      assertArrayEquals(machines[0].stateDigest(), machines[r].stateDigest(), "replica " + r);
    }
  }

  private void putAll(long from, long to) throws InterruptedException {
    for (long s = from; s <= to; s++) {
      long seq = s;
      byte[] frame = WireCodec.encodeRequest(
          new Request(CLIENT, seq, new KvCommand.Put("k" + seq, "v" + seq).encode(), new byte[0]));
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (!answered.contains(seq)) {
        assertTrue(System.currentTimeMillis() < deadline, "request " + seq + " not answered in time");
        for (int r = 0; r < N; r++) {
          client.sendClientFrameToReplica(r, frame);
        }
        for (int i = 0; i < 50 && !answered.contains(seq); i++) {
          Thread.sleep(2);
        }
      }
    }
  }

  private static void rawSend(int port, byte[] bytes) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      drainUntilClosed(s.getInputStream());
    }
  }

  /** A HELLO claiming to be replica 1, then a proof that is not replica 1's signature. */
  private static void forgedHandshake(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      byte[] hello = Frames.of(Frames.HELLO, Handshake.encodeHello(new Handshake.Hello(Role.REPLICA, 1, new byte[32])));
      out.writeInt(hello.length);
      out.write(hello);
      byte[] proof = Frames.of(Frames.PROOF, new byte[64]);
      out.writeInt(proof.length);
      out.write(proof);
      out.flush();
      drainUntilClosed(s.getInputStream());
    }
  }

  private static void drainUntilClosed(InputStream in) throws Exception {
    byte[] buf = new byte[4096];
    while (in.read(buf) >= 0) {
      // the replica's HELLO and PROOF, then end of stream when it closes the connection
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }
}
