package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.learner.ConfigurationFiles;
import dev.bftpaxos.replica.config.ClientAuth;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ClusterTuning;
import dev.bftpaxos.replica.config.ReplicaEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster",
    header = "Start a whole real cluster on this machine: keys, cluster file, one replica process per id.",
    description = {
        "Makes the keys (as keygen does, with --clients client keys), picks free ports on 127.0.0.1, "
            + "writes DIR/cluster.yaml, and starts --n replica processes ('bft-paxos replica') as child "
            + "JVMs of the same Java and classpath. Each writes its output to DIR/replica-I.log and its "
            + "process id to DIR/replica-I.pid; its data is in DIR/data/I. Once every replica listens, and their status "
            + "lines name one leader (or --start-timeout-ms passed: it says so and runs on), it prints how to connect (put, get, cas, status, load) and runs until Ctrl-C or SIGTERM, which "
            + "stop every replica it started (by its own process id: a polite stop, then a forced one "
            + "after --stop-timeout-ms). A replica that exits is reported on stderr and not restarted "
            + "(kill one by its pid file to try a failover).",
        "",
        "If a replica does not start (exits, or does not listen within --start-timeout-ms), the others "
            + "are stopped and the command exits 3 with the reason and the end of that replica's log.",
        "",
        "DIR/cluster.yaml carries timing:, batching: and crypto: sections with the values the replicas use "
            + "(docs/OPERATIONS.md, 'The cluster file'); --set changes one before the replicas start, e.g. "
            + "--set timing.electionTimeoutTicks=1000. Clients (put, get, cas, load) resend a request after "
            + "timing.electionTimeoutTicks x timing.tickMillis ms. --network-from SCENARIO adds a network: "
            + "section: the replicas' transport then delays, drops, duplicates and reorders replica messages "
            + "as that scenario's simulated network does.",
        "",
        "--faulty ID=BEHAVIOUR runs that replica with a simulator behaviour (replica --faulty); the rest are "
            + "correct.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:never in practice: it runs until stopped (Ctrl-C/SIGTERM then exit as the JVM does, 130/143)",
        "2:bad input: options, or DIR already holds a cluster",
        "3:a replica did not start; every other one was stopped",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos cluster --mode crash --n 3 --dir cluster",
        "  bft-paxos cluster --mode byzantine --n 4 --dir byz --clients 32",
        "  bft-paxos cluster --mode byzantine --dir byz --set timing.electionTimeoutTicks=2000 --set timing.tickMillis=1"})
