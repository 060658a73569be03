package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.bft.SignedParts;
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
  private final Prechecker prechecker;
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
    this(id, coreFactory, wal, signer, replicaRing, clientRing, frameBytesMax, ticks, commits, null);
  }

  /**
   * As above; with a {@code prechecker} (Byzantine mode), messages reach the driver only once their
   * signatures are checked on its pool, and the core built by {@code coreFactory} must verify through
   * the prechecker's verifiers.
   */
  ReplicaNode(int id, Function<dev.bftpaxos.core.DurableState, Replica> coreFactory, WriteAheadLog wal,
      Signer signer, Verifier replicaRing, Verifier clientRing, int frameBytesMax, TickSource ticks,
      CommitObserver commits, Prechecker prechecker) {
    this.id = id;
    this.prechecker = prechecker;
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
    Input in = new Input.Receive(message);
    if (prechecker == null) {
      return driver.offer(in);
    }
    return prechecker.submit(fromReplica, SignedParts.of(prechecker.configId(), message), () -> driver.offer(in));
  }

  /** Hands a client's input to the driver, behind its signature check if there is a prechecker. */
  private boolean fromClient(long clientId, java.util.List<SignedParts.Part> parts, Input in) {
    if (prechecker == null) {
      return driver.offer(in);
    }
    // Client lanes are apart from the replicas' (ids 0..n-1) only by hashing: sharing one is harmless.
    return prechecker.submit(clientId, parts, () -> driver.offer(in));
  }

  @Override
  public boolean onClientFrame(Role role, int memberId, ClientFrameDecoded frame) {
    if (role == Role.CLIENT && frame instanceof ClientFrameDecoded.RequestFrame r
        && r.request().clientId() == memberId) {
      return fromClient(memberId, prechecker == null ? java.util.List.of()
          : SignedParts.of(prechecker.configId(), r.request()), new Input.ClientRequest(r.request()));
    }
    if (role == Role.CLIENT && frame instanceof ClientFrameDecoded.ReadFrame r && r.read().clientId() == memberId) {
      return fromClient(memberId, java.util.List.of(), new Input.ClientRead(r.read()));
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
    if (prechecker != null) {
      m.put("precheck-queue-full", prechecker.refused());
      m.put("precheck-failed", prechecker.failed());
      m.put("signatures-prechecked", prechecker.prechecked());
      m.put("signatures-verified-on-driver", prechecker.verifiedOnDriver());
    }
    return m;
  }

  @Override
  public void close() throws java.io.IOException {
    transport.close();
    if (prechecker != null) {
      prechecker.close();
    }
    driver.close();
  }
}
