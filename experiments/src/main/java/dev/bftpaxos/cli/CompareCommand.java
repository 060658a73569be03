package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.shard.Shard;
import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.experiment.Aggregate;
import dev.bftpaxos.experiment.CompareRecords;
import dev.bftpaxos.experiment.CompareReport;
import dev.bftpaxos.experiment.ConfiguredRun;
import dev.bftpaxos.experiment.Configuration;
import dev.bftpaxos.experiment.ExperimentRunner;
import dev.bftpaxos.experiment.Formats;
import dev.bftpaxos.experiment.Mode;
import dev.bftpaxos.experiment.Plots;
import dev.bftpaxos.experiment.ReadCosts;
import dev.bftpaxos.experiment.ScenarioFile;
import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.experiment.SeedRange;
import dev.bftpaxos.experiment.TextTable;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.awt.AWTError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Compare cluster sizes with and without faults over many seeds.",
    description = {
        "The main experiment. For each mode (crash today) and cluster size (n = 3 and 5), runs the "
            + "scenario with no faults and with faults, each over the same seeds, in parallel, and "
            + "prints one row per configuration: runs, requests completed, throughput and latency "
            + "percentiles in simulated time, messages and bytes sent per committed request, and "
            + "violations found.",
        "",
        "'faults' rows run the scenario as given: by default random-faults, whose crashes, "
            + "partitions and cut links are drawn from each seed, plus message loss, duplication and "
            + "reordering. 'none' rows run the same scenario and seeds with all of that removed. "
            + "The same seed draws the same schedule for n = 3 and n = 5, so the rows compare.",
        "",
        "Writes compare.csv and compare.md (the table) and runs.csv (one row per run, with its "
            + "fault plan and trace hash) into the output folder, and plots of the table: "
            + "throughput.png/.svg (requests per simulated second, bars without and with faults) "
            + "and latency.png/.svg (p50, p90 and p99 per configuration, one panel per fault "
            + "setting, log scale when the spread is wide); --no-plots skips them. The files depend "
            + "only on the inputs and seeds, never on the wall clock or thread count (the wall time goes to "
            + "timing.json). --shard I/N runs every N-th run and writes it to --out/shard-I-of-N.jsonl; "
            + "'bft-paxos merge' writes the same files from all N shards. Every "
            + "violation is listed with a replay command. Exits with 1 if any run broke safety, "
            + "else 3 if any broke liveness.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos compare                  (4 configurations x 5 seeds)",
        "  bft-paxos compare --seeds 50 --threads 2 --out results/compare-50",
        "  bft-paxos compare --scenario docs/scenario-example.yaml --replicas 3,5,7",
        "  bft-paxos compare --quiet --no-plots > table.txt",
        "  bft-paxos compare --real --mode crash --replicas 3 --duration 20s --perturb kill,pause"})
final class CompareCommand extends CliCommand {
  @Mixin
  ExitCodes.Help exitCodes;

