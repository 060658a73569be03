package dev.bftpaxos.cli;

import dev.bftpaxos.experiment.Configuration;
import dev.bftpaxos.experiment.Formats;
import dev.bftpaxos.experiment.Plots;
import dev.bftpaxos.experiment.RealCompareReport;
import dev.bftpaxos.experiment.RealRunResult;
import dev.bftpaxos.experiment.TextTable;
import java.awt.AWTError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code compare --real}: the options of {@link CompareCommand} checked for a real run, one {@link
 * RealCompare} run per configuration (unperturbed, then perturbed, per mode and size), the report
 * and the exit code: 1 if a history is not linearizable, 3 if a run could not be measured (a
 * replica did not start, or nothing completed), else 0.
 */
final class RealCompareCommand {
  static final long DURATION_DEFAULT_MILLIS = 20_000;
  static final long WARMUP_DEFAULT_MILLIS = 2_000;
  static final int CLIENTS_DEFAULT = 4;
  static final long OP_TIMEOUT_MILLIS = 10_000;
  static final long START_TIMEOUT_MILLIS = 60_000;

  private final CompareCommand c;

  RealCompareCommand(CompareCommand c) {
    this.c = c;
  }

  int run(Path out, PrintWriter o, PrintWriter err) throws IOException, InterruptedException {
    long durationMillis = millis("--duration", c.duration, DURATION_DEFAULT_MILLIS, false);
    long warmupMillis = millis("--warmup", c.warmup, WARMUP_DEFAULT_MILLIS, true);
    List<Perturbation.Kind> kinds = kinds(c.perturb);
    int eventCount = c.events != null ? c.events : kinds.size();
    if (eventCount < 0) {
      throw new BadInputException("--events must not be negative, got " + eventCount);
    }
    if (eventCount > 0 && kinds.isEmpty()) {
      throw new BadInputException("--events " + eventCount + " with --perturb none: nothing to perturb with");
    }
    if (!c.reads && eventCount > PerturbationSchedule.capacity(durationMillis)) {
      throw new BadInputException("--events " + eventCount + ": --duration " + durationMillis + " ms has room for "
          + PerturbationSchedule.capacity(durationMillis) + " (one per " + PerturbationSchedule.SEGMENT_MILLIS_MIN
          + " ms); give a longer --duration or fewer --events");
    }
    int clients = c.clients != null ? c.clients : CLIENTS_DEFAULT;
    if (clients < 1 || clients > LoadCommand.CLIENTS_MAX) {
      throw new BadInputException("--clients must be in 1.." + LoadCommand.CLIENTS_MAX + ", got " + clients);
    }
    long seed = c.seed != null ? c.seed : 1;
    List<Configuration> configs = new ArrayList<>();
    for (Configuration cfg : c.configurations()) {
      int min = cfg.mode() == dev.bftpaxos.experiment.Mode.BYZANTINE ? 4 : 3;
      if (cfg.replicas() < min || cfg.replicas() > dev.bftpaxos.replica.config.ClusterConfigFile.REPLICAS_MAX) {
        throw new BadInputException("--replicas " + cfg.replicas() + ": a real " + cfg.mode().label() + " cluster needs "
            + min + ".." + dev.bftpaxos.replica.config.ClusterConfigFile.REPLICAS_MAX + " replicas");
      }
      boolean perturbed = cfg.faults() && eventCount > 0;
      if ((cfg.faults() && perturbed) || (!cfg.faults() && (!c.noBaseline || eventCount == 0))) {
        configs.add(cfg);
      }
    }
    Map<Configuration, SortedMap<Integer, String>> faulty = new LinkedHashMap<>();
    for (Configuration cfg : configs) {
      faulty.put(cfg, c.faulty == null ? new TreeMap<>() : Overrides.faulty(c.faulty, new TreeMap<>(), cfg.replicas()));
    }
    RealCompare.Settings settings = new RealCompare.Settings(durationMillis, warmupMillis, clients, seed,
        OP_TIMEOUT_MILLIS, null, START_TIMEOUT_MILLIS);
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("durationSeconds", durationMillis / 1000.0);
    described.put("warmupSeconds", warmupMillis / 1000.0);
    described.put("perturb", kinds.stream().map(k -> k.label).toList());
    described.put("events", eventCount);
    described.put("seed", seed);
    described.put("clients", clients);
    described.put("faulty", c.faulty == null ? "" : c.faulty);
    described.put("host", LocalCluster.HOST);

    if (c.reads) {
      return runReads(out, o, err, settings, described);
    }
    o.printf(Locale.ROOT, "compare --real (real processes, %s): %d runs of %s s after %s s warm-up, %d clients, "
            + "perturbations %s x %d, seed %d%n%n", LocalCluster.HOST, configs.size(), Formats.decimal(durationMillis / 1e3, 1),
        Formats.decimal(warmupMillis / 1e3, 1), clients, kinds.isEmpty() ? "none" : kinds.stream().map(k -> k.label).toList(),
        eventCount, seed);
    o.flush();
    RealCompare runner = new RealCompare(settings, o);
    Thread hook = new Thread(() -> {
      err.println("compare --real: stopping the replicas of the run in progress");
      err.flush();
      runner.stopCurrent();
    }, "compare-real-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    long start = System.nanoTime();
    List<RealRunResult> results = new ArrayList<>();
    int perRun = (int) (warmupMillis + durationMillis);
    try (ProgressDisplay progress = ProgressDisplay.create("compare --real", c.quiet)) {
      for (int i = 0; i < configs.size(); i++) {
        Configuration cfg = configs.get(i);
        List<Perturbation> plan = cfg.faults()
            ? PerturbationSchedule.draw(seed, cfg.replicas(), kinds, durationMillis, eventCount) : List.of();
        o.printf(Locale.ROOT, "%s n=%d, %s%n", cfg.mode().label(), cfg.replicas(),
            plan.isEmpty() ? "no perturbations" : plan.size() + " perturbations");
        o.flush();
        Path dir = out.resolve("runs").resolve(cfg.mode().label() + "-n" + cfg.replicas() + "-"
            + (cfg.faults() ? "perturbed" : "baseline"));
        results.add(runner.run(cfg, dir, faulty.get(cfg), plan, progress, i * perRun, configs.size() * perRun));
      }
    } finally {
      runner.stopCurrent();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is stopping the replicas
      }
    }
    o.println();
    RealCompareReport report = new RealCompareReport(described, results);
    o.print(TextTable.render(report.summaryTable()));
    if (!report.eventsTable().rows().isEmpty()) {
      o.println();
      o.print(TextTable.render(report.eventsTable()));
    }
    List<Path> written = new ArrayList<>(report.write(out));
    if (!c.noPlots) {
      try {
        written.addAll(Plots.write(results, out, RealCompareReport.LABELS));
      } catch (IOException | RuntimeException | LinkageError | AWTError | InternalError e) {
        err.println("compare --real: plots not written (" + e + "); the tables are complete. --no-plots skips them.");
        err.flush();
      }
    }
    o.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
    o.printf(Locale.ROOT, "wall time %s s%n", Formats.decimal((System.nanoTime() - start) / 1e9, 1));
    o.flush();
    if (results.stream().anyMatch(r -> r.problem() == null && "NOT_LINEARIZABLE".equals(r.verdict()))) {
      return ExitCodes.SAFETY;
    }
    if (results.stream().anyMatch(r -> r.problem() != null || r.ops() == 0 || !r.linearizable())) {
      return ExitCodes.LIVENESS;
    }
    return ExitCodes.OK;
  }

