package dev.bftpaxos.replica.client;

import dev.bftpaxos.core.client.ClientCore;
import dev.bftpaxos.core.client.ClientOutput;
import dev.bftpaxos.core.client.KnownConfigurations;
import dev.bftpaxos.core.client.MatchingReplies;
import dev.bftpaxos.core.client.ReadPolicy;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.client.ReplyRule;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.ClientMacKeys;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.replica.config.ClientAuth;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ClusterTuning;
import dev.bftpaxos.replica.config.ReplicaEntry;
import dev.bftpaxos.replica.node.ClusterKeys;
import dev.bftpaxos.replica.transport.Listener;
import dev.bftpaxos.replica.transport.ClientEventLoops;
import dev.bftpaxos.replica.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
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
   * Client ticks are 5 ms, whatever the replicas' tick: they only time retransmission, whose
   * interval is tens of milliseconds or more, and every tick costs a wake-up. A request unanswered for
   * {@link ClusterTuning#clientRetransmitMillis()} (the cluster file's electionTimeoutTicks times
   * its tickMillis: 100 ms by default) is sent again, to every replica.
   */
  public static final long TICK_MILLIS = 5;

  /** Most completed requests still waiting for the replies their certificate needs; beyond, the oldest fails. */
  public static final int AWAITING_CERTIFICATES_MAX = 16;

  /**
   * One operation. {@code certified} is non-null for {@link #certified}; {@code collector} is
   * created once the core has signed the request.
   */
  private static final class Op {
    final byte[] bytes;
    final CompletableFuture<KvResult> done;
    final CompletableFuture<ReplyCertificate> certified;
    /** Non-null for {@link #get(String, Read.Kind)}: the kind asked for and where its answer goes. */
    final Read.Kind readKind;
    final CompletableFuture<ReadResult> readDone;
    ReplyCollector collector;
    byte[] acceptedResult;
    /** Non-null for {@link #reconfigure}: the log's answer is text, not a {@link KvResult}. */
    CompletableFuture<String> textDone;

    Op(byte[] bytes, CompletableFuture<KvResult> done, CompletableFuture<ReplyCertificate> certified) {
      this(bytes, done, certified, null, null);
    }

    Op(byte[] bytes, CompletableFuture<KvResult> done, CompletableFuture<ReplyCertificate> certified,
        Read.Kind readKind, CompletableFuture<ReadResult> readDone) {
      this.bytes = bytes;
      this.done = done;
      this.certified = certified;
      this.readKind = readKind;
      this.readDone = readDone;
    }
  }

  /**
   * The answer to a read of some kind: the value ({@link KvResult}), the slot the answering state
   * had executed through (for a stale read, the slot its value reflects; for a read through the log,
   * the read's own slot), and whether the read went through the log after all (asked so, a kind
   * this mode does not serve outside the log, or, Byzantine, no quorum agreed in time).
   */
  public record ReadResult(Read.Kind asked, KvResult result, long slot, boolean throughLog, int replica) {}

  /**
   * Why a crash-mode cluster whose file sets no {@code timing.clockDriftMaxPermille} serves no lease
   * reads: a drift bound of 0 means none is assumed, and a leader then refuses every lease read
   * (MultiPaxos.onRead); the client would retry refusals for ever.
   */
  public static final String LEASE_UNSERVED = "lease reads: this crash-mode cluster assumes no clock drift bound "
      + "(timing.clockDriftMaxPermille is 0 in its cluster file), so its leader refuses every lease read; set it "
      + "(cluster --set timing.clockDriftMaxPermille=10) or use linearizable (read-index, one heartbeat round)";

  private final boolean crash;
  /** Whether the cluster file assumes a clock drift bound, without which a crash-mode leader serves no lease. */
  private final boolean leases;
  private final ClientCore core;
  private final Digest32 configId;
  /** Whether replies are signed (Byzantine mode, crypto.clientAuth: signatures), so that f+1 make a certificate. */
  private final boolean signedReplies;
  /**
   * Byzantine mode: the configurations replies are counted in (KnownConfigurations), the cluster
   * file's first one until {@link #learn} adds the next; null in crash mode, where the first reply
   * is taken.
   */
  private final KnownConfigurations configurations;
  /** Asked for configurations after the last known one whenever a request is sent again; null: none. */
  private volatile ConfigurationSource source;
  /** Held while configurations are learned from the source. */
  private final Object learning = new Object();
  /** Certified operations whose result is in but whose certificate still lacks replies; oldest first. */
  private final ArrayDeque<Op> awaitingCertificate = new ArrayDeque<>();
  private final NettyTransport transport;
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
    this(config, keys, signer, null, clientId, lastSeq);
  }

  /**
   * As above; {@code macs} are the client's MAC keys, required when the cluster file's
   * {@code crypto.clientAuth} is {@code macs} or {@code hybrid} (Byzantine mode), ignored otherwise. The signer
   * still proves the client's identity when a connection opens.
   *
   * @throws IllegalArgumentException if the cluster uses MACs and {@code macs} is null or for
   *     another client, configuration or number of replicas
   */
  public KvClient(ClusterConfig config, ClusterKeys keys, Signer signer, ClientMacKeys macs, long clientId,
      long lastSeq) {
    int n = config.n();
    int retransmitTicks = Math.toIntExact(Math.max(1, config.tuning().clientRetransmitMillis() / TICK_MILLIS));
    configId = keys.publicConfiguration().configId();
    crash = config.mode() == ClusterMode.CRASH;
    leases = config.tuning().clockDriftMaxPermille() > 0;
    if (config.mode() == ClusterMode.CRASH) {
      signedReplies = false;
      configurations = null;
      core = new ClientCore(clientId, n, retransmitTicks, new ReplyRule.FirstReply());
    } else {
      ClientAuth auth = config.tuning().clientAuthKind();
      if (!auth.signsRequests() || !auth.signsReplies()) {
        checkMacKeys(macs, configId, clientId, n);
      }
      // A signature is checked with the member's key in the reply's configuration; a tag with the
      // key this client shares with the replica, which no configuration change rotates.
      KnownConfigurations.ReplyCheck check = auth.signsReplies() ? KnownConfigurations.signed(configId)
          : (reply, ring) -> macs.replyValid(reply.replica(),
              Statements.reply(configId, reply.clientId(), reply.seq(), reply.slot(), reply.result()), reply.signature());
      configurations = new KnownConfigurations(new KnownConfigurations.Known(0, 1, new java.util.TreeSet<>(
          config.members()), keys.replicas()::verify), check);
      signedReplies = auth.signsReplies(); // tags convince only this client: no reply certificates
      core = new ClientCore(clientId, n, retransmitTicks, new MatchingReplies(configurations),
          auth.signsRequests()
              ? r -> signer.sign(Statements.request(configId, r.clientId(), r.seq(), r.op()))
              : r -> macs.authenticator(Statements.request(configId, r.clientId(), r.seq(), r.op())),
          // The same read policy as the simulator's Byzantine clients (Simulator.newClient); read
          // answers stay signed in every clientAuth mode.
          ReadPolicy.byzantineSigned(configId, configurations));
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
            } else if (role == Role.REPLICA && frame instanceof ClientFrameDecoded.ReadReplyFrame r
                && r.reply().replica() == id) {
              onReadReply(r.reply());
            }
            return true;
          }
        }, ClientEventLoops.shared());
    for (ReplicaEntry e : config.replicas()) {
      transport.dial(e.id(), new InetSocketAddress(e.host(), e.port()));
    }
    ClientTicker.add(this);
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

  /**
   * Submits a configuration change, ordered and answered through the log like any request
   * (docs/PROTOCOL.md, "Reconfiguration through the log"); completes with the log's answer,
   * {@code ok C<id> from <slot>} (the new configuration's number and the slot it governs from) or
   * {@code refused: <reason>}.
   */
  public CompletableFuture<String> reconfigure(dev.bftpaxos.core.log.ConfigChange change) {
    return reconfigure(change, null);
  }

  /**
   * As {@link #reconfigure(dev.bftpaxos.core.log.ConfigChange)}, also completing {@code certified}
   * (when not null; Byzantine mode with signed replies only) with the change's reply certificate:
   * the link of a configuration chain (docs/CERTIFICATES.md, section 10).
   */
  public CompletableFuture<String> reconfigure(dev.bftpaxos.core.log.ConfigChange change,
      CompletableFuture<ReplyCertificate> certified) {
    if (certified != null && !signedReplies) {
      throw new IllegalStateException("this cluster's replies are not signed (crash mode, or crypto.clientAuth macs or "
          + "hybrid): no reply certificate");
    }
    CompletableFuture<String> text = new CompletableFuture<>();
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    f.whenComplete((v, e) -> {
      if (e != null) {
        text.completeExceptionally(e);
      }
    });
    Op op = new Op(change.encode(), f, certified);
    op.textDone = text;
    synchronized (this) {
      queue.add(op);
      startNext();
    }
    return text;
  }

  /** Runs {@code command}; completes with its decoded result. */
  public CompletableFuture<KvResult> submit(KvCommand command) {
    return submit(command.encode());
  }

  /**
   * Submits {@code command} through the log like {@link #submit(KvCommand)}, and answers with the
   * slot it executed in too ({@link ReadResult#asked()} is null, {@link ReadResult#throughLog()}
   * true): what a history needs to check stale reads against the slots they claim.
   */
  public CompletableFuture<ReadResult> submitWithSlot(KvCommand command) {
    CompletableFuture<ReadResult> r = new CompletableFuture<>();
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    f.whenComplete((v, e) -> {
      if (e != null) {
        r.completeExceptionally(e);
      }
    });
    synchronized (this) {
      queue.add(new Op(command.encode(), f, null, null, r));
      startNext();
    }
    return r;
  }

  public CompletableFuture<KvResult> put(String key, String value) {
    return submit(new KvCommand.Put(key, value).encode());
  }

  public CompletableFuture<KvResult> get(String key) {
    return submit(new KvCommand.Get(key).encode());
  }

  /**
   * Reads {@code key} the way {@code kind} says, by the core's client rules ({@link ClientCore#submitRead}):
   * crash mode takes the first answer (stale: any one replica; linearizable: the leader after its
   * read-index round; lease: the leader under its lease); Byzantine mode takes one signed answer for
   * a stale read and a quorum of matching signed answers for a linearizable one, falling back to the
   * log after one retransmission timeout or a mismatch, and sends lease reads through the log.
   * {@code null} reads through the log, like {@link #get(String)}.
   */
  public CompletableFuture<ReadResult> get(String key, Read.Kind kind) {
    CompletableFuture<ReadResult> r = new CompletableFuture<>();
    if (!serves(kind)) {
      r.completeExceptionally(new UnsupportedOperationException(LEASE_UNSERVED));
      return r;
    }
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    f.whenComplete((v, e) -> {
      if (e != null) {
        r.completeExceptionally(e);
      }
    });
    synchronized (this) {
      queue.add(new Op(new KvCommand.Get(key).encode(), f, null, kind, r));
      startNext();
    }
    return r;
  }

  /**
   * Whether {@link #get(String, Read.Kind)} can answer {@code kind} here: every kind but crash-mode
   * lease reads where the cluster file assumes no drift bound ({@link #LEASE_UNSERVED}). Byzantine lease reads go through the log, as the core's
   * read policy sends them.
   */
  public boolean serves(Read.Kind kind) {
    return !(crash && kind == Read.Kind.LEASE && !leases);
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

  private static void checkMacKeys(ClientMacKeys macs, Digest32 configId, long clientId, int n) {
    if (macs == null) {
      throw new IllegalArgumentException("the cluster file's crypto.clientAuth uses MACs: the client needs its MAC keys "
          + "(keygen writes client-ID.macs.json beside client-ID.json)");
    }
    if (!macs.configId().equals(configId) || macs.clientId() != clientId || macs.replicas() != n) {
      throw new IllegalArgumentException("MAC keys " + macs + " are not client " + clientId + "'s for this cluster ("
          + n + " replicas, config " + configId.shortHex() + ")");
    }
  }

  /**
   * Runs {@code command} and completes with its reply certificate: the f+1 replicas' signed replies
   * that agree on slot and result, and the signed request (Byzantine mode only). Completes a little
   * later than the plain operation when a faulty replica's reply matched the result but not the
   * slot, since the certificate then waits for one more correct reply.
   *
   * @throws IllegalStateException in crash mode, whose replies are unsigned, and with MAC client
   *     authentication, whose replies only this client can check
   */
  public CompletableFuture<ReplyCertificate> certified(KvCommand command) {
    if (!signedReplies) {
      throw new IllegalStateException("this cluster's replies are not signed (crash mode, or crypto.clientAuth macs or "
          + "hybrid): "
          + "no reply certificate");
    }
    CompletableFuture<ReplyCertificate> c = new CompletableFuture<>();
    submit(command.encode(), c);
    return c;
  }

  private CompletableFuture<KvResult> submit(byte[] op) {
    return submit(op, null);
  }

  private CompletableFuture<KvResult> submit(byte[] op, CompletableFuture<ReplyCertificate> certified) {
    CompletableFuture<KvResult> f = new CompletableFuture<>();
    synchronized (this) {
      queue.add(new Op(op, f, certified));
      startNext();
    }
    return f;
  }

  private void startNext() {
    if (current == null && !queue.isEmpty()) {
      current = queue.poll();
      handle(current.readKind == null ? core.submit(current.bytes) : core.submitRead(current.readKind, current.bytes));
    }
  }

  private synchronized void onReply(Reply reply) {
    if (current != null && current.collector != null) {
      current.collector.offer(reply);
    }
    for (Iterator<Op> it = awaitingCertificate.iterator(); it.hasNext(); ) {
      Op o = it.next();
      o.collector.offer(reply);
      if (tryCertify(o)) {
        it.remove();
      }
    }
    handle(core.onReply(reply));
  }

  private synchronized void onReadReply(ReadReply reply) {
    handle(core.onReadReply(reply));
  }

  /** Completes {@code o}'s certificate if its replies now make one; true if they did. */
  private boolean tryCertify(Op o) {
    ReplyCertificate c = o.collector.certificate(o.acceptedResult);
    if (c == null) {
      return false;
    }
    o.certified.complete(c);
    return true;
  }

  private void tick() {
    ConfigurationSource from = source;
    long sentAgain;
    synchronized (this) {
      sentAgain = core.retransmissions();
      handle(core.onTick());
      sentAgain = core.retransmissions() - sentAgain;
    }
    // Outside the lock: a source may read files. A request sent again may be waiting on a
    // configuration this client does not know yet (its slots need that configuration's keys).
    if (sentAgain > 0 && from != null && configurations != null) {
      learnFrom(from);
    }
  }

  /**
   * A configuration after the first, as a link proved it (docs/CERTIFICATES.md, section 10): its
   * number, the first slot it governs, its members, and their keys there.
   */
  public record Membership(long id, long fromSlot, java.util.Set<Integer> members, dev.bftpaxos.crypto.Verifier keys) {}

  /**
   * Where a Byzantine client finds configurations it does not know yet, each proved by a link the
   * source verified (a change's reply certificate, as a learner's chain holds them). Called from the
   * client's tick thread whenever a request is sent again.
   */
  @FunctionalInterface
  public interface ConfigurationSource {
    /** The configurations after {@code configurationId}, in order; empty if none is known. */
    java.util.List<Membership> after(long configurationId);
  }

  /**
   * Follows {@code source} from now on (Byzantine mode; ignored in crash mode, whose client takes
   * the first reply), and asks it at once.
   */
  public void follow(ConfigurationSource source) {
    if (configurations == null) {
      return;
    }
    this.source = source;
    learnFrom(source);
  }

  /**
   * One caller at a time (the tick thread and a caller of {@link #follow} may both ask), and only
   * the next configuration is taken, so two askers never add one twice.
   */
  private void learnFrom(ConfigurationSource from) {
    synchronized (learning) {
      for (Membership m : from.after(configurations.latest().id())) {
        if (m.id() == configurations.latest().id() + 1) {
          learn(m);
        }
      }
    }
  }

  /**
   * Byzantine mode: the configuration after the last one this client knows, proved by a link the
   * caller verified. Ignored in crash mode.
   *
   * @throws IllegalArgumentException if it is not the next configuration
   */
  public void learn(Membership m) {
    if (configurations != null) {
      configurations.add(new KnownConfigurations.Known(m.id(), m.fromSlot(), m.members(), m.keys()::verify));
    }
  }

  /** The configuration governing {@code slot} as this client knows it (0 in crash mode): what its certificates name. */
  public long configurationOf(long slot) {
    return configurations == null ? 0 : configurations.governing(slot).id();
  }

  /**
   * The tick as the shared {@link ClientTicker} runs it: an exception would stop every client's
   * ticks (a scheduled task that throws is never run again), so it fails this client's operation
   * in hand instead and the clients keep ticking.
   */
  void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      synchronized (this) {
        if (current != null) {
          fail(current, e);
        }
      }
    }
  }

  private void handle(ClientOutput out) {
    for (ClientOutput.Send s : out.send()) {
      if (current != null && current.certified != null && current.collector == null) {
        current.collector = new ReplyCollector(configId, configurations, s.request());
      }
      transport.sendClientFrameToReplica(s.to(), WireCodec.encodeRequest(s.request()));
    }
    for (ClientOutput.ReadSend s : out.readSends()) {
      transport.sendClientFrameToReplica(s.to(), WireCodec.encodeRead(s.read()));
    }
    if (out.readCompleted() != null && current != null) {
      Op done = current;
      current = null;
      ReadReply a = out.readCompleted();
      complete(done, a.result(), a.slot(), false, a.replica());
      startNext();
    }
    if (out.completed() != null && current != null) {
      Op done = current;
      current = null;
      Reply c = out.completed();
      complete(done, c.result(), c.slot(), true, c.replica());
      if (done.certified != null) {
        certifyLater(done, out.completed().result());
      }
      startNext();
    }
  }

  private static void complete(Op done, byte[] result, long slot, boolean throughLog, int replica) {
    if (done.textDone != null) {
      done.textDone.complete(new String(result, java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    try {
      KvResult r = KvResult.decode(result);
      done.done.complete(r);
      if (done.readDone != null) {
        done.readDone.complete(new ReadResult(done.readKind, r, slot, throughLog, replica));
      }
    } catch (RuntimeException e) {
      done.done.completeExceptionally(e);
    }
  }

  /** Reads that went through the log instead of being served outside it. */
  public synchronized long readsThroughLog() {
    return core.readsThroughLog();
  }

  private void certifyLater(Op done, byte[] result) {
    done.acceptedResult = result;
    if (done.collector == null) {
      done.certified.completeExceptionally(new IllegalStateException("no request was sent for this operation"));
      return;
    }
    if (tryCertify(done)) {
      return;
    }
    if (awaitingCertificate.size() == AWAITING_CERTIFICATES_MAX) {
      awaitingCertificate.poll().certified.completeExceptionally(new IllegalStateException(
          "gave up on a reply certificate: " + AWAITING_CERTIFICATES_MAX + " newer ones are waiting"));
    }
    awaitingCertificate.add(done);
  }

  /** Retransmissions so far: a measure of how often replies were late or lost. */
  public synchronized long retransmissions() {
    return core.retransmissions();
  }

  @Override
  public void close() {
    ClientTicker.remove(this);
    transport.close();
    synchronized (this) {
      IllegalStateException closed = new IllegalStateException("client closed");
      if (current != null) {
        fail(current, closed);
      }
      queue.forEach(o -> fail(o, closed));
      awaitingCertificate.forEach(o -> o.certified.completeExceptionally(closed));
      awaitingCertificate.clear();
    }
  }

  private static void fail(Op o, RuntimeException e) {
    o.done.completeExceptionally(e);
    if (o.certified != null) {
      o.certified.completeExceptionally(e);
    }
  }
}
