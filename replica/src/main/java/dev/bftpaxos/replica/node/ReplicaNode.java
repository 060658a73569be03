package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Verifier;
import dev.bftpaxos.replica.driver.CommitObserver;
import dev.bftpaxos.replica.driver.Outbound;
import dev.bftpaxos.replica.driver.ReplicaDriver;
import dev.bftpaxos.replica.driver.TickSource;
import dev.bftpaxos.replica.transport.Listener;
import dev.bftpaxos.replica.transport.NettyTransport;
import dev.bftpaxos.replica.transport.TransportCounters;
import dev.bftpaxos.replica.wal.WriteAheadLog;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One networked replica: a core behind a {@link ReplicaDriver} (one thread, log before send) and a
 * {@link NettyTransport} (authenticated connections). The transport's threads only decode and
 * queue; the driver's thread only steps. Client frames are accepted only from the client they name.
 */
public final class ReplicaNode implements AutoCloseable, Listener, Outbound {
  private final int id;
  private final NettyTransport transport;
  private final ReplicaDriver driver;
  private volatile String statusLine = "status replica starting";

  /**
   * @param coreFactory builds the core from the durable state the log recovered
   */
  public ReplicaNode(int id, Function<dev.bftpaxos.core.DurableState, Replica> coreFactory, WriteAheadLog wal,
      Signer signer, Verifier replicaRing, Verifier clientRing, int frameBytesMax, TickSource ticks) {
    this(id, coreFactory, wal, signer, replicaRing, clientRing, frameBytesMax, ticks, CommitObserver.NONE);
  }

  /** As above, telling {@code commits} (on the driver thread) of every commit certificate the core records. */
  public ReplicaNode(int id, Function<dev.bftpaxos.core.DurableState, Replica> coreFactory, WriteAheadLog wal,
      Signer signer, Verifier replicaRing, Verifier clientRing, int frameBytesMax, TickSource ticks,
      CommitObserver commits) {
    this.id = id;
    this.transport = new NettyTransport(Role.REPLICA, id, signer, replicaRing, clientRing, frameBytesMax, this);
    this.driver = new ReplicaDriver(coreFactory.apply(wal.recovered()), wal, this, ticks, commits);
  }

  /** Binds, dials every replica with a lower id, and starts stepping; returns the port bound. */
  public int start(String host, int port, Map<Integer, InetSocketAddress> peers) throws InterruptedException {
    int bound = transport.bind(host, port);
    peers.forEach((peer, address) -> {
      if (peer < id) {
        transport.dial(peer, address);
      }
    });
    driver.start();
    return bound;
  }

  @Override
  public boolean onPeerMessage(int fromReplica, Message message) {
    return driver.offer(new Input.Receive(message));
  }

  @Override
  public boolean onClientFrame(Role role, int memberId, ClientFrameDecoded frame) {
    if (role == Role.CLIENT && frame instanceof ClientFrameDecoded.RequestFrame r
        && r.request().clientId() == memberId) {
      return driver.offer(new Input.ClientRequest(r.request()));
    }
    if (role == Role.CLIENT && frame instanceof ClientFrameDecoded.ReadFrame r && r.read().clientId() == memberId) {
      return driver.offer(new Input.ClientRead(r.read()));
    }
    // a request naming another client, or a reply sent to a replica: never from a correct member
    transport.counters().add(TransportCounters.SPOOFED_SENDER);
    return true;
  }

  /** What a client's status request is answered with; set by whoever renders it (once a second). */
  public void statusLine(String line) {
    statusLine = line;
  }

  @Override
  public String onStatusRequest() {
    return statusLine;
  }

  @Override
  public void send(int to, Message message) {
    transport.sendToReplica(to, message);
  }

  @Override
  public void reply(Reply reply) {
    transport.sendToClient(reply.clientId(), WireCodec.encodeReply(reply));
  }

  @Override
  public void readReply(ReadReply reply) {
    transport.sendToClient(reply.clientId(), WireCodec.encodeReadReply(reply));
  }

  public ReplicaDriver driver() {
    return driver;
  }

  public NettyTransport transport() {
    return transport;
  }

  /** The core's rejection counters, the transport's, and the inbox's, in one map. */
  public Map<String, Long> counters() {
    Map<String, Long> m = new TreeMap<>(driver.rejections());
    m.putAll(transport.counters().snapshot());
    m.put("driver-inbox-full", driver.inboxFull());
    return m;
  }

  @Override
  public void close() throws java.io.IOException {
    transport.close();
    driver.close();
  }
}
