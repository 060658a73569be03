package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.ReplayCommand;
import dev.bftpaxos.sim.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code compare}: one summary row per configuration and one row per run, as a text
 * table, {@code compare.csv}, {@code compare.md} and {@code runs.csv}. Nothing in the files depends
 * on wall time or thread count, so two runs with the same seeds write identical files.
 */
public final class CompareReport {
  public static final String SUMMARY_CSV = "compare.csv";
  public static final String SUMMARY_MD = "compare.md";
  public static final String RUNS_CSV = "runs.csv";

  static final List<Table.Column<Aggregate>> SUMMARY_COLUMNS = List.of(
      Table.Column.text("mode", "mode", a -> a.config().mode().label()),
      Table.Column.number("n", "replicas", a -> Integer.toString(a.config().replicas())),
      Table.Column.text("faults", "faults", a -> a.config().faultsLabel()),
      Table.Column.number("runs", "runs", a -> Integer.toString(a.runs())),
      Table.Column.number("completed", "requests_completed", a -> Long.toString(a.requestsCompleted())),
      Table.Column.number("req/s (sim)", "throughput_req_per_s", a -> Formats.decimal(a.throughputPerSimSecond(), 0)),
      Table.Column.number("p50 ms", "latency_p50_ms", a -> latency(a, 50)),
      Table.Column.number("p90 ms", "latency_p90_ms", a -> latency(a, 90)),
      Table.Column.number("p99 ms", "latency_p99_ms", a -> latency(a, 99)),
      Table.Column.number("msgs/req", "messages_per_request", a -> Formats.decimal(a.messagesPerRequest(), 2)),
      Table.Column.number("bytes/req", "bytes_per_request", a -> Formats.decimal(a.bytesPerRequest(), 0)),
      Table.Column.number("signed/req", "signatures_made_per_request", a -> Formats.decimal(a.signaturesMadePerRequest(), 1)),
      Table.Column.number("verified/req", "signatures_verified_per_request",
          a -> Formats.decimal(a.signaturesVerifiedPerRequest(), 1)),
      Table.Column.number("violations", "violations", a -> Integer.toString(a.violations())));

  static final List<Table.Column<ConfiguredRun>> RUN_COLUMNS = List.of(
      Table.Column.text("mode", "mode", r -> r.config().mode().label()),
      Table.Column.number("n", "replicas", r -> Integer.toString(r.config().replicas())),
      Table.Column.text("faults", "faults", r -> r.config().faultsLabel()),
      Table.Column.number("seed", "seed", r -> Long.toString(r.result().seed())),
      Table.Column.number("issued", "requests_issued", r -> Long.toString(r.result().requestsIssued())),
      Table.Column.number("completed", "requests_completed", r -> Long.toString(r.result().requestsCompleted())),
      Table.Column.number("req/s (sim)", "throughput_req_per_s", r -> Formats.decimal(r.result().throughputPerSimSecond(), 0)),
      Table.Column.number("p50 ms", "latency_p50_ms", r -> latency(r.result(), 50)),
      Table.Column.number("p90 ms", "latency_p90_ms", r -> latency(r.result(), 90)),
      Table.Column.number("p99 ms", "latency_p99_ms", r -> latency(r.result(), 99)),
      Table.Column.number("max ms", "latency_max_ms", r -> latency(r.result(), 100)),
      Table.Column.number("messages", "messages", r -> Long.toString(r.result().messagesSent())),
      Table.Column.number("bytes", "bytes", r -> Long.toString(r.result().bytesSent())),
      Table.Column.number("msgs/req", "messages_per_request", r -> Formats.decimal(r.result().messagesPerRequest(), 2)),
      Table.Column.number("bytes/req", "bytes_per_request", r -> Formats.decimal(r.result().bytesPerRequest(), 0)),
      Table.Column.number("signed", "signatures_made", r -> Long.toString(r.result().signaturesMade())),
      Table.Column.number("verified", "signatures_verified", r -> Long.toString(r.result().signaturesVerified())),
      Table.Column.text("violation", "violation", r -> r.result().ok() ? "" : r.result().violation().toString()),
      Table.Column.text("fault plan", "fault_plan", r -> r.result().plan().render()),
      Table.Column.text("trace hash", "trace_hash", r -> Formats.hex(r.result().traceHash())));

