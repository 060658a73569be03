package dev.bftpaxos.cli;

import dev.bftpaxos.attack.MatrixCell;
import dev.bftpaxos.attack.MatrixExpectations;
import dev.bftpaxos.attack.MatrixRecords;
import dev.bftpaxos.attack.MatrixReport;
import dev.bftpaxos.attack.MatrixShard;
import dev.bftpaxos.attack.ResilienceMatrix;
import dev.bftpaxos.experiment.HeatMap;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.shard.Shard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "matrix",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Run the resilience matrix: every mode, size, behaviour and number of faulty replicas.",
    description = {
        "For crash mode (n=3, 5) and Byzantine mode (n=4, 7), each ready behaviour and k = 1..f+1 "
            + "faulty replicas (plus the fault-free k=0 baseline), runs S seeds of the mode's random-faults "
            + "scenario on every core and records safety violations by property, liveness, and throughput "
            + "relative to the fault-free run. Seed i of a cell makes replicas i..i+k-1 (mod n) faulty, as one "
            + "coalition. Each broken cell's lowest failing seed is shrunk to a counterexample with a replay "
            + "command and a readable trace.",
        "",
        "Writes matrix.md, matrix.csv, heatmap.png/.svg and traces/*.txt to --out, prints the grid and "
            + "the protocol's claims, and exits 0 if every claim holds, 1 if one does not. The reports depend only "
            + "on the settings and seeds; the wall time goes to timing.json.",
        "",
        "--shard I/N runs a share of the runs and writes them to --out/shard-I-of-N.jsonl; 'bft-paxos merge' "
            + "turns all N into the same reports, byte for byte, as one unsharded run.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos matrix                                  (the full matrix, 20 seeds per cell)",
        "  bft-paxos matrix --seeds 5 --sizes crash:3,byzantine:4",
        "  bft-paxos matrix --behaviours equivocating-proposer,colluding-equivocators",
        "  bft-paxos matrix --shard 0/2 --out shards & bft-paxos matrix --shard 1/2 --out shards; wait",
        "  bft-paxos merge shards --out results/matrix"})
final class MatrixCommand extends CliCommand {
  @Mixin
  ExitCodes.Help exitCodes;

  @Option(names = "--seeds", paramLabel = "S", defaultValue = "20", description = "Seeds per cell.")
  int seeds;

  @Option(names = "--seed-base", paramLabel = "N", defaultValue = "1", description = "First seed.")
  long seedBase;

  @Option(names = "--sizes", paramLabel = "MODE:N,...", split = ",", defaultValue = "crash:3,crash:5,byzantine:4,byzantine:7",
      description = "Modes and cluster sizes; crash runs random-faults, byzantine runs byzantine-random-faults.")
  List<String> sizes;

  @Option(names = "--behaviours", paramLabel = "NAME,...", split = ",",
      description = "Behaviours to run, one row each (default: every ready replica behaviour, then every ready client one as client:NAME; `bft-paxos behaviours` lists them); "
          + "client:NAME is a row of k faulty clients, e.g. client:flooding-client.")
  List<String> behaviours;

  @Option(names = "--shrink-budget", paramLabel = "RUNS", defaultValue = "150",
      description = "Candidate runs spent shrinking each broken cell's counterexample (0: keep it unshrunk).")
  int shrinkBudget;

