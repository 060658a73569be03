package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.experiment.Configuration;
import dev.bftpaxos.experiment.RealReadRow;
import dev.bftpaxos.history.CheckResult;
import dev.bftpaxos.history.History;
import dev.bftpaxos.history.HistoryFormatException;
import dev.bftpaxos.history.HistoryParser;
import dev.bftpaxos.history.LinearizabilityChecker;
import dev.bftpaxos.history.StaleReadHistoryCheck;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.learner.ConfigurationFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code compare --real --reads}: what each read guarantee costs on a real cluster. Per mode, one
 * cluster of real processes at the mode's smallest size, and on it one closed-loop load per way of
 * reading (log, stale, linearizable, lease), each {@link #READ_RATIO} gets, the rest puts so the log
 * keeps moving, each with its own history, checked: writes and non-stale reads for
 * linearizability, stale reads against the slots they claim. The same cluster serves every kind in
 * turn (after one warm-up), so the rows differ by the reads, not by the JVMs' warmth.
 */
final class RealReadCosts {
  static final double READ_RATIO = 0.9;
  static final List<String> KINDS = List.of("log", "stale", "linearizable", "lease");
  /**
   * The clock drift bound the reads' clusters assume (timing.clockDriftMaxPermille), so crash-mode
   * leaders serve lease reads: 1%, far above what a loopback machine's one monotonic clock drifts.
   */
  static final int CLOCK_DRIFT_PERMILLE = 10;

  private final RealCompare.Settings settings;
  private final PrintWriter log;

  RealReadCosts(RealCompare.Settings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  /** One row per kind for {@code config}'s mode and size, run in {@code dir}. */
  List<RealReadRow> run(Configuration config, Path dir, LocalClusterHolder holder) throws IOException,
      InterruptedException {
    ClusterMode mode = ClusterCommand.modeNamed(config.mode().label());
    int n = config.replicas();
    RealCompare.prepare(dir);
    SignatureScheme scheme = BadInputException.check(() -> ConfigurationFiles.scheme("ed25519"));
    var cfg = LocalCluster.writeFiles(dir, mode, scheme, n, settings.clients(), ClusterCommand.FIRST_CLIENT_ID,
        ClusterCommand.REAL_DEFAULTS.with("timing.clockDriftMaxPermille", CLOCK_DRIFT_PERMILLE),
        dev.bftpaxos.replica.transport.LinkShaping.NONE);
    LocalCluster cluster = new LocalCluster(dir, n, settings.jvmOptions(), new TreeMap<>(), settings.startTimeoutMillis(),
        RealCompare.STOP_TIMEOUT_MILLIS);
    holder.set(cluster);
    List<RealReadRow> rows = new ArrayList<>();
    try {
      String problem = RealCompare.start(cluster);
      if (problem != null) {
        log.println("  " + problem);
        for (String k : KINDS) {
          rows.add(RealReadRow.notRun(config, k, problem));
        }
        return rows;
      }
      log.println("  " + cluster.awaitLeader().trim());
      log.flush();
      boolean first = true;
      for (String kind : KINDS) {
        rows.add(load(config, cfg.file(), dir.resolve(kind), kind, first));
        RealReadRow r = rows.get(rows.size() - 1);
        log.printf(Locale.ROOT, "  %-12s %s%n", kind, r.problem() != null ? "not run: " + r.problem()
            : String.format(Locale.ROOT, "%.0f ops/s, reads p50 %.2f ms, %s", r.opsPerSecond(), r.readP50Micros() / 1e3,
                r.verdict()));
        log.flush();
        first = false;
      }
      return rows;
    } finally {
      cluster.stopAll();
      holder.set(null);
    }
  }

  private RealReadRow load(Configuration config, Path clusterFile, Path dir, String kind, boolean first)
      throws IOException {
    Files.createDirectories(dir);
    Path history = dir.resolve("history.jsonl");
    Path json = dir.resolve("load.json");
    // the first kind also warms the cluster up (JIT, connections); the others start warm
    long warmup = first ? Math.max(settings.warmupMillis(), RealCompareCommand.WARMUP_DEFAULT_MILLIS) : 1_000;
    StringWriter text = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(text, true));
    cl.setErr(new PrintWriter(text, true));
    int exit = cl.execute("load", "--config", clusterFile.toString(), "--clients", Integer.toString(settings.clients()),
        "--duration", settings.durationMillis() + "ms", "--warmup", warmup + "ms", "--keys", "20",
        "--read-ratio", Double.toString(READ_RATIO), "--read-kind", kind, "--history", history.toString(),
        "--json", json.toString(), "--csv", dir.resolve("load.csv").toString(), "--seed", Long.toString(settings.seed()),
        "--op-timeout-ms", Long.toString(settings.opTimeoutMillis()), "-q");
    Files.writeString(dir.resolve("load.txt"), text.toString());
    if (!Files.exists(json)) {
      return RealReadRow.notRun(config, kind, "the load wrote no report (exit " + exit + ")");
    }
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    JsonNode reads = r.path("reads");
    JsonNode writes = r.path("writes");
    return new RealReadRow(config.mode().label(), config.replicas(), kind, settings.clients(), r.path("ops").asLong(),
        r.path("throughputOpsPerSecond").asDouble(), reads.path("p50Micros").asLong(), reads.path("p99Micros").asLong(),
        writes.path("p50Micros").asLong(), r.path("timedOut").asLong() + r.path("warmupTimedOut").asLong(),
        verdict(history), null);
  }

  /** The history's verdict: linearizability of the rest, and stale reads against their slots. */
  static String verdict(Path history) {
    History h;
    try (Reader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
      h = HistoryParser.parse(in);
    } catch (IOException | HistoryFormatException e) {
      return "UNREADABLE";
    }
    CheckResult lin = LinearizabilityChecker.check(h);
    if (!StaleReadHistoryCheck.check(h).isEmpty()) {
      return "STALE_READS_WRONG";
    }
    return lin.verdict().name() + (h.staleReads().isEmpty() ? "" : " (+" + h.staleReads().size() + " stale ok)");
  }

  /** Where the cluster running now is kept for Ctrl-C. */
  interface LocalClusterHolder {
    void set(LocalCluster c);
  }
}
