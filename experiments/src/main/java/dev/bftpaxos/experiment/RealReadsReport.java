package dev.bftpaxos.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The tables of {@code compare --real --reads}: reads-real.csv and reads-real.md. */
public final class RealReadsReport {
  public static final String CSV = "reads-real.csv";
  public static final String MD = "reads-real.md";

  static final List<Table.Column<RealReadRow>> COLUMNS = List.of(
      Table.Column.text("mode", "mode", r -> r.mode()),
      Table.Column.number("n", "replicas", r -> Integer.toString(r.replicas())),
      Table.Column.text("read", "read_kind", r -> r.kind()),
      Table.Column.number("clients", "clients", r -> Integer.toString(r.clients())),
      Table.Column.number("ops/s", "throughput_ops_per_s", r -> r.problem() != null ? "-" : Formats.decimal(r.opsPerSecond(), 0)),
      Table.Column.number("read p50 ms", "read_p50_ms", r -> ms(r, r.readP50Micros())),
      Table.Column.number("read p99 ms", "read_p99_ms", r -> ms(r, r.readP99Micros())),
      Table.Column.number("write p50 ms", "write_p50_ms", r -> ms(r, r.writeP50Micros())),
      Table.Column.number("timed out", "timed_out", r -> Long.toString(r.timedOut())),
      Table.Column.text("history", "history", r -> r.problem() != null ? "not run: " + r.problem() : r.verdict()));

  private final Map<String, Object> settings;
  private final List<RealReadRow> rows;

  public RealReadsReport(Map<String, Object> settings, List<RealReadRow> rows) {
    this.settings = settings;
    this.rows = List.copyOf(rows);
  }

  public Table table() {
    return Table.of(COLUMNS, rows);
  }

  public String markdown() {
    return "# bft-paxos compare --real --reads (real processes, 127.0.0.1)\n\n"
        + "What each read guarantee costs on a real cluster: per mode one cluster at its smallest size, one "
        + "closed-loop load per way of reading, nine in ten operations gets of that kind, the rest puts. "
        + "The first kind's run also warms the cluster up. 'history': writes and non-stale reads checked for "
        + "linearizability, stale reads against the slot each claims.\n\nSettings: `" + settings + "`\n\n"
        + MarkdownTable.render(table());
  }

  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path csv = dir.resolve(CSV);
    Path md = dir.resolve(MD);
    Files.writeString(csv, CsvTable.render(table()));
    Files.writeString(md, markdown());
    return List.of(csv, md);
  }

  private static String ms(RealReadRow r, long micros) {
    return r.problem() != null || r.ops() == 0 ? "-" : Formats.millis(micros);
  }
}
