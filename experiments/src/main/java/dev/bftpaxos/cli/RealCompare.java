package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.experiment.Configuration;
import dev.bftpaxos.experiment.RealEvent;
import dev.bftpaxos.experiment.RealRunResult;
import dev.bftpaxos.history.CheckResult;
import dev.bftpaxos.history.HistoryFormatException;
import dev.bftpaxos.history.HistoryParser;
import dev.bftpaxos.history.LinearizabilityChecker;
import dev.bftpaxos.learner.ConfigurationFiles;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.transport.PeerRefusals;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs one configuration of {@code compare --real}: writes a cluster into its own directory,
 * starts the replica processes, runs {@code load} (in this JVM, so its clock is the schedule's)
 * with {@code --history} on a thread, fires the perturbations of the plan on time, stops every
 * process by its pid (also on failure), checks the history and returns the figures.
 */
final class RealCompare {
  /** Settings shared by every run of one {@code compare --real}. */
  record Settings(long durationMillis, long warmupMillis, int clients, long seed, long opTimeoutMillis,
      List<String> jvmOptions, long startTimeoutMillis) {}

  /** Seconds of the series after an event's end that still count towards its degradation. */
  static final int RECOVERY_SECONDS = 2;
  /** A second below this fraction of the undisturbed rate is degraded. */
  static final double DEGRADED_FRACTION = 0.5;
  static final long STOP_TIMEOUT_MILLIS = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final PrintWriter log;
  /** The cluster running now, for the shutdown hook; null between runs. */
  private final AtomicReference<LocalCluster> current = new AtomicReference<>();

  RealCompare(Settings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  /** Stops the cluster running now, if any: what Ctrl-C does. */
  void stopCurrent() {
    LocalCluster c = current.get();
    if (c != null) {
      c.stopAll();
    }
  }

  /** One run; {@code progress} advances in milliseconds of planned run time from {@code doneBefore}. */
  RealRunResult run(Configuration config, Path dir, SortedMap<Integer, String> faulty, List<Perturbation> plan,
      ProgressDisplay progress, int doneBefore, int total) throws IOException, InterruptedException {
    ClusterMode mode = ClusterCommand.modeNamed(config.mode().label());
    int n = config.replicas();
    int f = mode == ClusterMode.BYZANTINE ? (n - 1) / 3 : (n - 1) / 2;
    prepare(dir);
    SignatureScheme scheme = BadInputException.check(() -> ConfigurationFiles.scheme("ed25519"));
    ClusterConfig cfg = LocalCluster.writeFiles(dir, mode, scheme, n, settings.clients(), ClusterCommand.FIRST_CLIENT_ID,
        ClusterCommand.REAL_DEFAULTS, dev.bftpaxos.replica.transport.LinkShaping.NONE);
    String faultyText = faulty.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .reduce((a, b) -> a + "," + b).orElse("");
    LocalCluster cluster = new LocalCluster(dir, n, settings.jvmOptions(), faulty, settings.startTimeoutMillis(),
        STOP_TIMEOUT_MILLIS);
    current.set(cluster);
    try {
      String problem = start(cluster);
      if (problem != null) {
        log.println("  " + problem);
        return failed(config, faultyText, problem);
      }
      log.println("  " + cluster.awaitLeader().trim());
      log.flush();
      return measure(config, cluster, cfg, dir, f, faultyText, plan, progress, doneBefore, total);
    } finally {
      cluster.stopAll();
      current.set(null);
      List<Long> alive = cluster.alivePids();
      if (!alive.isEmpty()) {
        log.println("  WARNING: replica processes " + alive + " still run after the stop");
      }
    }
  }

  /** Null once every replica listens, else why not (with the end of its log). */
  static String start(LocalCluster cluster) throws IOException, InterruptedException {
    for (int i = 0; i < cluster.size(); i++) {
      if (!cluster.launch(i)) {
        return "stopped while starting";
      }
    }
    for (int i = 0; i < cluster.size(); i++) {
      String problem = cluster.awaitListening(i, 0);
      if (problem != null) {
        return "replica " + i + " did not start: " + problem + " " + LocalCluster.tail(cluster.logFile(i));
      }
    }
    return null;
  }

  private RealRunResult measure(Configuration config, LocalCluster cluster, ClusterConfig cfg, Path dir, int f,
      String faultyText, List<Perturbation> plan, ProgressDisplay progress, int doneBefore, int total)
      throws IOException, InterruptedException {
    Path history = dir.resolve("history.jsonl");
    Path json = dir.resolve("load.json");
    StringWriter loadOut = new StringWriter();
    StringWriter loadErr = new StringWriter();
    String[] args = {"load", "--config", cfg.file().toString(), "--clients", Integer.toString(settings.clients()),
        "--outstanding", "1", "--duration", settings.durationMillis() + "ms", "--warmup", settings.warmupMillis() + "ms",
        "--keys", "20", "--history", history.toString(), "--json", json.toString(), "--csv",
        dir.resolve("load.csv").toString(), "--seed", Long.toString(settings.seed()), "--op-timeout-ms",
        Long.toString(settings.opTimeoutMillis()), "-q"};
    int[] loadExit = {-1};
    long loadStart = System.nanoTime();
    Thread load = new Thread(() -> {
      picocli.CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(loadOut, true));
      cl.setErr(new PrintWriter(loadErr, true));
      loadExit[0] = cl.execute(args);
    }, "compare-real-load");
    load.setDaemon(true);
    load.start();
    long measureStart = loadStart + settings.warmupMillis() * 1_000_000;
    List<RealEvent> events = new ArrayList<>();
    for (Perturbation p : plan) {
      sleepUntil(measureStart + p.atMillis() * 1_000_000, progress, loadStart, doneBefore, total);
      events.add(fire(cluster, p, f, measureStart, progress, loadStart, doneBefore, total));
    }
    long loadDeadline = measureStart + (settings.durationMillis() + settings.opTimeoutMillis()
        + LoadCommand.DRAIN_MILLIS_MAX + 10_000) * 1_000_000;
    while (load.isAlive() && System.nanoTime() < loadDeadline) {
      tick(progress, loadStart, doneBefore, total);
      load.join(100);
    }
    Files.writeString(dir.resolve("load.txt"), loadOut + loadErr.toString());
    if (load.isAlive() || !Files.exists(json)) {
      return failed(config, faultyText, load.isAlive() ? "the load did not finish in time"
          : "the load wrote no report (exit " + loadExit[0] + "): " + loadErr.toString().trim());
    }
    cluster.stopAll(); // before the checker, which wants the cores
    JsonNode r = JSON.readTree(json.toFile());
    List<Long> perSecond = new ArrayList<>();
    r.path("perSecond").forEach(s -> perSecond.add(s.path("ops").asLong()));
    double undisturbed = undisturbedRate(perSecond, events);
    List<RealEvent> measured = new ArrayList<>();
    for (RealEvent e : events) {
      measured.add(new RealEvent(e.plan(), e.kind(), e.targets(), e.startSeconds(), e.endSeconds(), e.outcome(),
          degraded(perSecond, undisturbed, e.startSeconds(), e.endSeconds() + RECOVERY_SECONDS)));
    }
    int degradedTotal = degraded(perSecond, undisturbed, 0, perSecond.size());
    CheckResult check = check(history);
    JsonNode lat = r.path("latency");
    return new RealRunResult(config, faultyText, settings.clients(), r.path("measuredSeconds").asDouble(),
        r.path("ops").asLong(), r.path("timedOut").asLong() + r.path("warmupTimedOut").asLong(),
        r.path("errors").asLong(), r.path("retransmissions").asLong(), r.path("throughputOpsPerSecond").asDouble(),
        lat.path("p50Micros").asLong(), lat.path("p90Micros").asLong(), lat.path("p99Micros").asLong(),
        lat.path("p999Micros").asLong(), lat.path("maxMicros").asLong(), perSecond, measured,
        check == null ? "UNREADABLE" : check.verdict().name(), check == null ? 0 : check.operationsChecked(),
        degradedTotal, undisturbed, null);
  }

  /** Applies one perturbation, waits its length, undoes it; what happened, in seconds of the measurement. */
  private RealEvent fire(LocalCluster cluster, Perturbation p, int f, long measureStart, ProgressDisplay progress,
      long loadStart, int doneBefore, int total) throws IOException, InterruptedException {
    String note = "";
    int target = p.replica();
    if (p.leader()) {
      int leader = leader(cluster);
      if (leader >= 0) {
        target = leader;
        note = "leader " + leader + " per status; ";
      } else {
        note = "no leader known, replica " + target + "; ";
      }
    }
    List<Integer> targets = p.targets(target, f);
    double start = (System.nanoTime() - measureStart) / 1e9;
    log.printf(Locale.ROOT, "  %5.1f s  %s -> replicas %s%n", start, p.render(), targets);
    log.flush();
    String outcome;
    switch (p.kind()) {
      case KILL -> {
        long pid = cluster.process(target).pid();
        cluster.kill9(target);
        sleepUntil(System.nanoTime() + p.lengthMillis() * 1_000_000, progress, loadStart, doneBefore, total);
        long restartAt = System.nanoTime();
        String problem = cluster.restart(target);
        outcome = note + "kill -9 pid " + pid + (problem == null ? String.format(Locale.ROOT,
            ", restarted as pid %d, listening after %.1f s", cluster.process(target).pid(),
            (System.nanoTime() - restartAt) / 1e9) : ", restart failed: " + problem);
      }
      case PAUSE -> {
        long pid = cluster.process(target).pid();
        cluster.pause(target);
        sleepUntil(System.nanoTime() + p.lengthMillis() * 1_000_000, progress, loadStart, doneBefore, total);
        cluster.resume(target);
        outcome = note + "SIGSTOP then SIGCONT pid " + pid;
      }
      case PARTITION -> {
        TreeSet<Integer> rest = new TreeSet<>();
        for (int i = 0; i < cluster.size(); i++) {
          if (!targets.contains(i)) {
            rest.add(i);
          }
        }
        // Both sides refuse, so neither dials through the cut.
        for (int i = 0; i < cluster.size(); i++) {
          PeerRefusals.write(cluster.dataDir(i).resolve(PeerRefusals.FILE_NAME), targets.contains(i) ? rest : targets);
        }
        sleepUntil(System.nanoTime() + p.lengthMillis() * 1_000_000, progress, loadStart, doneBefore, total);
        cluster.healPartitions();
        outcome = note + "cut " + targets + " from " + rest + ", healed";
      }
      default -> throw new IllegalStateException("unknown perturbation " + p.kind());
    }
    double end = (System.nanoTime() - measureStart) / 1e9;
    return new RealEvent(p.render(), p.kind().label, targets, start, end, outcome, 0);
  }

  /**
   * The leader the replicas' status lines (one a second in each log) name in the highest ballot
   * any live replica reports, or -1.
   */
  static int leader(LocalCluster cluster) {
    long bestBallot = Long.MIN_VALUE;
    int leader = -1;
    for (int i = 0; i < cluster.size(); i++) {
      Process p = cluster.process(i);
      long[] s = p != null && p.isAlive() ? cluster.lastStatus(i) : null;
      if (s != null && s[1] >= 0 && s[0] > bestBallot) {
        bestBallot = s[0];
        leader = (int) s[1];
      }
    }
    return leader;
  }

  /**
   * The median ops of the seconds no event touched (from its start to {@link #RECOVERY_SECONDS}
   * after its end), or of all seconds if every one was touched.
   */
  static double undisturbedRate(List<Long> perSecond, List<RealEvent> events) {
    List<Long> sample = new ArrayList<>();
    for (int s = 0; s < perSecond.size(); s++) {
      boolean touched = false;
      for (RealEvent e : events) {
        touched |= s + 1 > e.startSeconds() && s < e.endSeconds() + RECOVERY_SECONDS;
      }
      if (!touched) {
        sample.add(perSecond.get(s));
      }
    }
    if (sample.isEmpty()) {
      sample.addAll(perSecond);
    }
    if (sample.isEmpty()) {
      return 0;
    }
    sample.sort(Comparator.naturalOrder());
    int m = sample.size() / 2;
    return sample.size() % 2 == 1 ? sample.get(m) : (sample.get(m - 1) + sample.get(m)) / 2.0;
  }

  /** Seconds of the series from {@code fromSeconds} to {@code toSeconds} below half of {@code rate}. */
  static int degraded(List<Long> perSecond, double rate, double fromSeconds, double toSeconds) {
    int count = 0;
    int from = (int) Math.max(0, Math.floor(fromSeconds));
    int to = (int) Math.min(perSecond.size(), Math.ceil(toSeconds));
    for (int s = from; s < to; s++) {
      if (perSecond.get(s) < DEGRADED_FRACTION * rate) {
        count++;
      }
    }
    return count;
  }

  private static CheckResult check(Path history) {
    try (Reader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
      return LinearizabilityChecker.check(HistoryParser.parse(in));
    } catch (IOException | HistoryFormatException e) {
      return null;
    }
  }

  private void sleepUntil(long nanos, ProgressDisplay progress, long loadStart, int doneBefore, int total)
      throws InterruptedException {
    while (System.nanoTime() < nanos) {
      tick(progress, loadStart, doneBefore, total);
      Thread.sleep(Math.max(1, Math.min(100, (nanos - System.nanoTime()) / 1_000_000)));
    }
  }

  private void tick(ProgressDisplay progress, long loadStart, int doneBefore, int total) {
    long planned = settings.warmupMillis() + settings.durationMillis();
    progress.update(doneBefore + (int) Math.min(planned, (System.nanoTime() - loadStart) / 1_000_000), total);
  }

  private RealRunResult failed(Configuration config, String faulty, String problem) {
    return new RealRunResult(config, faulty, settings.clients(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(),
        "NOT CHECKED", 0, 0, 0, problem);
  }

  /**
   * An empty directory for the run: created, or emptied if it holds an earlier run of this command
   * (a cluster.yaml); anything else there is bad input rather than something to delete.
   */
  static void prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.exists(dir.resolve("cluster.yaml"))) {
        throw new BadInputException("--out: " + dir + " exists and holds no earlier compare --real run; remove it "
            + "or give another --out");
      }
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }
}
