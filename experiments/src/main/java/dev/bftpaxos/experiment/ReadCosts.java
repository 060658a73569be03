package dev.bftpaxos.experiment;

import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.sim.RunResult;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What each read guarantee costs, simulated (compare --reads): per mode at its smallest compared
 * size, without faults, the same seeds run a read-heavy workload ({@link #GET_WEIGHT} gets to
 * {@link #PUT_WEIGHT} puts, so the log keeps moving under the reads) once per way of reading: through
 * the log, stale, linearizable and lease. Latency is of every operation of the run, nine in ten of
 * them reads of that kind; the puts are the same in every row, so differences come from the reads.
 * Deterministic: the same seeds give identical files.
 */
public final class ReadCosts {
  private ReadCosts() {}

  public static final int GET_WEIGHT = 90;
  public static final int PUT_WEIGHT = 10;
  /** The clock drift bound the replicas assume, as in ReadsPropertyTest: it sizes the lease. */
  public static final int LEASE_DRIFT_BOUND_PERMILLE = 50;

  /** The ways of reading, in table order; null is through the log. */
  static final Read.Kind[] KINDS = {null, Read.Kind.STALE, Read.Kind.LINEARIZABLE, Read.Kind.LEASE};

  /** One row: a mode, a size and a kind, over every seed. */
  public record Row(String mode, int replicas, String kind, int runs, long completed, double throughput,
      long p50Micros, long p99Micros, long failed) {}

  static String kindName(Read.Kind k) {
    return k == null ? "log" : k.name().toLowerCase(Locale.ROOT);
  }

  /** The jobs for {@code modes}, each at its smallest compared size, one per kind and seed. */
  public static List<ExperimentRunner.Job> jobs(Scenario base, List<Mode> modes, SeedRange seeds) {
    List<ExperimentRunner.Job> jobs = new ArrayList<>();
    for (Mode mode : modes) {
      Configuration c = new Configuration(mode, mode.compareReplicaCounts().get(0), false);
      Scenario c0 = c.scenarioFrom(base);
      // Lease reads need an assumed clock drift bound (0 serves none); the simulated clocks stay exact.
      Scenario s = c0.withCore(c0.core().withLimits(c0.core().limits().withClockDrift(LEASE_DRIFT_BOUND_PERMILLE)));
      Workload w = s.workload();
      Workload readHeavy = new Workload(w.clients(), w.requestsPerClient(), w.keys(), GET_WEIGHT, PUT_WEIGHT, 0, 0,
          w.thinkMicros(), w.retransmitTicks());
      for (Read.Kind k : KINDS) {
        Scenario sk = s.withWorkload(readHeavy.withReads(k));
        for (int i = 0; i < seeds.count(); i++) {
          jobs.add(new ExperimentRunner.Job(c, sk, seeds.seed(i)));
        }
      }
    }
    return jobs;
  }

  /** Rows from the runs of {@link #jobs}, in the same order. */
  public static List<Row> rows(List<ExperimentRunner.Job> jobs, List<ConfiguredRun> runs, int seedsPerKind) {
    List<Row> rows = new ArrayList<>();
    for (int from = 0; from < runs.size(); from += seedsPerKind) {
      List<ConfiguredRun> group = runs.subList(from, Math.min(runs.size(), from + seedsPerKind));
      Histogram h = new Histogram(3);
      long completed = 0;
      double tput = 0;
      long failed = 0;
      for (ConfiguredRun r : group) {
        RunResult x = r.result();
        h.add(x.latencyMicros());
        completed += x.requestsCompleted();
        tput += x.throughputPerSimSecond();
        failed += x.ok() ? 0 : 1;
      }
      ExperimentRunner.Job first = jobs.get(from);
      Read.Kind kind = first.scenario().workload().reads();
      rows.add(new Row(first.config().mode().label(), first.config().replicas(), kindName(kind),
          group.size(), completed, tput / group.size(), h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50),
          h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99), failed));
    }
    return rows;
  }

  public static Table table(List<Row> rows) {
    return Table.of(List.of(
        Table.Column.<Row>text("mode", "mode", Row::mode),
        Table.Column.<Row>number("n", "replicas", r -> Integer.toString(r.replicas())),
        Table.Column.<Row>text("read", "read_kind", Row::kind),
        Table.Column.<Row>number("runs", "runs", r -> Integer.toString(r.runs())),
        Table.Column.<Row>number("ops/s (sim)", "throughput_ops_per_sim_second", r -> Formats.decimal(r.throughput(), 1)),
        Table.Column.<Row>number("p50", "p50_micros", r -> Long.toString(r.p50Micros())),
        Table.Column.<Row>number("p99", "p99_micros", r -> Long.toString(r.p99Micros())),
        Table.Column.<Row>number("violations", "violations", r -> Long.toString(r.failed()))), rows);
  }

  /** Writes reads.csv and reads.md into {@code out}; returns them. */
  public static List<Path> write(List<Row> rows, Path out) throws IOException {
    Files.createDirectories(out);
    Table t = table(rows);
    Path csv = out.resolve("reads.csv");
    Path md = out.resolve("reads.md");
    Files.writeString(csv, CsvTable.render(t));
    Files.writeString(md, "# What each read costs (simulated; latency in microseconds of simulated time, every "
        + "operation of a " + GET_WEIGHT + "% get / " + PUT_WEIGHT + "% put workload)\n\n" + MarkdownTable.render(t));
    return List.of(csv, md);
  }
}