  @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "random-faults",
      description = "The scenario to compare: a YAML file (see docs/scenario-example.yaml) or a built-in name (basic, random-faults, lease-reads, byzantine-basic, byzantine-random-faults).")
  String scenario;

  @Option(names = "--seeds", paramLabel = "S",
      description = "Seeds per configuration (default: the scenario file's seeds.count, else 5).")
  Integer seeds;

  @Option(names = "--seed-base", paramLabel = "N",
      description = "First seed; the runs use seeds N..N+S-1 (default: the scenario file's seeds.base, else 1).")
  Long seedBase;

  @Option(names = "--mode", paramLabel = "MODE", split = ",", defaultValue = "crash,byzantine",
      description = "Fault models to compare, comma-separated: crash (n = 3, 5) and byzantine (n = 4, 7). "
          + "Both run the same workload, network and seeds, so differences come from the protocol.")
  List<String> modes;

  @Option(names = "--replicas", paramLabel = "N", split = ",",
      description = "Cluster sizes to run (default: per mode; 3,5 for crash, 4,7 for byzantine).")
  List<Integer> replicas;

  @Option(names = "--variant", paramLabel = "NAME", defaultValue = "correct", completionCandidates = VariantNames.class,
      description = "Protocol rules for every run: ${COMPLETION-CANDIDATES}.")
  String variant;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/compare",
      description = "Folder for compare.csv, compare.md, runs.csv and the plots (created; files in it are overwritten).")
  Path out;

  @Option(names = "--no-plots", negatable = false,
      description = "Write only the tables, not throughput.png/.svg and latency.png/.svg.")
  boolean noPlots;

  @Option(names = "--threads", paramLabel = "N",
      description = "Simulations run at once (default: all cores).")
  Integer threads;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar (there is none anyway when stderr is not a terminal).")
  boolean quiet;

  @Option(names = "--shard", paramLabel = "I/N", description = Sharding.HELP)
  String shard;

  @Option(names = "--reads", negatable = false,
      description = "Also compare what each read guarantee costs: per mode at its smallest size, no faults, the same "
          + "seeds with a 90%% get / 10%% put workload read through the log, stale, linearizable and lease; "
          + "throughput and latency per kind in reads.csv and reads.md (simulated). With --real: instead of the "
          + "perturbed runs, one real cluster per mode at its smallest size and one --duration run per read kind, "
          + "histories checked; reads-real.csv and reads-real.md.")
  boolean reads;

  @Option(names = "--real", negatable = false,
      description = "Run each configuration as a real cluster of replica processes on 127.0.0.1 under a closed-loop "
          + "client load, with seeded kill -9/restart, SIGSTOP/SIGCONT and partitions, and check each client "
          + "history for linearizability (docs/OPERATIONS.md, 'compare --real'). Default --out results/compare-real.")
  boolean real;

  @Option(names = "--duration", paramLabel = "D",
      description = "With --real: how long each run is measured, after --warmup (default 20s).")
  String duration;

  @Option(names = "--warmup", paramLabel = "W", description = "With --real: warm-up before measuring (default 2s).")
  String warmup;

  @Option(names = "--perturb", paramLabel = "KINDS",
      description = "With --real: perturbations of the perturbed runs, comma-separated: kill (kill -9, restart from "
          + "the data directory), pause (SIGSTOP, SIGCONT), partition (a minority of f cut off), or none "
          + "(default kill,pause,partition).")
  String perturb;

  @Option(names = "--events", paramLabel = "E",
      description = "With --real: perturbations per perturbed run (default: one of each kind; at most one per 3 s "
          + "of --duration).")
  Integer events;

  @Option(names = "--seed", paramLabel = "S",
      description = "With --real: seed of the perturbation schedule and of the clients' operations (default 1).")
  Long seed;

  @Option(names = "--clients", paramLabel = "C", description = "With --real: closed-loop clients (default 4).")
  Integer clients;

  @Option(names = "--faulty", paramLabel = "ID=BEHAVIOUR,...",
      description = "With --real: misbehaving replicas in every run, as for cluster --faulty, e.g. 0=equivocating-proposer.")
  String faulty;

  @Option(names = "--no-baseline", negatable = false,
      description = "With --real: only the perturbed run per configuration, not also an unperturbed one.")
  boolean noBaseline;

  @Override
  int execute() throws IOException, InterruptedException {
    var parsed = spec.commandLine().getParseResult();
    if (real) {
      for (String simOnly : List.of("--scenario", "--seeds", "--seed-base", "--variant", "--threads", "--shard")) {
        if (parsed.hasMatchedOption(simOnly)) {
          throw new BadInputException(simOnly + " is for the simulated comparison; --real runs real processes");
        }
      }
      return new RealCompareCommand(this).run(parsed.hasMatchedOption("--out") ? out : Path.of("results", "compare-real"),
          out(), err());
    }
    for (String realOnly : List.of("--duration", "--warmup", "--perturb", "--events", "--seed", "--clients", "--faulty",
        "--no-baseline")) {
      if (parsed.hasMatchedOption(realOnly)) {
        throw new BadInputException(realOnly + " needs --real");
      }
    }
    ScenarioFile.Loaded loaded = BadInputException.check(() -> Scenarios.resolve(scenario));
    SeedRange range = seedRange(loaded.seeds());
    Variant rules = BadInputException.check(() -> BrokenVariants.byName(variant));
    int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (threadCount < 1) {
      throw new BadInputException("--threads must be >= 1, got " + threadCount);
    }
    Shard part = Sharding.parse(shard);
    List<Configuration> configs = configurations();
    List<ExperimentRunner.Job> jobs = new ArrayList<>();
    List<Integer> jobIndex = new ArrayList<>();
    int all = 0;
    for (Configuration c : configs) {
      var s = BadInputException.check(() -> c.scenarioFrom(loaded.scenario()));
      for (int i = 0; i < range.count(); i++, all++) {
        if (part == null || part.owns(all)) {
          jobs.add(new ExperimentRunner.Job(c, s, range.seed(i)));
          jobIndex.add(all);
        }
      }
    }
    ObjectNode settings = Sharding.settings(spec, CompareRecords.settings(scenario, variant, range, configs));
    PrintWriter o = out();
    o.printf(Locale.ROOT, "compare: scenario %s, variant %s, seeds %d..%d, %d configurations, %d runs on %d threads%s%n%n",
        scenario, variant, range.base(), range.base() + range.count() - 1, configs.size(), jobs.size(), threadCount,
        part == null ? "" : ", shard " + part.render() + " of " + all + " runs");
    o.flush();
    long start = System.nanoTime();
    List<ConfiguredRun> runs;
    try (ProgressDisplay progress = ProgressDisplay.create("compare", quiet)) {
      runs = ExperimentRunner.run(jobs, rules, threadCount, progress);
    }
    if (part != null) {
      List<ObjectNode> records = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        records.add(CompareRecords.record(jobIndex.get(i), runs.get(i)));
      }
      long failed = runs.stream().filter(r -> !r.result().ok()).count();
      return Sharding.write(o, "compare", part, settings, records, out, start, threadCount,
          runs.size() + " runs, " + failed + " with a violation");
    }
    int code = report(settings, runs, out, noPlots, o, err());
    if (reads) {
      if (part != null) {
        throw new BadInputException("--reads is not sharded: run it without --shard");
      }
      code = worse(code, readCosts(loaded, range, rules, threadCount, o));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    Sharding.writeTiming(out, Sharding.timing(wall, threadCount));
    o.printf(Locale.ROOT, "wall time %s s%n", Formats.decimal(wall, 1));
    return code;
  }

  /** A safety violation (1) outranks a liveness one (3), which outranks none (0). */
  private static int worse(int a, int b) {
    return a == ExitCodes.SAFETY || b == ExitCodes.SAFETY ? ExitCodes.SAFETY : Math.max(a, b);
  }

  /** compare --reads: runs the read-cost jobs, prints and writes their table; exit code as for the main table. */
  private int readCosts(ScenarioFile.Loaded loaded, SeedRange range, Variant rules, int threadCount, PrintWriter o)
      throws IOException, InterruptedException {
    List<Mode> ms = new ArrayList<>();
    for (String m : modes) {
      ms.add(BadInputException.check(() -> Mode.byLabel(m).requireBuilt()));
    }
    List<ExperimentRunner.Job> jobs = BadInputException.check(() -> ReadCosts.jobs(loaded.scenario(), ms, range));
    o.printf(Locale.ROOT, "%nreads: %d runs (each mode at its smallest size, no faults, %d%% gets)%n", jobs.size(),
        ReadCosts.GET_WEIGHT);
    o.flush();
    List<ConfiguredRun> runs;
    try (ProgressDisplay progress = ProgressDisplay.create("reads", quiet)) {
      runs = ExperimentRunner.run(jobs, rules, threadCount, progress);
    }
    List<ReadCosts.Row> rows = ReadCosts.rows(jobs, runs, range.count());
    o.print(TextTable.render(ReadCosts.table(rows)));
    o.println("wrote " + joined(ReadCosts.write(rows, out)));
    int code = ExitCodes.OK;
    for (ConfiguredRun r : runs) {
      if (!r.result().ok()) {
        o.println("  reads violation: " + r.config().label() + " seed " + r.result().seed() + ": " + r.result().violation());
        code = worse(code, Aggregate.isSafety(r.result().violation()) ? ExitCodes.SAFETY : ExitCodes.LIVENESS);
      }
    }
    return code;
  }

  /**
   * Prints the table and violations, writes the tables and plots into {@code out}, and returns
   * the exit code: what an unsharded run and a merge of shards both do with the runs.
   */
  static int report(ObjectNode settings, List<ConfiguredRun> runs, Path out, boolean noPlots, PrintWriter o,
      PrintWriter err) throws IOException {
    CompareReport report = new CompareReport(settings.path("scenario").asText(), settings.path("variant").asText(),
        CompareRecords.seeds(settings), CompareRecords.configurations(settings), runs);
    o.print(TextTable.render(report.summaryTable()));
    o.println();
    List<String> violations = report.violationLines();
    if (violations.isEmpty()) {
      o.println("violations: none");
    } else {
      o.println("violations:");
      violations.forEach(l -> o.println("  " + l));
    }
    o.println("wrote " + joined(report.write(out)));
    if (!noPlots) {
      writePlots(report, out, o, err);
    }
    return exitCode(report);
  }

  /**
   * The plots come after the tables, so a machine that cannot draw (a JRE without fonts, say) still
   * gets the results and the exit code that they decide; it is told why there are no plots.
   */
  private static void writePlots(CompareReport report, Path out, PrintWriter o, PrintWriter err) {
    try {
      o.println("wrote " + joined(Plots.write(report.aggregates(), out)));
    } catch (IOException | RuntimeException | LinkageError | AWTError | InternalError e) {
      o.flush();
      err.println("compare: plots not written (" + e + "); the tables are complete. --no-plots skips the plots.");
      err.flush();
    }
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  private SeedRange seedRange(SeedRange fromFile) {
    SeedRange d = fromFile == null ? SeedRange.DEFAULT : fromFile;
    int count = seeds == null ? d.count() : seeds;
    long base = seedBase == null ? d.base() : seedBase;
    return BadInputException.check(() -> new SeedRange(count, base));
  }

  /** Every asked-for mode and size, each without and then with faults. */
  List<Configuration> configurations() {
    List<Configuration> configs = new ArrayList<>();
    for (String m : modes) {
      Mode mode = BadInputException.check(() -> Mode.byLabel(m).requireBuilt());
      for (int n : replicas == null ? mode.compareReplicaCounts() : replicas) {
        if (n < 1 || n > 64) {
          throw new BadInputException("--replicas: each size must be in 1..64, got " + n);
        }
        configs.add(new Configuration(mode, n, false));
        configs.add(new Configuration(mode, n, true));
      }
    }
    return configs;
  }

  private static int exitCode(CompareReport report) {
    boolean liveness = false;
    for (ConfiguredRun r : report.failedRuns()) {
      if (Aggregate.isSafety(r.result().violation())) {
        return ExitCodes.SAFETY;
      }
      liveness = true;
    }
    return liveness ? ExitCodes.LIVENESS : ExitCodes.OK;
  }
}
