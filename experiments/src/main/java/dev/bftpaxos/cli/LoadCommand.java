package dev.bftpaxos.cli;

import dev.bftpaxos.core.kv.KvLimits;
import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.history.HistoryWriter;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load",
    header = "Closed-loop load against a real cluster: throughput, latency percentiles, a per-second series.",
    description = {
        "Runs --clients clients, each with its own client key (client-ID.key in --key-dir, ids from "
            + "--client-id-base upwards as keygen or cluster numbered them), each keeping --outstanding "
            + "operations submitted: when one is answered the next is submitted. An operation is a get "
            + "(with probability --read-ratio) or a put of a --value-bytes value, on one of --keys keys chosen "
            + "uniformly. Operations invoked during --warmup are not counted; then --duration is measured.",
        "",
        "A client sends its operations one at a time (one (client, seq) session each): with --outstanding "
            + "above 1 the others wait in the client's queue, and their latency includes that wait.",
        "",
        "Prints a summary on stdout (throughput, p50/p90/p99/p99.9/max latency, reads and writes apart, "
            + "operations per second of the run) and writes load.json and load.csv into --out (or the "
            + "files --json and --csv name). --history writes every operation as JSON lines for "
            + "check-history. A progress bar shows on stderr when it is a terminal. Every operation waits "
            + "at most --op-timeout-ms (then it counts as timed out, is 'info' in the history, and its "
            + "client stops). Ctrl-C stops the run and prints and writes the partial report. "
            + "Fields and columns: docs/OPERATIONS.md.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run completed; every measured operation was answered",
        "2:bad input: options, cluster file, keys (fewer client keys than --clients)",
        "3:some operation timed out (also one invoked in the warm-up), or none completed in the measurement",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos load --config cluster/cluster.yaml --clients 16 --outstanding 1 --duration 10s",
        "  bft-paxos load --config cluster/cluster.yaml --clients 4 --duration 5s --read-ratio 0.9 "
            + "--history run.jsonl --out results/load",
        "  bft-paxos check-history run.jsonl"})
final class LoadCommand extends CliCommand {
  static final int CLIENTS_MAX = 1024;
  static final int OUTSTANDING_MAX = 64;
  static final int KEYS_MAX = 1_000_000;
  /** After the measurement, how long answers to operations still out are awaited at most. */
  static final long DRAIN_MILLIS_MAX = 5_000;
  /** How long Ctrl-C waits for the partial report to be written. */
  static final long INTERRUPT_REPORT_MILLIS = 10_000;
  static final long POLL_MILLIS = 100;
  /** The slot of an answer that names none (a write answered with a reply certificate). */
  static final long NO_SLOT = -1;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
  Path config;

  @Option(names = "--clients", paramLabel = "C", defaultValue = "4",
      description = "Number of clients, each with its own client key (1.." + CLIENTS_MAX + ").")
  int clients;

  @Option(names = "--outstanding", paramLabel = "O", defaultValue = "1",
      description = "Operations each client keeps submitted (1.." + OUTSTANDING_MAX + ").")
  int outstanding;

