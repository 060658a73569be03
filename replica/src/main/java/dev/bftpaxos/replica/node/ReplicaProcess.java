package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.ReplicaStatus;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ReplicaEntry;
import dev.bftpaxos.replica.driver.CommitObserver;
import dev.bftpaxos.replica.driver.TickSource;
import dev.bftpaxos.replica.transport.PeerRefusals;
import dev.bftpaxos.replica.wal.CorruptLogException;
import dev.bftpaxos.replica.wal.WriteAheadLog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * One replica process: reads the cluster file and its own key, recovers its data directory, and
 * serves until killed. Its stdout carries one status line a second (what {@code status} would
 * show), so a supervisor or test can follow it.
 */
public final class ReplicaProcess {
  public static final int EXIT_BAD_INPUT = 2;
  public static final long STATUS_MILLIS = 1_000;

  private ReplicaProcess() {}

  /** {@code ReplicaProcess CONFIG ID}: for launching a replica without the CLI (tests do). */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ReplicaProcess CONFIG ID");
      System.exit(EXIT_BAD_INPUT);
    }
    int id;
    try {
      id = Integer.parseInt(args[1]);
    } catch (NumberFormatException e) {
      System.err.println("replica id \"" + args[1] + "\" is not a number");
      System.exit(EXIT_BAD_INPUT);
      return;
    }
    System.exit(run(Path.of(args[0]), id, System.out, System.err, new CountDownLatch(1)));
  }

  /**
   * Runs replica {@code id} of the cluster in {@code configFile} until {@code stop} opens (or the
   * process dies); returns the exit code. Bad configuration, keys or a refused data directory are
   * printed to {@code err} in one line and return {@link #EXIT_BAD_INPUT}.
   */
  public static int run(Path configFile, int id, PrintStream out, PrintStream err, CountDownLatch stop)
      throws InterruptedException, IOException {
    return run(configFile, id, out, err, stop, CoreWrapper.CORRECT, null);
  }

  /**
   * As {@link #run(Path, int, PrintStream, PrintStream, CountDownLatch)}, running {@code wrapper}'s
   * replica around the correct core ({@code behaviourName}, if not null, is printed at start).
   */
  public static int run(Path configFile, int id, PrintStream out, PrintStream err, CountDownLatch stop,
      CoreWrapper wrapper, String behaviourName) throws InterruptedException, IOException {
    return run(configFile, id, out, err, stop, wrapper, behaviourName, null);
  }

  /**
   * As above, exporting commit certificates: {@code commits}, if not null, makes the observer the
   * driver tells of each certificate, from the cluster's public configuration; it may refuse with
   * an IllegalArgumentException (bad input: printed, {@link #EXIT_BAD_INPUT}). The observer's
   * status is added to the status line, and it is closed when the replica stops.
   */
  public static int run(Path configFile, int id, PrintStream out, PrintStream err, CountDownLatch stop,
      CoreWrapper wrapper, String behaviourName, Function<PublicConfiguration, CommitObserver> commits)
      throws InterruptedException, IOException {
    ClusterConfig config;
    ClusterKeys keys;
    Signer signer;
    ClientAuthKeys auth;
    try {
      config = ClusterConfigFile.read(configFile);
      if (id < 0 || id >= config.n()) {
        err.println("replica --id " + id + ": " + configFile + " lists replicas 0.." + (config.n() - 1));
        return EXIT_BAD_INPUT;
      }
      keys = ClusterKeys.read(config);
      MemberKey own = keys.own(config.replica(id).privateKeyFile(), Role.REPLICA, id);
      signer = own.signer(keys.scheme());
      auth = ClientAuthKeys.of(config, keys, id, own.keyPair());
    } catch (ClusterConfigException | KeyFileException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return EXIT_BAD_INPUT;
    }
    ReplicaEntry self = config.replica(id);
    CommitObserver observer = CommitObserver.NONE;
    if (commits != null) {
      try {
        observer = commits.apply(keys.publicConfiguration());
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return EXIT_BAD_INPUT;
      }
    }
    try (CommitObserver closedLast = observer) {
      return serve(config, keys, signer, auth, id, out, err, stop, wrapper, behaviourName, observer);
    }
  }

  private static int serve(ClusterConfig config, ClusterKeys keys, Signer signer, ClientAuthKeys auth, int id,
      PrintStream out,
      PrintStream err, CountDownLatch stop, CoreWrapper wrapper, String behaviourName, CommitObserver observer)
      throws InterruptedException, IOException {
    ReplicaEntry self = config.replica(id);
    WriteAheadLog wal;
    try {
      wal = WriteAheadLog.open(self.dataDir(), config.tuning().walSettings());
    } catch (CorruptLogException e) {
      err.println("replica " + id + ": " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    if (wal.recoveryReport() != null) {
      err.println("replica " + id + ": recovery " + wal.recoveryReport());
    }
    KvStateMachine machine = new KvStateMachine();
    // The cluster file's timing and batching sections (CoreConfig.defaults with a 1 ms tick where absent).
    CoreConfig core = config.coreConfig();
    boolean byzantine = config.mode() == dev.bftpaxos.replica.config.ClusterMode.BYZANTINE;
    // The keys this replica signs with as REPLACEs rotate its key: its key file's, and any other
    // private key file of its own in the same directory (where reconfigure --rotate-key writes the new
    // one), so a rotation needs no restart; a key file written there later is found on the next miss.
    java.nio.file.Path keyDirectory = self.privateKeyFile().toAbsolutePath().getParent();
    dev.bftpaxos.core.bft.RotatedKeys ownKeys = byzantine ? ReplicaCores.keyRing(id, keys, signer, keyDirectory, err)
        : null;
    CoreWrapper.Context wrapContext = new CoreWrapper.Context(id, config.n(), byzantine, core,
        byzantine ? signer : null, byzantine ? keys.publicConfiguration().configId() : null,
        durable -> ReplicaCores.build(config.mode(), id, core, keys, keys.replicas(), auth.clients(), auth.replies(),
            signer, new KvStateMachine(), durable, config.members(), ownKeys));
    // Byzantine mode checks signatures on a pool before the driver steps; the core verifies through
    // the prechecker's rings, so it takes those answers instead of verifying again.
    int precheckThreads = config.tuning().precheckThreads();
    Prechecker prechecker = byzantine && precheckThreads > 0 ? new Prechecker(keys.publicConfiguration().configId(),
        keys.replicas(), auth.clients(), precheckThreads) : null;
    dev.bftpaxos.crypto.Verifier replicaRing = prechecker != null ? prechecker.replicas() : keys.replicas();
    dev.bftpaxos.crypto.Verifier clientRing = prechecker != null ? prechecker.clients() : auth.clients();
    ReplicaNode node = new ReplicaNode(id,
        durable -> wrapper.wrap(ReplicaCores.build(config.mode(), id, core, keys, replicaRing, clientRing,
            auth.replies(), signer,
            machine, durable, config.members(), ownKeys), wrapContext),
        wal, signer,
        keys.replicas(), keys.clients(), config.frameBytesMax(), ticksFor(config.tuning()),
        observer, prechecker);
    node.transport().shapeReplicaLinks(config.network(), config.n());
    if (!config.network().isNone()) {
      out.println("replica " + id + ": replica links shaped by the cluster file's network section: " + config.network());
    }
    Map<Integer, InetSocketAddress> peers = new TreeMap<>();
    config.replicas().forEach(e -> peers.put(e.id(), new InetSocketAddress(e.host(), e.port())));
    Thread hook = new Thread(stop::countDown);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // Before the first dial, so a replica restarted inside a partition stays cut off.
      node.transport().refusePeersListedIn(self.dataDir().resolve(PeerRefusals.FILE_NAME));
      node.start(self.host(), self.port(), peers);
      out.printf(Locale.ROOT, "replica %d listening on %s:%d (%s, n=%d, f=%d, data %s%s)%s%n", id, self.host(),
          self.port(), config.mode().fileName(), config.n(), config.f(), self.dataDir(),
          byzantine ? ", client auth " + auth.kind().fileName() : "",
          behaviourName == null ? "" : ", FAULTY: " + behaviourName);
      out.flush();
      while (!stop.await(STATUS_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (node.driver().failure() != null) {
          err.println("replica " + id + ": stopped: " + node.driver().failure());
          return 1;
        }
        String line = statusLine(node, machine, observer.status());
        node.statusLine(line);
        out.println(line);
        out.flush();
      }
      return 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what is running us down
      }
      node.close();
    }
  }

  /**
   * The driver's ticks: read from the monotonic clock where the file assumes a drift bound (lease
   * reads are then served, and must not run on time that lags: {@link TickSource#clocked}); a plain
   * timer otherwise, whose ticks after a pause arrive late, which only delays timeouts.
   */
  static TickSource ticksFor(dev.bftpaxos.replica.config.ClusterTuning tuning) {
    return tuning.clockDriftMaxPermille() > 0 ? TickSource.clocked(tuning.tickMillis())
        : TickSource.every(tuning.tickMillis());
  }

  /**
   * " config=C2 members=0,1,3" (and " pendingFrom=S" while the last known configuration does not
   * govern the next slot yet); empty for a core that reports none.
   */
  static String configuration(ReplicaStatus s) {
    if (s.members() == 0) {
      return "";
    }
    String pending = s.configurationFrom() > s.executedThrough() + 1 ? " pendingFrom=" + s.configurationFrom() : "";
    return " config=C" + s.configurationId() + " members=" + s.memberList() + pending;
  }

  /** One line of key=value pairs; the state digest is computed on the driver thread, between steps. */
  static String statusLine(ReplicaNode node, KvStateMachine machine) {
    return statusLine(node, machine, "");
  }

  /** As above with {@code extra} (" key=value ...") before the counters, which run to the end of the line. */
  static String statusLine(ReplicaNode node, KvStateMachine machine, String extra) {
    ReplicaStatus s = node.driver().status();
    var wal = node.driver().walCounters();
    String digest;
    try {
      digest = node.driver().call(() -> HexFormat.of().formatHex(machine.stateDigest()).substring(0, 16))
          .get(STATUS_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception busy) {
      digest = "?";
    }
    return String.format(Locale.ROOT,
        "status replica=%d ballot=%d leader=%d executed=%d checkpoint=%d digest=%s%s wal.records=%d wal.syncs=%d "
            + "wal.syncMeanMicros=%.1f wal.segmentsPreallocated=%d wal.segmentsRecycled=%d wal.spareMisses=%d%s "
            + "counters=%s",
        s.id(), s.ballot(), s.leader(), s.executedThrough(), s.stableCheckpointSlot(), digest, configuration(s),
        wal.records.get(),
        wal.syncs.get(), wal.syncs.get() == 0 ? 0.0 : wal.syncNanos.get() / 1e3 / wal.syncs.get(),
        wal.segmentsPreallocated.get(), wal.segmentsRecycled.get(), wal.spareMisses.get(), extra, node.counters());
  }
}