  private final String scenario;
  private final String variant;
  private final SeedRange seeds;
  private final List<Aggregate> aggregates;
  private final List<ConfiguredRun> runs;

  /** {@code scenario} is the name or file as given on the command line, for replay commands. */
  public CompareReport(String scenario, String variant, SeedRange seeds, List<Configuration> configs,
      List<ConfiguredRun> runs) {
    this.scenario = scenario;
    this.variant = variant;
    this.seeds = seeds;
    this.runs = List.copyOf(runs);
    this.aggregates = Aggregate.byConfiguration(configs, runs);
  }

  public List<Aggregate> aggregates() {
    return aggregates;
  }

  public Table summaryTable() {
    return Table.of(SUMMARY_COLUMNS, aggregates);
  }

  public Table runsTable() {
    return Table.of(RUN_COLUMNS, runs);
  }

  public List<ConfiguredRun> failedRuns() {
    return runs.stream().filter(r -> !r.result().ok()).toList();
  }

  /** One line per failed run: what broke and the command that replays it. */
  public List<String> violationLines() {
    List<String> lines = new ArrayList<>();
    for (ConfiguredRun r : failedRuns()) {
      lines.add(r.config().label() + ", seed " + r.result().seed() + ": " + r.result().violation());
      lines.add("  replay: " + replay(r));
    }
    return lines;
  }

  public String replay(ConfiguredRun r) {
    RunResult res = r.result();
    return ReplayCommand.simulate(scenario, r.config().replicas(), res.seed(), variant, res.plan(), !r.config().faults());
  }

  public String markdown() {
    StringBuilder b = new StringBuilder("# bft-paxos compare\n\n");
    b.append("Scenario `").append(scenario).append("`, variant `").append(variant).append("`, seeds ")
        .append(seeds.base()).append("..").append(seeds.base() + seeds.count() - 1)
        .append(" for every configuration.\n\n");
    b.append("Throughput and latency are in simulated time. Rows with faults use the scenario's faults")
        .append(" (the plan drawn from each seed, and message loss, duplication and reordering); rows")
        .append(" without run the same seeds with every fault removed. Messages and bytes count")
        .append(" everything sent, per committed request.\n\n");
    b.append(MarkdownTable.render(summaryTable()));
    b.append("\n## Violations\n\n");
    List<ConfiguredRun> failed = failedRuns();
    if (failed.isEmpty()) {
      b.append("None.\n");
    }
    for (ConfiguredRun r : failed) {
      b.append("- ").append(r.config().label()).append(", seed ").append(r.result().seed()).append(": ")
          .append(r.result().violation().toString().replace("\n", " ")).append("\n  `").append(replay(r)).append("`\n");
    }
    return b.toString();
  }

  /** Writes the three files into {@code dir} (created if needed); returns their paths. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = List.of(dir.resolve(SUMMARY_CSV), dir.resolve(SUMMARY_MD), dir.resolve(RUNS_CSV));
    Files.writeString(written.get(0), CsvTable.render(summaryTable()));
    Files.writeString(written.get(1), markdown());
    Files.writeString(written.get(2), CsvTable.render(runsTable()));
    return written;
  }

  private static String latency(Aggregate a, double percentile) {
    long micros = a.latencyMicrosAt(percentile);
    return micros < 0 ? "-" : Formats.millis(micros);
  }

  private static String latency(RunResult r, double percentile) {
    return r.latencyMicros().getTotalCount() == 0 ? "-" : Formats.millis(r.latencyMicros().getValueAtPercentile(percentile));
  }
}