  /**
   * {@code --reads}: per mode in {@code --mode}, at its smallest size, what each read kind costs on a
   * real cluster ({@link RealReadCosts}); no perturbations. Exit 1 if a history is wrong, 3 if a row
   * could not be measured, else 0.
   */
  private int runReads(Path out, PrintWriter o, PrintWriter err, RealCompare.Settings settings,
      Map<String, Object> described) throws IOException, InterruptedException {
    if (c.perturb != null || c.events != null || c.faulty != null) {
      throw new BadInputException("--reads measures reads without perturbations or faulty replicas: drop "
          + (c.perturb != null ? "--perturb" : c.events != null ? "--events" : "--faulty"));
    }
    List<Configuration> configs = new ArrayList<>();
    for (Configuration cfg : c.configurations()) {
      if (!cfg.faults() && configs.stream().noneMatch(x -> x.mode() == cfg.mode())) {
        configs.add(cfg); // the mode's smallest size: configurations() lists sizes in ascending order
      }
    }
    described.remove("perturb");
    described.remove("events");
    described.remove("faulty");
    described.put("readRatio", RealReadCosts.READ_RATIO);
    o.printf(Locale.ROOT, "compare --real --reads (real processes, %s): per mode one cluster, one %s s run per read kind "
            + "(%s), %.0f%% gets, %d clients, seed %d%n%n", LocalCluster.HOST, Formats.decimal(settings.durationMillis() / 1e3, 1),
        String.join(", ", RealReadCosts.KINDS), RealReadCosts.READ_RATIO * 100, settings.clients(), settings.seed());
    o.flush();
    java.util.concurrent.atomic.AtomicReference<LocalCluster> running = new java.util.concurrent.atomic.AtomicReference<>();
    Thread hook = new Thread(() -> {
      LocalCluster now = running.get();
      if (now != null) {
        err.println("compare --real --reads: stopping the replicas of the run in progress");
        err.flush();
        now.stopAll();
      }
    }, "compare-real-reads-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    long start = System.nanoTime();
    List<dev.bftpaxos.experiment.RealReadRow> rows = new ArrayList<>();
    RealReadCosts costs = new RealReadCosts(settings, o);
    try {
      for (Configuration cfg : configs) {
        o.printf(Locale.ROOT, "%s n=%d%n", cfg.mode().label(), cfg.replicas());
        o.flush();
        rows.addAll(costs.run(cfg, out.resolve("runs").resolve(cfg.mode().label() + "-n" + cfg.replicas() + "-reads"),
            running::set));
      }
    } finally {
      LocalCluster left = running.get();
      if (left != null) {
        left.stopAll();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is stopping the replicas
      }
    }
    o.println();
    dev.bftpaxos.experiment.RealReadsReport report = new dev.bftpaxos.experiment.RealReadsReport(described, rows);
    o.print(TextTable.render(report.table()));
    o.println("wrote " + String.join(", ", report.write(out).stream().map(Path::toString).toList()));
    o.printf(Locale.ROOT, "wall time %s s%n", Formats.decimal((System.nanoTime() - start) / 1e9, 1));
    o.flush();
    if (rows.stream().anyMatch(r -> r.problem() == null
        && (r.verdict().startsWith("NOT_LINEARIZABLE") || r.verdict().equals("STALE_READS_WRONG")))) {
      return ExitCodes.SAFETY;
    }
    boolean unmeasured = rows.stream().anyMatch(r -> (r.problem() != null && !r.problem().startsWith("not served"))
        || (r.problem() == null && (r.ops() == 0 || !r.verdict().startsWith("LINEARIZABLE"))));
    return unmeasured ? ExitCodes.LIVENESS : ExitCodes.OK;
  }

  static List<Perturbation.Kind> kinds(String text) {
    if (text == null) {
      return List.of(Perturbation.Kind.values());
    }
    if (text.trim().equals("none")) {
      return List.of();
    }
    List<Perturbation.Kind> kinds = new ArrayList<>();
    for (String part : text.split(",")) {
      Perturbation.Kind k = Perturbation.Kind.byLabel(part);
      if (!kinds.contains(k)) {
        kinds.add(k);
      }
    }
    return kinds;
  }

  private static long millis(String option, String text, long dflt, boolean zeroAllowed) {
    if (text == null) {
      return dflt;
    }
    return DurationOption.micros(option, text, zeroAllowed, TimeUnit.HOURS.toMicros(1), "an hour") / 1_000;
  }
}
