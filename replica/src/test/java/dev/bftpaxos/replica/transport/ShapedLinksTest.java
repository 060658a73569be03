package dev.bftpaxos.replica.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.LogMessage;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport shapes replica links as the cluster file's network section says: a delay holds each
 * message back at least that long, a loss rate drops about that share (each drop counted), a
 * bandwidth limit spreads a burst out over the time its bytes need. Only lower bounds on time are
 * asserted: a loaded machine can make a message later, never earlier.
 */
class ShapedLinksTest {
  private static final Ed25519Scheme SCHEME = Ed25519Scheme.INSTANCE;
  private static final long WAIT_MILLIS = 20_000;
  private NettyTransport zero;
  private NettyTransport one;
  private final ConcurrentLinkedQueue<Long> arrivalsAtOne = new ConcurrentLinkedQueue<>();
  private final AtomicLong receivedAtZero = new AtomicLong();

  @AfterEach
  void close() {
    if (one != null) {
      one.close();
    }
    if (zero != null) {
      zero.close();
    }
  }

  private static KeyPair key(int id) {
    return SCHEME.generate(5, Role.REPLICA, id);
  }

  private void connect() throws Exception {
    PublicConfiguration pub = PublicConfiguration.of(SCHEME.name(), Map.of(0, key(0).publicKey(), 1,
        key(1).publicKey()), Map.of());
    PublicKeyRing ring = new PublicKeyRing(pub, Role.REPLICA, SCHEME);
    zero = new NettyTransport(Role.REPLICA, 0, SCHEME.signer(0, key(0)), ring, ring, 1 << 20, listener(true));
    one = new NettyTransport(Role.REPLICA, 1, SCHEME.signer(1, key(1)), ring, ring, 1 << 20, listener(false));
    int port = zero.bind("127.0.0.1", 0);
    one.bind("127.0.0.1", 0);
    one.dial(0, new InetSocketAddress("127.0.0.1", port));
    await(() -> zero.connectedTo(1) && one.connectedTo(0), "the link");
  }

  private Listener listener(boolean isZero) {
    return new Listener() {
      @Override
      public boolean onPeerMessage(int fromReplica, Message message) {
        if (isZero) {
          receivedAtZero.incrementAndGet();
        } else {
          arrivalsAtOne.add(System.nanoTime());
        }
        return true;
      }

      @Override
      public boolean onClientFrame(Role role, int id, ClientFrameDecoded frame) {
        return true;
      }
    };
  }

  private static LinkShaping shaping(LinkShaping.Delay delay, double loss, long bandwidth) {
    return new LinkShaping(delay, Map.of(), loss, 0, 0, 0, bandwidth, 7);
  }

  @Test
  void aDelayedLinkHoldsEachMessageBackAndTheOtherDirectionIsUntouched() throws Exception {
    connect();
    zero.shapeReplicaLinks(shaping(new LinkShaping.Delay.Uniform(60_000, 60_000), 0, 0), 2);
    long sent = System.nanoTime();
    zero.sendToReplica(1, new LogMessage.FetchState(0, 1));
    one.sendToReplica(0, new LogMessage.FetchState(1, 1));
    await(() -> arrivalsAtOne.size() == 1 && receivedAtZero.get() == 1, "both messages");
    long tookMillis = (arrivalsAtOne.peek() - sent) / 1_000_000;
    assertTrue(tookMillis >= 59, "a 60 ms link delivered after " + tookMillis + " ms");
  }

  @Test
  void aLossyLinkDropsAboutItsShareAndCountsEveryDrop() throws Exception {
    connect();
    zero.shapeReplicaLinks(shaping(new LinkShaping.Delay.Uniform(0, 0), 0.5, 0), 2);
    int sent = 400;
    for (int i = 0; i < sent; i++) {
      zero.sendToReplica(1, new LogMessage.FetchState(0, i + 1));
    }
    long dropped = zero.counters().get(TransportCounters.SHAPED_LOSS);
    await(() -> arrivalsAtOne.size() == sent - dropped, "the messages not dropped");
    assertTrue(dropped > 140 && dropped < 260, "a 0.5 loss rate dropped " + dropped + " of " + sent);
    Thread.sleep(200);
    assertEquals(sent - dropped, arrivalsAtOne.size(), "every message not counted as dropped arrives once");
  }

  @Test
  void aBandwidthLimitSpreadsABurstOverTheTimeItsBytesNeed() throws Exception {
    connect();
    int frameBytes = dev.bftpaxos.core.wire.WireCodec.encode(new LogMessage.FetchState(0, 1)).length + 1;
    int count = 50;
    // the burst's bytes need half a second on the link
    zero.shapeReplicaLinks(shaping(new LinkShaping.Delay.Uniform(0, 0), 0, 2L * frameBytes * count), 2);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      zero.sendToReplica(1, new LogMessage.FetchState(0, 1));
    }
    await(() -> arrivalsAtOne.size() == count, "the burst");
    long last = arrivalsAtOne.stream().mapToLong(Long::longValue).max().orElseThrow();
    long spreadMillis = (last - start) / 1_000_000;
    assertTrue(spreadMillis >= 450, "a burst needing 500 ms of link arrived within " + spreadMillis + " ms");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }
}