  @Option(names = "--duration", paramLabel = "D", defaultValue = "10s",
      description = "How long to measure, after the warm-up (e.g. 10s, 1500ms).")
  String duration;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "2s",
      description = "How long to run before measuring (connections, leader, JIT); 0s for none.")
  String warmup;

  @Option(names = "--value-bytes", paramLabel = "B", defaultValue = "16",
      description = "Size of each put's value (1.." + KvLimits.VALUE_BYTES_MAX + "; longer if B is too short for "
          + "the unique tag every value starts with).")
  int valueBytes;

  @Option(names = "--keys", paramLabel = "K", defaultValue = "100",
      description = "Number of keys: PREFIXk0..PREFIXk(K-1).")
  int keys;

  @Option(names = "--key-prefix", paramLabel = "PREFIX",
      description = "Prefix of every key. Default: r<start time in base 36>- , fresh for each run, so that each "
          + "run's history starts from absent keys, as check-history assumes, on a cluster that served runs before.")
  String keyPrefix;

  @Option(names = "--read-ratio", paramLabel = "R", defaultValue = "0.5",
      description = "Fraction of operations that are gets (0..1); the rest are puts.")
  double readRatio;

  @Option(names = "--read-kind", paramLabel = "KIND", defaultValue = "log",
      description = "How the gets read: " + ReadKindOption.VALUES + ", or mixed (each get picks one of the four at "
          + "random). " + ReadKindOption.HELP + " In --history a stale read is marked read: stale with the slot it "
          + "reflects, and every write carries its slot: check-history holds stale reads to their slots, the rest "
          + "to linearizability.")
  String readKind;

  /** The kinds the gets use: one, or (mixed) all four with null for log. */
  private dev.bftpaxos.core.msg.Read.Kind[] readKinds;

  @Option(names = "--history", paramLabel = "FILE",
      description = "Write every operation (warm-up included) as JSON lines that check-history reads.")
  Path history;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write load.json and load.csv here (default results/load, unless --json or --csv is given).")
  Path out;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here (instead of --out).")
  Path json;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write the per-second CSV here (instead of --out).")
  Path csv;

  @Option(names = "--key-dir", paramLabel = "DIR",
      description = "Where the client-ID.key files are. Default: the directory of the cluster's public configuration.")
  Path keyDir;

  @Option(names = "--client-id-base", paramLabel = "N",
      description = "Use the client ids from N up. Default: the lowest client id of the public configuration.")
  Integer clientIdBase;

  @Option(names = "--op-timeout-ms", paramLabel = "MS", defaultValue = "10000",
      description = "Give up on an operation unanswered this long (it counts as timed out).")
  long opTimeoutMillis;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the operation mix.")
  long seed;

  @Option(names = "--reply-certificates", paramLabel = "DIR",
      description = "Byzantine mode: save the reply certificates of the first --reply-certificates-max operations "
          + "as DIR/reply-CLIENT-SEQ.json (see put --reply-certificate). Their latencies include the wait for f+1 "
          + "replies agreeing on the slot and the write; with the default warm-up they are not measured.")
  Path replyCertificates;

  @Option(names = "--reply-certificates-max", paramLabel = "N", defaultValue = "100",
      description = "How many operations --reply-certificates saves, 1.." + REPLY_CERTIFICATES_MAX + ".")
  int replyCertificatesMax;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  /** Most reply certificates one load run saves: they are for spot checks, not for every operation. */
  static final int REPLY_CERTIFICATES_MAX = 100_000;

  @Override
  int execute() throws Exception {
    long durationNanos = durationNanos("--duration", duration, false);
    long warmupNanos = durationNanos("--warmup", warmup, true);
    checkOptions();
    ClusterConfig c;
    ClusterKeys ks;
    try {
      c = ClusterConfigFile.read(config);
      ks = ClusterKeys.read(c);
    } catch (ClusterConfigException | KeyFileException | IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    if (replyCertificates != null && c.mode() != dev.bftpaxos.replica.config.ClusterMode.BYZANTINE) {
      throw new BadInputException("--reply-certificates: " + config + " is a " + c.mode().fileName()
          + "-mode cluster, whose replies are unsigned; reply certificates exist in byzantine mode only");
    }
    if (replyCertificates != null && !c.tuning().clientAuthKind().signsReplies()) {
      throw new BadInputException("--reply-certificates: " + config + " has crypto.clientAuth: "
          + c.tuning().clientAuthKind().fileName() + "; replies carry MAC tags only their client can check, so they make no "
          + "certificate (use clientAuth: signatures)");
    }
    if (c.mode() == dev.bftpaxos.replica.config.ClusterMode.CRASH && c.tuning().clockDriftMaxPermille() == 0) {
      List<dev.bftpaxos.core.msg.Read.Kind> served = new ArrayList<>();
      for (dev.bftpaxos.core.msg.Read.Kind k : readKinds) {
        if (k != dev.bftpaxos.core.msg.Read.Kind.LEASE) {
          served.add(k);
        }
      }
      if (served.isEmpty()) {
        throw new BadInputException("--read-kind lease: " + KvClient.LEASE_UNSERVED);
      }
      // mixed on a crash cluster without a drift bound: the kinds it serves (log, stale, linearizable)
      readKinds = served.toArray(dev.bftpaxos.core.msg.Read.Kind[]::new);
    }
    List<MemberKey> identities = clientKeys(c, ks);
    Path jsonFile = json != null || csv != null ? json : (out != null ? out : Path.of("results", "load")).resolve("load.json");
    Path csvFile = json != null || csv != null ? csv : (out != null ? out : Path.of("results", "load")).resolve("load.csv");
    String prefix = keyPrefix != null ? keyPrefix : defaultKeyPrefix(System.currentTimeMillis());
    LoadStats.Settings settings = new LoadStats.Settings(c.mode().fileName(), c.members().size(), clients, outstanding,
        durationNanos / 1e9, warmupNanos / 1e9, valueBytes, keys, prefix, readRatio, seed,
        readKind.trim().toLowerCase(java.util.Locale.ROOT));
    Writer historyOut = null;
    if (history != null) {
      try {
        Path parent = history.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        historyOut = Files.newBufferedWriter(history, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BadInputException("--history " + history + ": cannot write: " + e.getMessage());
      }
    }
    HistoryWriter hw = historyOut == null ? null : new HistoryWriter(historyOut);
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      interrupted.countDown();
      try {
        reported.await(INTERRUPT_REPORT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "load-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Run run = new Run(c, ks, identities, hw, prefix, warmupNanos, durationNanos);
      boolean stopped = run.run(interrupted);
      LoadStats.Report r = run.stats.report(settings, stopped, System.nanoTime(), run.retransmissions());
      out().print(LoadStats.summary(r));
      List<String> written = new ArrayList<>();
      if (jsonFile != null) {
        LoadStats.write(jsonFile, LoadStats.json(r));
        written.add(jsonFile.toString());
      }
      if (csvFile != null) {
        LoadStats.write(csvFile, LoadStats.csv(r));
        written.add(csvFile.toString());
      }
      if (history != null) {
        written.add(history + " (history, " + hw.lines() + " lines)");
      }
      if (replyCertificates != null) {
        written.add(replyCertificates + " (" + run.certificatesWritten.get() + " reply certificates"
            + (run.certificatesFailed.get() > 0 ? ", " + run.certificatesFailed.get() + " could not be written" : "")
            + ")");
      }
      if (!written.isEmpty()) {
        out().println("wrote      " + String.join(", ", written));
      }
      out().flush();
      return r.timedOut() + r.warmupTimedOut() > 0 || r.ops() == 0 ? ExitCodes.LIVENESS : ExitCodes.OK;
    } finally {
      if (hw != null) {
        hw.close();
      }
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is waiting for this report
      }
    }
  }

  private boolean readReplyCertificatesConflict() {
    return replyCertificates != null && !(readKinds.length == 1 && readKinds[0] == null);
  }

  private long durationNanos(String option, String text, boolean zeroAllowed) {
    return DurationOption.micros(option, text, zeroAllowed, TimeUnit.DAYS.toMicros(1), "a day") * 1_000;
  }

  private void checkOptions() {
    if (clients < 1 || clients > CLIENTS_MAX) {
      throw new BadInputException("--clients must be in 1.." + CLIENTS_MAX + ", got " + clients);
    }
    if (outstanding < 1 || outstanding > OUTSTANDING_MAX) {
      throw new BadInputException("--outstanding must be in 1.." + OUTSTANDING_MAX + ", got " + outstanding);
    }
    if (valueBytes < 1 || valueBytes > KvLimits.VALUE_BYTES_MAX) {
      throw new BadInputException("--value-bytes must be in 1.." + KvLimits.VALUE_BYTES_MAX + ", got " + valueBytes);
    }
    if (keys < 1 || keys > KEYS_MAX) {
      throw new BadInputException("--keys must be in 1.." + KEYS_MAX + ", got " + keys);
    }
    if (readKind.trim().equalsIgnoreCase("mixed")) {
      readKinds = new dev.bftpaxos.core.msg.Read.Kind[] {null, dev.bftpaxos.core.msg.Read.Kind.STALE,
          dev.bftpaxos.core.msg.Read.Kind.LINEARIZABLE, dev.bftpaxos.core.msg.Read.Kind.LEASE};
    } else {
      try {
        readKinds = new dev.bftpaxos.core.msg.Read.Kind[] {ReadKindOption.parse("--read-kind", readKind)};
      } catch (BadInputException e) {
        throw new BadInputException(e.getMessage().replace(ReadKindOption.VALUES, ReadKindOption.VALUES + " (or mixed)"));
      }
    }
    if (readReplyCertificatesConflict()) {
      throw new BadInputException("--reply-certificates needs --read-kind log: a read outside the log has no reply "
          + "certificate");
    }
    if (!(readRatio >= 0 && readRatio <= 1)) {
      throw new BadInputException("--read-ratio must be in 0..1, got " + readRatio);
    }
    if (opTimeoutMillis < 1) {
      throw new BadInputException("--op-timeout-ms must be at least 1, got " + opTimeoutMillis);
    }
    if (keyPrefix != null && keyPrefix.getBytes(StandardCharsets.UTF_8).length > KvLimits.KEY_BYTES_MAX - 8) {
      throw new BadInputException("--key-prefix must be at most " + (KvLimits.KEY_BYTES_MAX - 8) + " bytes");
    }
    if (out != null && (json != null || csv != null)) {
      throw new BadInputException("--out and --json/--csv exclude each other: give a directory or the files");
    }
    if (replyCertificatesMax < 1 || replyCertificatesMax > REPLY_CERTIFICATES_MAX) {
      throw new BadInputException("--reply-certificates-max must be in 1.." + REPLY_CERTIFICATES_MAX + ", got "
          + replyCertificatesMax);
    }
    if (replyCertificates != null && Files.exists(replyCertificates) && !Files.isDirectory(replyCertificates)) {
      throw new BadInputException("--reply-certificates " + replyCertificates + " exists and is not a directory");
    }
  }

  /**
   * One client key per client: ids from the base upwards that the public configuration lists,
   * read from client-ID.key in the key directory. Too few is bad input naming how many there are.
   */
  private List<MemberKey> clientKeys(ClusterConfig c, ClusterKeys ks) {
    List<Integer> ids = new ArrayList<>(ks.publicConfiguration().ids(Role.CLIENT));
    int base = clientIdBase != null ? clientIdBase : (ids.isEmpty() ? 0 : ids.get(0));
    List<Integer> usable = ids.stream().filter(id -> id >= base).toList();
    if (usable.size() < clients) {
      throw new BadInputException("--clients " + clients + ": " + c.publicConfigurationFile() + " lists only "
          + usable.size() + " client key" + (usable.size() == 1 ? "" : "s")
          + (clientIdBase != null ? " with an id from --client-id-base " + base : "")
          + (usable.isEmpty() ? "" : " (" + usable.get(0) + ".." + usable.get(usable.size() - 1) + ")")
          + "; make more with 'keygen --clients " + clients + "' (or 'cluster --clients " + clients
          + "'), or give fewer --clients");
    }
    List<MemberKey> keysOut = new ArrayList<>();
    for (int id : usable.subList(0, clients)) {
      Path file = clientKeyFile(c, id);
      if (!Files.isRegularFile(file)) {
        throw new BadInputException("client " + id + ": no key file " + file + (keyDir == null ? " (see --key-dir)" : ""));
      }
      try {
        keysOut.add(ks.own(file, Role.CLIENT, id));
      } catch (KeyFileException e) {
        throw new BadInputException(e.getMessage());
      }
    }
    return keysOut;
  }

  /** Client {@code id}'s key file: client-ID.key in --key-dir, or beside the public configuration. */
  private Path clientKeyFile(ClusterConfig c, int id) {
    Path dir = keyDir != null ? keyDir : c.publicConfigurationFile().toAbsolutePath().getParent();
    return dir.resolve(KeygenCommand.fileName(Role.CLIENT, id));
  }

  /** The clients, their operation slots, and the stats, for one run. */
  private final class Run {
    final LoadStats stats;
    final List<KvClient> kvClients = new ArrayList<>();
    final List<Slot> slots = new ArrayList<>();
    final HistoryWriter history;
    final long startNanos;
    final long measureStartNanos;
    final long endNanos;
    final AtomicBoolean stopping = new AtomicBoolean();
    final String prefix;
    final AtomicInteger active = new AtomicInteger();
    /** Operations that may still be certified; each certified one takes one. */
    final AtomicInteger certificatesLeft = new AtomicInteger(replyCertificatesMax);
    final AtomicInteger certificatesWritten = new AtomicInteger();
    final AtomicInteger certificatesFailed = new AtomicInteger();
    final dev.bftpaxos.crypto.PublicConfiguration publicConfiguration;

    Run(ClusterConfig c, ClusterKeys ks, List<MemberKey> identities, HistoryWriter history, String prefix,
        long warmupNanos, long durationNanos) {
      this.history = history;
      this.prefix = prefix;
      this.publicConfiguration = ks.publicConfiguration();
      ChainDirectory chain = null;
      for (MemberKey k : identities) {
        KvClient client = new KvClient(c, ks, k.signer(ks.scheme()),
            ClientIdentity.macKeys(c, ks, clientKeyFile(c, k.id()), k.id()), k.id(), KvClient.clockSeq());
        kvClients.add(client);
        chain = ChainDirectory.follow(client, c, ks, chain, err());
      }
      startNanos = System.nanoTime();
      measureStartNanos = startNanos + warmupNanos;
      endNanos = measureStartNanos + durationNanos;
      stats = new LoadStats(measureStartNanos, endNanos);
      SplittableRandom root = new SplittableRandom(seed);
      for (int ci = 0; ci < kvClients.size(); ci++) {
        for (int s = 0; s < outstanding; s++) {
          slots.add(new Slot(ci * outstanding + s, kvClients.get(ci), root.split()));
        }
      }
    }

    /** Runs to the end (false) or until interrupted (true); then drains, bounded, and closes the clients. */
    boolean run(CountDownLatch interrupted) throws InterruptedException {
      boolean stopped = false;
      try (ProgressDisplay progress = ProgressDisplay.create("load", quiet)) {
        active.set(slots.size());
        slots.forEach(Slot::next);
        long total = endNanos - startNanos;
        while (System.nanoTime() < endNanos && active.get() > 0) {
          if (interrupted.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            stopped = true;
            break;
          }
          giveUpOnLate(System.nanoTime() - opTimeoutMillis * 1_000_000);
          progress.update((int) (Math.min(System.nanoTime() - startNanos, total) / 1_000_000), (int) (total / 1_000_000));
        }
      }
      if (stopped || active.get() == 0) {
        stats.end(System.nanoTime()); // Ctrl-C, or every client gave up: the measurement ends now
      }
      stopping.set(true);
      long drainDeadline = System.nanoTime() + Math.min(opTimeoutMillis, DRAIN_MILLIS_MAX) * 1_000_000
          / (stopped ? 5 : 1);
      while (active.get() > 0 && System.nanoTime() < drainDeadline) {
        Thread.sleep(10);
      }
      giveUpOnLate(Long.MAX_VALUE);
      for (KvClient k : kvClients) {
        k.close();
      }
      return stopped;
    }

    /** Every slot whose operation was invoked before {@code before} gives it up and stops. */
    private void giveUpOnLate(long before) {
      for (Slot s : slots) {
        s.giveUpIfInvokedBefore(before);
      }
    }

    long retransmissions() {
      return kvClients.stream().mapToLong(KvClient::retransmissions).sum();
    }

    /** One outstanding operation of one client: a history process of its own. */
    private final class Slot {
      final int process;
      final KvClient client;
      final SplittableRandom random;
      long count;
      /** The operation out, or null; whoever takes it (answer or give-up) completes it. */
      Pending pending;

      Slot(int process, KvClient client, SplittableRandom random) {
        this.process = process;
        this.client = client;
        this.random = random;
      }

      /** {@code kind}: a read's kind outside the log (null: through it, or a put); {@code recorded}: in the history. */
      record Pending(boolean read, String key, String value, long invokeNanos, dev.bftpaxos.core.msg.Read.Kind kind,
          boolean recorded) {}

      /** Submits the next operation; outside this slot's lock, since answers arrive holding the client's. */
      void next() {
        Pending p;
        synchronized (this) {
          if (stopping.get()) {
            active.decrementAndGet();
            return;
          }
          boolean read = random.nextDouble() < readRatio;
          String key = prefix + "k" + random.nextInt(keys);
          String value = read ? null : value(process, ++count);
          dev.bftpaxos.core.msg.Read.Kind kind = !read ? null
              : readKinds.length == 1 ? readKinds[0] : readKinds[random.nextInt(readKinds.length)];
          // A stale read claims only its slot's value, not linearizability: marked so in the history, whose
          // checker then holds it to its slot instead (every write's ok line carries its slot for that).
          boolean recorded = history != null;
          if (recorded && kind == dev.bftpaxos.core.msg.Read.Kind.STALE) {
            history.invokeStaleGet(process, key);
          } else if (recorded) {
            history.invoke(process, read ? "get" : "put", key, value);
          }
          p = new Pending(read, key, value, System.nanoTime(), kind, recorded);
          pending = p;
        }
        KvCommand command = p.read() ? new KvCommand.Get(p.key()) : new KvCommand.Put(p.key(), p.value());
        CompletableFuture<KvClient.ReadResult> f;
        if (p.read()) {
          f = client.get(p.key(), p.kind()); // null kind: through the log
        } else if (replyCertificates != null && certificatesLeft.getAndDecrement() > 0) {
          f = client.certified(command).thenApply(c -> new KvClient.ReadResult(null, saved(c), NO_SLOT, true, -1));
        } else {
          f = client.submitWithSlot(command);
        }
        f.whenComplete((r, e) -> answered(p, r, e));
      }

      /**
       * Writes the certificate and returns its result. On the client's thread, but only for the
       * bounded first operations; a write that fails is counted, the operation still succeeded.
       */
      private KvResult saved(dev.bftpaxos.core.client.ReplyCertificate cert) {
        Path file = replyCertificates.resolve("reply-" + cert.clientId() + "-" + cert.seq() + ".json");
        try {
          dev.bftpaxos.learner.ReplyCertificateFile.write(file, cert, publicConfiguration,
              client.configurationOf(cert.slot()));
          certificatesWritten.incrementAndGet();
        } catch (IOException e) {
          if (certificatesFailed.getAndIncrement() == 0) {
            err().println("load: cannot write reply certificate " + file + ": " + e);
          }
        }
        return KvResult.decode(cert.result());
      }

      private void answered(Pending p, KvClient.ReadResult answer, Throwable e) {
        KvResult r = answer == null ? null : answer.result();
        long now = System.nanoTime();
        synchronized (this) {
          if (pending != p) {
            return; // given up on already
          }
          pending = null;
          if (e != null) {
            stats.timedOut(p.invokeNanos());
            if (p.recorded()) {
              history.info(process, p.read() ? "get" : "put", p.key(), p.value());
            }
            active.decrementAndGet();
            return;
          }
          boolean error = r instanceof KvResult.Error;
          stats.completed(p.invokeNanos(), now, p.read(), error);
          if (p.recorded()) {
            String f = p.read() ? "get" : "put";
            if (error) {
              history.fail(process, f, p.key(), p.value());
            } else if (p.kind() == dev.bftpaxos.core.msg.Read.Kind.STALE) {
              history.ok(process, f, p.key(), r instanceof KvResult.Value v ? v.valueOrNull() : null, answer.slot());
            } else if (p.read()) {
              history.ok(process, f, p.key(), r instanceof KvResult.Value v ? v.valueOrNull() : null);
            } else if (answer.slot() != NO_SLOT) {
              history.ok(process, f, p.key(), p.value(), answer.slot());
            } else {
              history.ok(process, f, p.key(), p.value());
            }
          }
        }
        next();
      }

      synchronized void giveUpIfInvokedBefore(long before) {
        Pending p = pending;
        if (p != null && p.invokeNanos() < before) {
          pending = null;
          stats.timedOut(p.invokeNanos());
          if (p.recorded()) {
            history.info(process, p.read() ? "get" : "put", p.key(), p.value());
          }
          active.decrementAndGet();
        }
      }
    }
  }

  /** {@code r<millis in base 36>-}: a prefix no earlier run used, unless two start in one millisecond. */
  static String defaultKeyPrefix(long millis) {
    return "r" + Long.toString(millis, 36) + "-";
  }

  /** A value unique to its process and count, padded to {@code valueBytes}: the checker likes them distinct. */
  String value(int process, long n) {
    return pad("p" + process + "-" + n, valueBytes);
  }

  static String pad(String tag, int bytes) {
    if (tag.length() >= bytes) {
      return tag;
    }
    StringBuilder b = new StringBuilder(bytes).append(tag).append('-');
    while (b.length() < bytes) {
      b.append('x');
    }
    b.setLength(bytes);
    return b.toString();
  }
}
