package dev.bftpaxos.attack;

import dev.bftpaxos.experiment.Formats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The matrix as files: a markdown report (a compact grid per behaviour and column, the claims, and
 * a row per cell with its counterexample's replay command), a CSV with one row per cell, and one
 * readable counterexample file per broken cell. The heat map is drawn by {@code experiment.HeatMap}.
 */
public final class MatrixReport {
  private MatrixReport() {}

  /** {@code ok 0.97}, {@code S 3/10} (safety broken in 3 of 10 seeds), {@code L 1/10} (liveness only), {@code n/a}. */
  public static String compact(MatrixCell c, MatrixCell baseline) {
    if (!c.applicable()) {
      return "n/a";
    }
    if (c.broken()) {
      return "S " + c.safetyViolations() + "/" + c.seeds();
    }
    if (c.foundBySearch()) {
      return "S 0/" + c.seeds() + " +search";
    }
    if (c.livenessViolations() > 0) {
      return "L " + c.livenessViolations() + "/" + c.seeds();
    }
    return (c.k() > 0 && c.actsPerformed() == 0 ? "idle " : "ok ") + ratio(c, baseline);
  }

  static String ratio(MatrixCell c, MatrixCell baseline) {
    if (baseline.throughput() <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", c.throughput() / baseline.throughput());
  }

  /** Column labels in order (k = 0 first for each size). */
  static List<String> columns(ResilienceMatrix.Result r) {
    List<String> cols = new ArrayList<>();
    for (MatrixCell c : r.cells()) {
      if (c.k() > 0 && !cols.contains(c.column())) {
        cols.add(c.column());
      }
    }
    return cols;
  }

  /** The folder, next to matrix.md, that holds one counterexample file per broken cell. */
  public static final String TRACES = "traces";

  /**
   * The report. It depends only on the cells, never on wall time, threads or where it is written
   * (trace files are named relative to it), so a merge of shards writes the same bytes as one
   * run; the command prints the wall time separately.
   */
  public static String markdown(ResilienceMatrix.Result r, List<MatrixExpectations.Check> checks) {
    StringBuilder b = new StringBuilder();
    ResilienceMatrix.Spec spec = r.spec();
    b.append("# Resilience matrix\n\n");
    b.append(String.format(Locale.ROOT, "%d seeds per cell (seeds %d..%d), %d cells, %d runs.%n%n",
        spec.seeds(), spec.seedBase(), spec.seedBase() + spec.seeds() - 1, r.cells().size(),
        r.cells().stream().mapToInt(MatrixCell::seeds).sum()));
    b.append("Cells: `ok R` - no violation, throughput R times the fault-free run's (k=0); "
        + "`idle R` - no violation, but the behaviour never found anything to do; `S x/y` - safety broken in x of y seeds; `+search` - none in the cell's seeds, but the attack search over further seeds broke it (cells the claims say must break); `L x/y` - liveness lost (safety held); `n/a` - "
        + "the behaviour does nothing in this mode. Seed i of a cell makes replicas i..i+k-1 (mod n) faulty.\n\n");
    List<String> cols = columns(r);
    Map<String, Map<String, MatrixCell>> grid = new LinkedHashMap<>();
    for (MatrixCell c : r.cells()) {
      if (c.k() > 0) {
        grid.computeIfAbsent(c.behaviour(), x -> new LinkedHashMap<>()).put(c.column(), c);
      }
    }
    b.append("| behaviour |");
    cols.forEach(c -> b.append(' ').append(c).append(" |"));
    b.append("\n|---|");
    cols.forEach(c -> b.append("---|"));
    b.append('\n');
    for (Map.Entry<String, Map<String, MatrixCell>> row : grid.entrySet()) {
      b.append("| ").append(row.getKey()).append(" |");
      for (String col : cols) {
        MatrixCell c = row.getValue().get(col);
        b.append(' ').append(c == null ? "" : compact(c, r.baseline(c.mode(), c.replicas()))).append(" |");
      }
      b.append('\n');
    }
    b.append("\nFault-free baselines (k=0):");
    for (MatrixCell c : r.cells()) {
      if (c.k() == 0) {
        b.append(String.format(Locale.ROOT, " %s n=%d: %.0f req/s%s;", c.mode(), c.replicas(), c.throughput(),
            c.violations().isEmpty() ? "" : " VIOLATIONS " + c.violations()));
      }
    }
    b.append("\n\n## Robustness (Byzantine, 1 <= k <= f faulty replicas; any k faulty clients)\n\n");
    b.append("Throughput relative to the same replicas (same seeds, same placements) silent, and for `client:` rows "
        + "relative to the same seeds without the faulty clients; the claim is >= ")
        .append(MatrixExpectations.ROBUSTNESS_RATIO_MIN).append(".\n\n| cell | behaviour | vs silent |\n|---|---|---|\n");
    for (MatrixCell c : r.cells()) {
      if (MatrixExpectations.robustnessCell(c)) {
        double ratio = MatrixExpectations.vsSilent(r, c);
        b.append("| ").append(c.column()).append(" | ").append(c.behaviour()).append(" | ")
            .append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio))
            .append(ratio < MatrixExpectations.ROBUSTNESS_RATIO_MIN ? " **below**" : "").append(" |\n");
      }
    }
    b.append("\n## Claims\n\n");
    for (MatrixExpectations.Check ch : checks) {
      b.append("- ").append(ch.met() ? "**met**: " : "**NOT MET**: ").append(ch.claim()).append(" - ").append(ch.detail()).append('\n');
    }
    b.append("\n## Broken cells\n\n");
    b.append("| cell | behaviour | violations | shrunk counterexample | replay |\n|---|---|---|---|---|\n");
    for (MatrixCell c : r.cells()) {
      if (c.counterexample() == null) {
        continue;
      }
      CounterexampleReport m = c.counterexample();
      b.append("| ").append(c.column()).append(" | ").append(c.behaviour()).append(" | ").append(c.violations())
          .append(" | ").append(m.requests()).append(" requests, ").append(m.faultEvents())
          .append(" fault events, ").append(m.acts().size()).append(" acts; trace `")
          .append(TRACES).append('/').append(traceFile(c)).append("` | `")
          .append(m.replay().replace("|", "\\|")).append("` |\n");
    }
    return b.toString();
  }

  public static String csv(ResilienceMatrix.Result r) {
    StringBuilder b = new StringBuilder(
        "mode,replicas,f,behaviour,k,applicable,seeds,safety_violations,liveness_violations,violations_by_property,"
            + "requests_completed,requests_issued,throughput_per_sim_s,throughput_vs_fault_free,throughput_vs_silent,"
            + "acts_performed,search_seeds,"
            + "found_by_search,replay\n");
    for (MatrixCell c : r.cells()) {
      MatrixCell base = r.baseline(c.mode(), c.replicas());
      StringBuilder props = new StringBuilder();
      c.violations().forEach((k, v) -> props.append(props.length() == 0 ? "" : ";").append(k).append('=').append(v));
      b.append(String.join(",", c.mode(), Integer.toString(c.replicas()), Integer.toString(c.f()), c.behaviour(),
          Integer.toString(c.k()), Boolean.toString(c.applicable()), Integer.toString(c.seeds()),
          Integer.toString(c.safetyViolations()), Integer.toString(c.livenessViolations()), props.toString(),
          Long.toString(c.requestsCompleted()), Long.toString(c.requestsIssued()),
          String.format(Locale.ROOT, "%.1f", c.throughput()), ratio(c, base), vsSilent(r, c),
          Long.toString(c.actsPerformed()),
          Integer.toString(c.searchSeeds()), Boolean.toString(c.foundBySearch()),
          c.counterexample() == null ? "" : quote(c.counterexample().replay())));
      b.append('\n');
    }
    return b.toString();
  }

  private static String vsSilent(ResilienceMatrix.Result r, MatrixCell c) {
    if (!MatrixExpectations.robustnessCell(c)) {
      return "";
    }
    double ratio = MatrixExpectations.vsSilent(r, c);
    return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio);
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String traceFile(MatrixCell c) {
    return c.mode() + "-n" + c.replicas() + "-" + c.behaviour() + "-k" + c.k() + ".txt";
  }

  /** Writes one readable counterexample per broken cell into {@code dir}; returns the files. */
  public static List<Path> writeTraces(ResilienceMatrix.Result r, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (MatrixCell c : r.cells()) {
      if (c.counterexample() != null) {
        Path p = dir.resolve(traceFile(c));
        Files.writeString(p, c.counterexample().render());
        written.add(p);
      }
    }
    return written;
  }
}