  @Option(names = "--search-seeds", paramLabel = "S", defaultValue = "200",
      description = "A crash-mode cell the claims say must break (one equivocating proposer or promise-breaking "
          + "acceptor) that stays clean over its seeds gets an attack search over this many further seeds.")
  int searchSeeds;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/matrix", description = "Output directory.")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every core).")
  Integer threads;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Option(names = "--shard", paramLabel = "I/N", description = Sharding.HELP)
  String shard;

  @Override
  int execute() throws IOException {
    Overrides.atLeast("--seeds", seeds, 1);
    Overrides.atLeast("--shrink-budget", shrinkBudget, 0);
    int threadCount = Overrides.threads(threads);
    List<ResilienceMatrix.Size> parsed = new ArrayList<>();
    for (String s : sizes) {
      parsed.add(parseSize(s));
    }
    List<String> names = behaviours == null ? ResilienceMatrix.Spec.defaultRows() : behaviours;
    for (String b : names) {
      BadInputException.check(() -> { ResilienceMatrix.requireKnown(b); return b; });
    }
    Overrides.atLeast("--search-seeds", searchSeeds, 0);
    Shard part = Sharding.parse(shard);
    ResilienceMatrix.Spec spec = new ResilienceMatrix.Spec(parsed, names, seeds, seedBase, shrinkBudget, threadCount,
        searchSeeds);
    PrintWriter o = out();
    o.printf(Locale.ROOT, "matrix: %d sizes x %d behaviours, %d seeds per cell, %d threads%s%n", parsed.size(),
        names.size(), seeds, threadCount, part == null ? "" : ", shard " + part.render());
    o.flush();
    long start = System.nanoTime();
    MatrixShard raw;
    try (ProgressDisplay runs = ProgressDisplay.create("matrix", quiet)) {
      raw = ResilienceMatrix.runShard(spec, part == null ? Shard.ALL : part, (done, total, phase) -> {
        if (phase.equals("runs")) {
          runs.update(done, total);
        }
      });
    }
    if (part != null) {
      return Sharding.write(o, "matrix", part, settings(spec), MatrixRecords.records(raw), out, start, threadCount,
          raw.runs().size() + " runs, " + raw.shrunk().size() + " counterexamples shrunk");
    }
    int code = report(ResilienceMatrix.merge(spec, List.of(raw)), out, o);
    double wall = (System.nanoTime() - start) / 1e9;
    Sharding.writeTiming(out, Sharding.timing(wall, threadCount));
    o.printf(Locale.ROOT, "wall time %.1f s on %d threads (in %s, not in the report)%n", wall, threadCount,
        out.resolve("timing.json"));
    return code;
  }

  private ObjectNode settings(ResilienceMatrix.Spec matrix) {
    return Sharding.settings(spec, MatrixRecords.settings(matrix));
  }

  /**
   * Writes matrix.md, matrix.csv, the heat map and the traces into {@code out}, prints the report,
   * and returns the exit code: what an unsharded run and a merge of shards both do with the cells.
   */
  static int report(ResilienceMatrix.Result result, Path out, PrintWriter o) throws IOException {
    List<MatrixExpectations.Check> checks = MatrixExpectations.check(result);
    Files.createDirectories(out);
    Path traces = out.resolve(MatrixReport.TRACES);
    MatrixReport.writeTraces(result, traces);
    String md = MatrixReport.markdown(result, checks);
    Files.writeString(out.resolve("matrix.md"), md);
    Files.writeString(out.resolve("matrix.csv"), MatrixReport.csv(result));
    HeatMap.write(grids(result), out, "heatmap");
    o.print(md);
    o.printf(Locale.ROOT, "%nwrote %s, %s, %s (.png/.svg) and %s%n", out.resolve("matrix.md"), out.resolve("matrix.csv"),
        out.resolve("heatmap"), traces);
    return MatrixExpectations.allMet(checks) ? ExitCodes.OK : ExitCodes.SAFETY;
  }

  private static ResilienceMatrix.Size parseSize(String s) {
    String[] p = s.trim().split(":");
    if (p.length != 2) {
      throw new BadInputException("--sizes entries are MODE:N, e.g. crash:3 or byzantine:4; got '" + s + "'");
    }
    int n;
    try {
      n = Integer.parseInt(p[1]);
    } catch (NumberFormatException e) {
      throw new BadInputException("--sizes: '" + p[1] + "' is not a number of replicas");
    }
    switch (p[0]) {
      case "crash" -> {
        if (n < 3) {
          throw new BadInputException("--sizes: crash mode needs n >= 3 to tolerate a fault, got " + n);
        }
        return new ResilienceMatrix.Size("crash", n, "random-faults");
      }
      case "byzantine" -> {
        if (n < 4) {
          throw new BadInputException("--sizes: Byzantine mode needs n >= 4, got " + n);
        }
        return new ResilienceMatrix.Size("byzantine", n, "byzantine-random-faults");
      }
      default -> throw new BadInputException("--sizes: mode must be crash or byzantine, got '" + p[0] + "'");
    }
  }

  static List<HeatMap.Grid> grids(ResilienceMatrix.Result r) {
    List<String> cols = new ArrayList<>();
    Map<String, Map<String, MatrixCell>> byRow = new LinkedHashMap<>();
    for (MatrixCell c : r.cells()) {
      if (c.k() == 0) {
        continue;
      }
      if (!cols.contains(c.column())) {
        cols.add(c.column());
      }
      byRow.computeIfAbsent(c.behaviour(), x -> new LinkedHashMap<>()).put(c.column(), c);
    }
    List<String> rows = new ArrayList<>(byRow.keySet());
    double[][] safety = new double[rows.size()][cols.size()];
    double[][] liveness = new double[rows.size()][cols.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < cols.size(); j++) {
        MatrixCell c = byRow.get(rows.get(i)).get(cols.get(j));
        boolean blank = c == null || !c.applicable() || c.seeds() == 0;
        safety[i][j] = blank ? Double.NaN : (double) c.safetyViolations() / c.seeds();
        liveness[i][j] = blank ? Double.NaN : (double) c.livenessViolations() / c.seeds();
      }
    }
    return List.of(new HeatMap.Grid("Safety broken (fraction of seeds)", cols, rows, safety),
        new HeatMap.Grid("Liveness lost (fraction of seeds)", cols, rows, liveness));
  }
}