final class ClusterCommand extends CliCommand {
  static final String HOST = LocalCluster.HOST;
  static final int FIRST_CLIENT_ID = 1000;
  static final String LISTENING = LocalCluster.LISTENING;
  /** What cluster.yaml gets unless --set says otherwise. */
  static final ClusterTuning REAL_DEFAULTS = ClusterTuning.REAL_CLUSTER_DEFAULTS;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "crash", description = "crash or byzantine.")
  String mode;

  @Option(names = "--n", paramLabel = "N",
      description = "Number of replicas (crash: at least 3, Byzantine: at least 4). Default: the mode's smallest.")
  Integer n;

  @Option(names = "--spares", paramLabel = "K", defaultValue = "0",
      description = "Also start K spare replicas (ids N..N+K-1), outside the first configuration "
          + "(cluster.yaml's members:) until `reconfigure --add` or `--replace` makes them members.")
  int spares;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "cluster",
      description = "Where keys, cluster.yaml, logs, pid files and data go; must not hold a cluster already.")
  Path dir;

  @Option(names = "--clients", paramLabel = "C", defaultValue = "16",
      description = "Client keys to make (ids from " + FIRST_CLIENT_ID + "); load needs one per client.")
  int clients;

  @Option(names = "--scheme", paramLabel = "NAME", defaultValue = "ed25519", description = "ed25519 or fastsim.")
  String scheme;

  @Option(names = "--start-timeout-ms", paramLabel = "MS", defaultValue = "30000",
      description = "How long each replica may take to listen.")
  long startTimeoutMillis;

  @Option(names = "--stop-timeout-ms", paramLabel = "MS", defaultValue = "5000",
      description = "How long a replica may take to stop politely before it is killed.")
  long stopTimeoutMillis;

  @Option(names = "--replica-jvm-option", paramLabel = "OPT",
      description = "Options for each replica's JVM (repeatable). Default: -Xmx256m -XX:+UseSerialGC.")
  List<String> jvmOptions;

  @Option(names = "--set", paramLabel = "FIELD=VALUE",
      description = "Sets one field of cluster.yaml's timing, batching or crypto section (repeatable): "
          + "timing.tickMillis, timing.heartbeatTicks, timing.electionTimeoutTicks, timing.retransmitTicks, "
          + "batching.windowSlots, batching.batchCountMax, batching.batchBytesMax, batching.batchDelayTicks, "
          + "batching.pipelineSlots, crypto.precheckThreads, crypto.clientAuth, wal.segmentBytes, wal.sparesMax, "
          + "timing.clockDriftMaxPermille (above 0: crash-mode lease reads are served). Ranges and defaults: "
          + "docs/OPERATIONS.md.")
  List<String> settings;

  @Option(names = "--faulty", paramLabel = "ID=BEHAVIOUR,...",
      description = "Misbehaving replicas, e.g. 0=equivocating-proposer or 3='extreme-values(p=0.3)' (each runs "
          + "`replica --faulty`; `bft-paxos behaviours` lists them). The cluster is then not a correct one: expect "
          + "crash mode to lose agreement to a Byzantine behaviour.")
  String faulty;

  @Option(names = "--network-from", paramLabel = "SCENARIO",
      description = "Shape the replica links as this scenario file's network: section says (delay, per-link delays, "
          + "loss, duplication, reordering), in the replicas' transport; written into DIR/cluster.yaml as its "
          + "network: section, where bandwidthBytesPerSecond can be added. Without it, links are not shaped.")
  Path networkFrom;

  @Option(names = "--export-certificates", paramLabel = "DIR",
      description = "Byzantine mode: each replica I runs with `replica --export-certificates DIR/replica-I`, writing "
          + "its commit certificates and config.json there for verify-certificate.")
  Path exportCertificates;

  private java.util.SortedMap<Integer, String> faultyReplicas = new java.util.TreeMap<>();

  private LocalCluster cluster;

  @Override
  int execute() throws Exception {
    ClusterMode m = mode();
    int members = n != null ? n : m.replicasMin();
    checkOptions(m, members);
    if (spares < 0 || members + spares > ClusterConfigFile.REPLICAS_MAX) {
      throw new BadInputException("--spares " + spares + ": expected 0 to " + (ClusterConfigFile.REPLICAS_MAX - members));
    }
    int size = members + spares;
    if (faulty != null) {
      faultyReplicas = Overrides.faulty(faulty, new java.util.TreeMap<>(), size);
    }
    SignatureScheme s = BadInputException.check(() -> ConfigurationFiles.scheme(scheme));
    ClusterTuning tuning = tuning(m, s, size);
    dev.bftpaxos.replica.transport.LinkShaping shaping = dev.bftpaxos.replica.transport.LinkShaping.NONE;
    if (networkFrom != null) {
      try {
        var loaded = dev.bftpaxos.experiment.ScenarioFile.load(networkFrom);
        shaping = RealNetwork.of(loaded.scenario().network(), loaded.seeds() == null ? 1 : loaded.seeds().seed(0));
      } catch (IllegalArgumentException e) { // a ScenarioFileException names the field
        throw new BadInputException("--network-from " + networkFrom + ": " + e.getMessage());
      }
    }
    Path cfgFile = dir.resolve("cluster.yaml");
    if (Files.exists(cfgFile) || Files.exists(dir.resolve("keys")) || Files.exists(dir.resolve("data"))) {
      throw new BadInputException("--dir " + dir + " already holds a cluster (cluster.yaml, keys or data); "
          + "give another --dir or remove it");
    }
    ClusterConfig c = LocalCluster.writeFiles(dir, m, s, size, members, clients, FIRST_CLIENT_ID, tuning, shaping);
    cluster = new LocalCluster(dir, size, jvmOptions, faultyReplicas, startTimeoutMillis, stopTimeoutMillis);
    cluster.firstMembers(members);
    if (exportCertificates != null) {
      cluster.exportCertificates(exportCertificates);
    }
    Thread hook = new Thread(() -> {
      err().println(spec.qualifiedName() + ": stopping " + cluster.startedCount() + " replicas");
      err().flush();
      cluster.stopAll();
    }, "cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter o = out();
    int launched = 0;
    try {
      for (int i = 0; i < size; i++, launched++) {
        if (!cluster.launch(i)) {
          return ExitCodes.OK; // Ctrl-C while starting: the hook stops the ones started
        }
      }
    } catch (IOException | RuntimeException e) {
      err().println(spec.qualifiedName() + ": replica " + launched + " did not start: " + e
          + "; stopping the others");
      err().flush();
      cluster.stopAll();
      Runtime.getRuntime().removeShutdownHook(hook);
      return ExitCodes.LIVENESS;
    }
    for (int i = 0; i < size; i++) {
      String problem = cluster.awaitListening(i, 0);
      if (problem != null) {
        err().println(spec.qualifiedName() + ": replica " + i + " did not start: " + problem);
        LocalCluster.tail(cluster.logFile(i)).forEach(l -> err().println("  " + l));
        err().println(spec.qualifiedName() + ": stopping the other replicas");
        err().flush();
        cluster.stopAll();
        Runtime.getRuntime().removeShutdownHook(hook);
        return ExitCodes.LIVENESS;
      }
    }
    String leader = cluster.awaitLeader();
    printHowToConnect(o, c, size);
    o.println(leader);
    o.println("Ctrl-C stops every replica.");
    o.flush();
    watch(size);
    return ExitCodes.OK;
  }

  /**
   * The timing and batching this cluster's file gets: {@link #REAL_DEFAULTS} with each --set
   * applied, checked by the file's own reader (so its ranges and messages are the file's) before
   * anything is written.
   */
  private ClusterTuning tuning(ClusterMode m, SignatureScheme s, int size) throws IOException {
    ClusterTuning t = REAL_DEFAULTS;
    for (String setting : settings == null ? List.<String>of() : settings) {
      int eq = setting.indexOf('=');
      if (eq < 0) {
        throw new BadInputException("--set " + setting + ": expected FIELD=VALUE, e.g. timing.electionTimeoutTicks=1000");
      }
      String name = setting.substring(0, eq).trim();
      String text = setting.substring(eq + 1).trim();
      int value;
      ClientAuth auth = ClientAuth.fromFileName(text);
      if (name.equals("crypto.clientAuth") && auth != null) {
        value = auth.ordinal(); // the one field with named values: signatures, macs, hybrid
      } else {
        try {
          value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
          throw new BadInputException("--set " + setting + ": the value is not an integer"
              + (name.equals("crypto.clientAuth") ? " nor signatures, macs or hybrid" : ""));
        }
      }
      try {
        t = t.with(name, value);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--set " + setting + ": " + e.getMessage());
      }
    }
    Path probe = Files.createTempFile("bftpaxos-cluster-check", ".yaml");
    try {
      List<ReplicaEntry> entries = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        entries.add(new ReplicaEntry(i, HOST, 1 + i, Path.of("k" + i), Path.of("d" + i)));
      }
      Files.writeString(probe, ClusterConfigFile.format(new ClusterConfig(probe, m, s.name(), Path.of("c"),
          dev.bftpaxos.core.wire.WireCodec.FRAME_BYTES_MAX, entries, t), probe.getParent()));
      ClusterConfigFile.read(probe);
    } catch (ClusterConfigException e) {
      String msg = e.getMessage();
      throw new BadInputException("--set: " + msg.substring(msg.indexOf(": ") + 2));
    } finally {
      Files.deleteIfExists(probe);
    }
    return t;
  }

  private ClusterMode mode() {
    return modeNamed(mode);
  }

  /** {@code --mode}'s value as a mode (keygen's too), or bad input naming it. */
  static ClusterMode modeNamed(String mode) {
    for (ClusterMode m : ClusterMode.values()) {
      if (m.fileName().equals(mode)) {
        return m;
      }
    }
    throw new BadInputException("--mode " + mode + ": expected crash or byzantine");
  }

  private void checkOptions(ClusterMode m, int size) {
    if (size < m.replicasMin() || size > ClusterConfigFile.REPLICAS_MAX) {
      throw new BadInputException("--n " + size + ": " + m.fileName() + " mode needs " + m.replicasMin() + " to "
          + ClusterConfigFile.REPLICAS_MAX + " replicas");
    }
    if (clients < 0 || clients > KeygenCommand.CLIENTS_MAX) {
      throw new BadInputException("--clients must be in 0.." + KeygenCommand.CLIENTS_MAX + ", got " + clients);
    }
    if (startTimeoutMillis < 1) {
      throw new BadInputException("--start-timeout-ms must be at least 1, got " + startTimeoutMillis);
    }
    if (stopTimeoutMillis < 0) {
      throw new BadInputException("--stop-timeout-ms must not be negative, got " + stopTimeoutMillis);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadInputException("--dir " + dir + " exists and is not a directory");
    }
    if (exportCertificates != null && m != ClusterMode.BYZANTINE) {
      throw new BadInputException("--export-certificates: a " + m.fileName() + "-mode cluster's replicas hold no "
          + "commit certificates (no signatures); use --mode byzantine");
    }
    if (exportCertificates != null && Files.exists(exportCertificates) && !Files.isDirectory(exportCertificates)) {
      throw new BadInputException("--export-certificates " + exportCertificates + " exists and is not a directory");
    }
  }

  Path logFile(int id) {
    return dir.resolve("replica-" + id + ".log");
  }

  Path pidFile(int id) {
    return dir.resolve("replica-" + id + ".pid");
  }

  private void printHowToConnect(PrintWriter o, ClusterConfig c, int size) {
    Path cfg = dir.resolve("cluster.yaml");
    String key = dir.resolve("keys").resolve(KeygenCommand.fileName(Role.CLIENT, FIRST_CLIENT_ID)).toString();
    o.printf(Locale.ROOT, "cluster    %s mode, n=%d, f=%d, %d client keys (%d..%d), running%n", c.mode().fileName(),
        c.members().size(), c.f(), clients, FIRST_CLIENT_ID, FIRST_CLIENT_ID + clients - 1);
    if (c.hasSpares()) {
      o.printf(Locale.ROOT, "members    %s; spares %s (outside every quorum until reconfigure adds them)%n",
          c.members(), java.util.stream.IntStream.range(c.members().size(), size).boxed().toList());
    }
    for (int i = 0; i < size; i++) {
      o.printf(Locale.ROOT, "replica %d  %s:%d  pid %d  log %s%n", i, HOST, c.replica(i).port(), cluster.process(i).pid(),
          logFile(i));
    }
    o.printf(Locale.ROOT, "config     %s%n", cfg);
    ClusterTuning t = c.tuning();
    o.printf(Locale.ROOT, "timing     tick %d ms, heartbeat %d, election timeout %d, retransmit %d ticks; "
        + "clients resend after %d ms%n", t.tickMillis(), t.heartbeatTicks(), t.electionTimeoutTicks(),
        t.retransmitTicks(), t.clientRetransmitMillis());
    o.println("try:");
    String jar = "bft-paxos";
    if (clients > 0) {
      o.printf(Locale.ROOT, "  %s put --config %s --client-key %s greeting hello%n", jar, cfg, key);
      o.printf(Locale.ROOT, "  %s get --config %s --client-key %s greeting%n", jar, cfg, key);
      o.printf(Locale.ROOT, "  %s cas --config %s --client-key %s --key greeting --expected hello --value bye%n", jar,
          cfg, key);
      o.printf(Locale.ROOT, "  %s status --config %s --client-key %s%n", jar, cfg, key);
      o.printf(Locale.ROOT, "  %s load --config %s --clients %d --outstanding 1 --duration 10s%n", jar, cfg,
          Math.min(clients, 16));
      if (c.hasSpares()) {
        o.printf(Locale.ROOT, "  %s reconfigure --config %s --client-key %s --replace %d --with %d%n", jar, cfg, key,
            c.members().get(c.members().size() - 1), c.members().size());
      }
    } else {
      o.println("  (no client keys: start again with --clients C to connect clients)");
    }
    o.printf(Locale.ROOT, "  kill $(cat %s)    # crash a replica%n", pidFile(0));
  }

  /** Until stopped: reports each replica that exits. */
  private void watch(int size) throws InterruptedException {
    boolean[] reported = new boolean[size];
    while (true) {
      for (int i = 0; i < size; i++) {
        Process p = cluster.process(i);
        if (!reported[i] && !p.isAlive() && !cluster.stopping()) {
          reported[i] = true;
          err().println(spec.qualifiedName() + ": replica " + i + " (pid " + p.pid() + ") exited with code "
              + p.exitValue() + "; log " + logFile(i));
          err().flush();
        }
      }
      Thread.sleep(500);
    }
  }
}
