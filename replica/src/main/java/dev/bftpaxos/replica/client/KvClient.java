package dev.bftpaxos.replica.client;

import dev.bftpaxos.core.client.ClientCore;
import dev.bftpaxos.core.client.ClientOutput;
import dev.bftpaxos.core.client.MatchingReplies;
import dev.bftpaxos.core.client.ReplyRule;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ClusterTuning;
import dev.bftpaxos.replica.config.ReplicaEntry;
import dev.bftpaxos.replica.node.ClusterKeys;
import dev.bftpaxos.replica.transport.Listener;
import dev.bftpaxos.replica.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An asynchronous client of the key-value machine over the authenticated transport, driving the
 * same {@link ClientCore} the simulator's clients use: the mode's reply rule (crash: the first
 * reply; Byzantine: f+1 matching replies whose signatures verify), retransmission, leader
 * discovery, and a {@code (clientId, seq)} session. Operations run one at a time, in submission
 * order; each future completes with the decoded result.
 */
public final class KvClient implements AutoCloseable {
  /**
   * Client ticks are a millisecond, whatever the replicas' tick. A request unanswered for
   * {@link ClusterTuning#clientRetransmitMillis()} (the cluster file's electionTimeoutTicks times
   * its tickMillis: 100 ms by default) is sent again, to every replica.
   */
  public static final long TICK_MILLIS = 1;

  private record Op(byte[] bytes, CompletableFuture<KvResult> done) {}

  private final ClientCore core;
  private final NettyTransport transport;
  private final ScheduledExecutorService ticker;
  private final ArrayDeque<Op> queue = new ArrayDeque<>();
  private Op current;

  /** A client whose session starts at sequence number 1: one client object per id, ever. */
  public KvClient(ClusterConfig config, ClusterKeys keys, Signer signer, long clientId) {
    this(config, keys, signer, clientId, 0);
  }

  /**
   * A client continuing the session of {@code clientId} after sequence number {@code lastSeq}. A
   * short-lived process (the CLI) passes a clock reading, {@link #clockSeq()}, so that successive
   * invocations under one client id never reuse a number.
   */
  public KvClient(ClusterConfig config, ClusterKeys keys, Signer signer, long clientId, long lastSeq) {
    int n = config.n();
    int retransmitTicks = Math.toIntExact(config.tuning().clientRetransmitMillis() / TICK_MILLIS);
    Digest32 configId = keys.publicConfiguration().configId();
    if (config.mode() == ClusterMode.CRASH) {
      core = new ClientCore(clientId, n, retransmitTicks, new ReplyRule.FirstReply());
    } else {
      ReplyRule rule = new MatchingReplies(config.f() + 1, reply -> keys.replicas().verify(reply.replica(),
          Statements.reply(configId, reply.clientId(), reply.seq(), reply.slot(), reply.result()), reply.signature()));
      core = new ClientCore(clientId, n, retransmitTicks, rule,
          r -> signer.sign(Statements.request(configId, r.clientId(), r.seq(), r.op())));
    }
    core.resumeAfter(lastSeq);
    transport = new NettyTransport(Role.CLIENT, (int) clientId, signer, keys.replicas(), null, config.frameBytesMax(),
        new Listener() {
          @Override
          public boolean onPeerMessage(int fromReplica, Message message) {
            return true; // a replica never sends a client replica messages; nothing to do with one
          }

          @Override
          public boolean onClientFrame(Role role, int id, ClientFrameDecoded frame) {
            if (role == Role.REPLICA && frame instanceof ClientFrameDecoded.ReplyFrame r && r.reply().replica() == id) {
              onReply(r.reply());
            }
            return true;
          }
        });
    for (ReplicaEntry e : config.replicas()) {
      transport.dial(e.id(), new InetSocketAddress(e.host(), e.port()));
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kv-client-" + clientId);
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Microseconds since the epoch: above every sequence number an earlier CLI run of the same
   * client used, as long as the clock does not step back and a run issues under a million
   * operations a second.
   */
  public static long clockSeq() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  public CompletableFuture<KvResult> put(String key, String value) {
    return submit(new KvCommand.Put(key, value).encode());
  }

  public CompletableFuture<KvResult> get(String key) {
    return submit(new KvCommand.Get(key).encode());
  }

  public CompletableFuture<KvResult> delete(String key) {
    return submit(new KvCommand.Delete(key).encode());
  }

  /**
   * Sets {@code key} to {@code newValue} if it holds {@code expected} ({@code null}: if it is
   * absent); completes with a {@link KvResult.CasResult}.
   */
  public CompletableFuture<KvResult> cas(String key, String expected, String newValue) {
    return submit(new KvCommand.Cas(key, expected, newValue).encode());
  }

  private CompletableFuture<KvResult> submit(byte[] op) {
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    synchronized (this) {
      queue.add(new Op(op, f));
      startNext();
    }
    return f;
  }

  private void startNext() {
    if (current == null && !queue.isEmpty()) {
      current = queue.poll();
      handle(core.submit(current.bytes()));
    }
  }

  private synchronized void onReply(Reply reply) {
    handle(core.onReply(reply));
  }

  private synchronized void tick() {
    handle(core.onTick());
  }

  private void handle(ClientOutput out) {
    for (ClientOutput.Send s : out.send()) {
      transport.sendClientFrameToReplica(s.to(), WireCodec.encodeRequest(s.request()));
    }
    if (out.completed() != null && current != null) {
      Op done = current;
      current = null;
      try {
        done.done().complete(KvResult.decode(out.completed().result()));
      } catch (RuntimeException e) {
        done.done().completeExceptionally(e);
      }
      startNext();
    }
  }

  /** Retransmissions so far: a measure of how often replies were late or lost. */
  public synchronized long retransmissions() {
    return core.retransmissions();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    transport.close();
    synchronized (this) {
      if (current != null) {
        current.done().completeExceptionally(new IllegalStateException("client closed"));
      }
      queue.forEach(o -> o.done().completeExceptionally(new IllegalStateException("client closed")));
    }
  }
}
