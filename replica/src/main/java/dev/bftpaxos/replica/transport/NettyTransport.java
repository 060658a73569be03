package dev.bftpaxos.replica.transport;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Verifier;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Authenticated, length-framed connections between members (replicas and clients) over Netty.
 * Replica j dials every replica i < j, so each pair shares one connection; clients dial every
 * replica. A dial that fails or drops is retried with exponential backoff, forever, until close.
 *
 * <p>Each connection's outbound buffer is bounded by a write-buffer watermark: once a peer stops
 * reading and {@link #OUTBOUND_BYTES_HIGH} bytes wait for it, further messages to it are dropped
 * and counted ({@link TransportCounters#BACKPRESSURE}); the protocol retransmits what it needs.
 */
public final class NettyTransport implements AutoCloseable {
  /** Bytes waiting for one peer above which sends to it are refused (and counted). */
  public static final int OUTBOUND_BYTES_HIGH = 8 * 1024 * 1024;
  /** Bytes waiting below which a refused peer is writable again. */
  public static final int OUTBOUND_BYTES_LOW = 4 * 1024 * 1024;
  public static final long RECONNECT_MILLIS_MIN = 20;
  /**
   * Longest wait between dials. Kept below a few election timeouts (100 ticks of 1 ms): a restarted
   * replica that hears nobody for longer keeps raising its ballot, and may then refuse the current
   * leader (seen in RealClusterTest with a 1 s cap; see the report of issue 11).
   */
  public static final long RECONNECT_MILLIS_MAX = 100;

  private final Role selfRole;
  private final int selfId;
  private final Signer signer;
  private final Verifier replicaRing;
  private final Verifier clientRing;
  private final int frameBytesMax;
  private final Listener listener;
  private final TransportCounters counters = new TransportCounters();
  private final SecureRandom random = new SecureRandom();
  private final EventLoopGroup group;
  /** Whether {@link #close} shuts {@link #group} down: not when it is shared ({@link ClientEventLoops}). */
  private final boolean ownsGroup;
  private final Map<Integer, Channel> replicas = new ConcurrentHashMap<>();
  private final Map<Integer, Channel> clients = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /** Every channel this transport dialled and that is still open: what close closes on a shared group. */
  private final java.util.Set<Channel> dialled = ConcurrentHashMap.newKeySet();
  private volatile PeerRefusals refusals;
  private Channel server;
  private volatile LinkShaper shaper;
  private volatile java.util.concurrent.atomic.AtomicLongArray shapedBytes;

  /**
   * @param clientRing the clients' public keys; null where no client may connect (a client's own
   *     transport)
   */
  public NettyTransport(Role selfRole, int selfId, Signer signer, Verifier replicaRing, Verifier clientRing,
      int frameBytesMax, Listener listener) {
    this(selfRole, selfId, signer, replicaRing, clientRing, frameBytesMax, listener, null);
  }

  /**
   * @param sharedGroup the event loops to run on, which this transport does not shut down (see
   *     {@link ClientEventLoops}); null: two of its own, shut down by {@link #close}
   */
  public NettyTransport(Role selfRole, int selfId, Signer signer, Verifier replicaRing, Verifier clientRing,
      int frameBytesMax, Listener listener, EventLoopGroup sharedGroup) {
    this.group = sharedGroup != null ? sharedGroup : new NioEventLoopGroup(2);
    this.ownsGroup = sharedGroup == null;
    if (frameBytesMax < 1 || frameBytesMax > WireCodec.FRAME_BYTES_MAX) {
      throw new IllegalArgumentException("frameBytesMax " + frameBytesMax + " outside 1.." + WireCodec.FRAME_BYTES_MAX);
    }
    this.selfRole = selfRole;
    this.selfId = selfId;
    this.signer = signer;
    this.replicaRing = replicaRing;
    this.clientRing = clientRing;
    this.frameBytesMax = frameBytesMax;
    this.listener = listener;
  }

  private ChannelInitializer<SocketChannel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        byte[] nonce = new byte[Handshake.NONCE_BYTES];
        random.nextBytes(nonce);
        // frame = length field + kind byte + body; the body is bounded by frameBytesMax
        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(frameBytesMax + 1 + Frames.LENGTH_BYTES, 0,
            Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true));
        ch.pipeline().addLast(new LengthFieldPrepender(Frames.LENGTH_BYTES));
        ch.pipeline().addLast(new ConnectionHandler(NettyTransport.this, nonce));
      }
    };
  }

  /** Listens on {@code host:port} (port 0: any free one); returns the port bound. */
  public int bind(String host, int port) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(OUTBOUND_BYTES_LOW, OUTBOUND_BYTES_HIGH))
        .childHandler(initializer());
    server = b.bind(host, port).sync().channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Keeps a connection to replica {@code id} at {@code address} open, redialling with backoff. */
  public void dial(int id, InetSocketAddress address) {
    dial(id, address, RECONNECT_MILLIS_MIN);
  }

  private void dial(int id, InetSocketAddress address, long backoffMillis) {
    if (closed) {
      return;
    }
    if (refuses(id)) {
      retry(id, address, RECONNECT_MILLIS_MAX); // cut by the refusal file: ask again later
      return;
    }
    Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1_000)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(OUTBOUND_BYTES_LOW, OUTBOUND_BYTES_HIGH))
        .handler(initializer());
    ChannelFuture f = b.connect(address);
    f.addListener(done -> {
      long next = Math.min(RECONNECT_MILLIS_MAX, backoffMillis * 2);
      if (!done.isSuccess()) {
        retry(id, address, next);
      } else {
        Channel ch = f.channel();
        dialled.add(ch);
        if (closed) { // closed while connecting: close saw no channel, so this one closes itself
          ch.close();
        }
        // redial once this connection closes, starting again from the shortest wait
        ch.closeFuture().addListener(c -> {
          dialled.remove(ch);
          retry(id, address, RECONNECT_MILLIS_MIN);
        });
      }
    });
  }

  private void retry(int id, InetSocketAddress address, long backoffMillis) {
    if (!closed) {
      group.schedule(() -> dial(id, address, backoffMillis), backoffMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Shapes what this replica sends replicas {@code 0..replicas-1} from now on (delay, loss,
   * duplication, reordering, bandwidth); {@link LinkShaping#NONE} or null turns shaping off.
   */
  public void shapeReplicaLinks(LinkShaping shaping, int replicas) {
    if (shaping == null || shaping.isNone()) {
      shaper = null;
      return;
    }
    shapedBytes = new java.util.concurrent.atomic.AtomicLongArray(replicas);
    shaper = new LinkShaper(shaping, selfId, replicas);
  }

  /** Sends a replica message to replica {@code to}; counted, not queued, if it cannot go now. */
  public void sendToReplica(int to, Message m) {
    byte[] frame = Frames.of(Frames.PEER, WireCodec.encode(m));
    LinkShaper s = shaper;
    if (s == null) {
      write(replicas.get(to), frame);
      return;
    }
    long[] delays = s.plan(to, frame.length, System.nanoTime());
    if (delays.length == 0) {
      counters.add(TransportCounters.SHAPED_LOSS);
      return;
    }
    java.util.concurrent.atomic.AtomicLongArray held = shapedBytes;
    for (long d : delays) {
      if (d <= 0 || to < 0 || to >= held.length()) {
        write(replicas.get(to), frame);
        continue;
      }
      // Messages held back for their delay count against the same bound as a slow peer's buffer.
      if (held.addAndGet(to, frame.length) > OUTBOUND_BYTES_HIGH) {
        held.addAndGet(to, -frame.length);
        counters.add(TransportCounters.SHAPED_BACKLOG_FULL);
        continue;
      }
      try {
        group.schedule(() -> {
          held.addAndGet(to, -frame.length);
          write(replicas.get(to), frame);
        }, d, TimeUnit.MICROSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        held.addAndGet(to, -frame.length);
      }
    }
  }

  /** Sends an encoded client frame to replica {@code to} (from a client). */
  public void sendClientFrameToReplica(int to, byte[] clientFrame) {
    write(replicas.get(to), Frames.of(Frames.CLIENT, clientFrame));
  }

  /** Asks replica {@code to} for its status line; the answer arrives at {@link Listener#onStatus}. */
  public void requestStatus(int to) {
    write(replicas.get(to), new byte[] {Frames.STATUS_REQUEST});
  }

  /** Sends an encoded client frame (a reply) to the client {@code clientId}. */
  public void sendToClient(long clientId, byte[] clientFrame) {
    Channel c = clientId < 0 || clientId > Integer.MAX_VALUE ? null : clients.get((int) clientId);
    write(c, Frames.of(Frames.CLIENT, clientFrame));
  }

  private void write(Channel c, byte[] frame) {
    if (c == null || !c.isActive()) {
      counters.add(TransportCounters.NO_CONNECTION);
    } else if (!c.isWritable()) {
      counters.add(TransportCounters.BACKPRESSURE);
    } else {
      c.writeAndFlush(Unpooled.wrappedBuffer(frame), c.voidPromise());
    }
  }

  /** Whether replica {@code id} has an authenticated connection now. */
  public boolean connectedTo(int id) {
    Channel c = replicas.get(id);
    return c != null && c.isActive();
  }

  /**
   * From now on refuses links with the replicas listed in {@code file} (see {@link PeerRefusals}),
   * polled every {@link PeerRefusals#POLL_MILLIS} ms: links to newly listed peers are closed, and
   * listed peers are neither dialled nor accepted until they leave the list.
   */
  public void refusePeersListedIn(java.nio.file.Path file) {
    PeerRefusals r = new PeerRefusals(file);
    r.poll();
    refusals = r;
    group.scheduleWithFixedDelay(() -> {
      for (int id : r.poll()) {
        Channel c = replicas.get(id);
        if (c != null) {
          counters.add(TransportCounters.REFUSED_PEER);
          c.close();
        }
      }
    }, PeerRefusals.POLL_MILLIS, PeerRefusals.POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private boolean refuses(int replicaId) {
    PeerRefusals r = refusals;
    return r != null && r.refuses(replicaId);
  }

  // ------------------------------------------------------------ called by ConnectionHandler

  Role selfRole() {
    return selfRole;
  }

  int selfId() {
    return selfId;
  }

  byte[] sign(byte[] statement) {
    return signer.sign(statement);
  }

  Verifier ring(Role role) {
    return role == Role.REPLICA ? replicaRing : clientRing;
  }

  Listener listener() {
    return listener;
  }

  public TransportCounters counters() {
    return counters;
  }

  void authenticated(Role role, int id, Channel ch) {
    if (role == Role.REPLICA && refuses(id)) {
      counters.add(TransportCounters.REFUSED_PEER);
      ch.close();
      return;
    }
    Channel old = (role == Role.REPLICA ? replicas : clients).put(id, ch);
    if (old != null && old != ch) {
      old.close(); // the peer reconnected (restart): the newest proven connection wins
    }
  }

  void disconnected(Role role, int id, Channel ch) {
    (role == Role.REPLICA ? replicas : clients).remove(id, ch);
  }

  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    } else {
      // the group goes on serving other clients: close only this transport's own channels
      for (Channel ch : dialled) {
        ch.close().syncUninterruptibly();
      }
      for (Channel ch : clients.values()) {
        ch.close().syncUninterruptibly();
      }
    }
  }
}
