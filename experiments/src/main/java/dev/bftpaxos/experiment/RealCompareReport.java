package dev.bftpaxos.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code compare --real}: the simulated comparison's table and charts, from real
 * processes on 127.0.0.1 and the clients' wall-clock measurement, plus the perturbations as they
 * happened and each run's history verdict. Written as compare-real.csv/.md, events.csv,
 * compare-real.json (everything, for scripts) and throughput/latency .png/.svg.
 */
public final class RealCompareReport {
  public static final String TITLE = "real processes, 127.0.0.1";
  public static final String SUMMARY_CSV = "compare-real.csv";
  public static final String SUMMARY_MD = "compare-real.md";
  public static final String EVENTS_CSV = "events.csv";
  public static final String JSON = "compare-real.json";
  public static final String JSON_FORMAT = "bftpaxos-compare-real/v1";

  public static final Plots.Labels LABELS = new Plots.Labels("Throughput (" + TITLE + ")",
      "Completed operations per second (wall clock, clients)", "Latency percentiles (" + TITLE + ")",
      "Latency (ms, wall clock, clients)", "Configuration (mode, replicas)", "no perturbations", "perturbed");

  static final List<Table.Column<RealRunResult>> SUMMARY_COLUMNS = List.of(
      Table.Column.text("mode", "mode", r -> r.config().mode().label()),
      Table.Column.number("n", "replicas", r -> Integer.toString(r.config().replicas())),
      Table.Column.text("perturbed", "perturbed", r -> r.config().faults() ? "yes" : "no"),
      Table.Column.text("faulty", "faulty", r -> r.faulty().isEmpty() ? "-" : r.faulty()),
      Table.Column.number("clients", "clients", r -> Integer.toString(r.clients())),
      Table.Column.number("ops", "ops", r -> Long.toString(r.ops())),
      Table.Column.number("ops/s", "throughput_ops_per_s", r -> Formats.decimal(r.throughputOpsPerSecond(), 0)),
      Table.Column.number("p50 ms", "latency_p50_ms", r -> ms(r, r.p50Micros())),
      Table.Column.number("p90 ms", "latency_p90_ms", r -> ms(r, r.p90Micros())),
      Table.Column.number("p99 ms", "latency_p99_ms", r -> ms(r, r.p99Micros())),
      Table.Column.number("p99.9 ms", "latency_p999_ms", r -> ms(r, r.p999Micros())),
      Table.Column.number("max ms", "latency_max_ms", r -> ms(r, r.maxMicros())),
      Table.Column.number("timed out", "timed_out", r -> Long.toString(r.timedOut())),
      Table.Column.number("events", "events", r -> Integer.toString(r.events().size())),
      Table.Column.number("degraded s", "degraded_seconds", r -> Integer.toString(r.degradedSeconds())),
      Table.Column.text("history", "history", r -> r.problem() != null ? "not run: " + r.problem() : r.verdict()));

  record EventRow(RealRunResult run, RealEvent event) {}

  static final List<Table.Column<EventRow>> EVENT_COLUMNS = List.of(
      Table.Column.text("mode", "mode", e -> e.run().config().mode().label()),
      Table.Column.number("n", "replicas", e -> Integer.toString(e.run().config().replicas())),
      Table.Column.text("planned", "planned", e -> e.event().plan()),
      Table.Column.text("replicas hit", "targets", e -> e.event().targets().toString().replace(",", "")),
      Table.Column.number("start s", "start_s", e -> Formats.decimal(e.event().startSeconds(), 2)),
      Table.Column.number("end s", "end_s", e -> Formats.decimal(e.event().endSeconds(), 2)),
      Table.Column.number("degraded s", "degraded_seconds", e -> Integer.toString(e.event().degradedSeconds())),
      Table.Column.text("outcome", "outcome", e -> e.event().outcome()));

  private final Map<String, Object> settings;
  private final List<RealRunResult> runs;

  /** {@code settings}: the options the runs were made with, written into the JSON and markdown. */
  public RealCompareReport(Map<String, Object> settings, List<RealRunResult> runs) {
    this.settings = new LinkedHashMap<>(settings);
    this.runs = List.copyOf(runs);
  }

  public List<RealRunResult> runs() {
    return runs;
  }

  public Table summaryTable() {
    return Table.of(SUMMARY_COLUMNS, runs);
  }

  public Table eventsTable() {
    List<EventRow> rows = new ArrayList<>();
    for (RealRunResult r : runs) {
      r.events().forEach(e -> rows.add(new EventRow(r, e)));
    }
    return Table.of(EVENT_COLUMNS, rows);
  }

  public String markdown() {
    StringBuilder b = new StringBuilder("# bft-paxos compare --real (" + TITLE + ")\n\n");
    b.append("Each row is one cluster of real replica processes on 127.0.0.1 under a closed-loop client load; ")
        .append("throughput and latency are the clients' wall-clock measurement after the warm-up. ")
        .append("Perturbed rows ran the seeded schedule of kill -9 (and restart from the data directory), ")
        .append("SIGSTOP/SIGCONT and partitions below; 'degraded s' counts seconds of the measurement ")
        .append("below half the undisturbed rate. 'history' is the linearizability checker's verdict on ")
        .append("the clients' history.\n\nSettings: `").append(settings).append("`\n\n");
    b.append(MarkdownTable.render(summaryTable()));
    b.append("\n## Perturbations\n\n");
    Table events = eventsTable();
    b.append(events.rows().isEmpty() ? "None.\n" : MarkdownTable.render(events));
    return b.toString();
  }

  public String json() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", JSON_FORMAT);
    m.put("title", TITLE);
    m.put("settings", settings);
    m.put("runs", runs);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
  }

  /** Writes the tables and the JSON into {@code dir}; returns their paths. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = List.of(dir.resolve(SUMMARY_CSV), dir.resolve(SUMMARY_MD), dir.resolve(EVENTS_CSV),
        dir.resolve(JSON));
    Files.writeString(written.get(0), CsvTable.render(summaryTable()));
    Files.writeString(written.get(1), markdown());
    Files.writeString(written.get(2), CsvTable.render(eventsTable()));
    Files.writeString(written.get(3), json());
    return written;
  }

  private static String ms(RealRunResult r, long micros) {
    return r.ops() == 0 ? "-" : Formats.millis(micros);
  }
}
