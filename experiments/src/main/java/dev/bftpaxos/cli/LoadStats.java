package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What {@code load} measures, apart from the processes it measures: latencies in an HdrHistogram
 * (microseconds, 3 significant digits), a per-second series of completions so a stall shows, and
 * the report in three forms (summary text, JSON, CSV). Time is passed in as nanoseconds on one
 * clock ({@link System#nanoTime()} in use), so the logic is testable without a cluster.
 *
 * <p>An operation counts if it was invoked at or after the end of the warm-up: its latency goes into
 * the histograms, and if it also completed by the end of the measurement it counts towards the
 * throughput and its second of the series. Operations invoked during the warm-up are only counted
 * as warm-up operations.
 */
final class LoadStats {
  /** Latencies above this are recorded as this; a bound on the histogram's size. */
  static final long LATENCY_MICROS_MAX = 3_600_000_000L;
  static final int SIGNIFICANT_DIGITS = 3;
  static final long SECOND_NANOS = 1_000_000_000L;
  /** A bound on the series: a run of more than a day keeps counting in its last second. */
  static final int SECONDS_MAX = 86_400;

  /** One second of the measurement: the operations that completed in it. */
  static final class Second {
    long ops;
    long reads;
    long writes;
    long errors;
    final Histogram latency = new Histogram(LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
  }

  private final long measureStartNanos;
  private long measureEndNanos;
  private final Histogram all = new Histogram(LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
  private final Histogram reads = new Histogram(LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
  private final Histogram writes = new Histogram(LATENCY_MICROS_MAX, SIGNIFICANT_DIGITS);
  private final List<Second> seconds = new ArrayList<>();
  private long warmupOps;
  private long completedInWindow;
  private long late;
  private long errors;
  private long timedOut;
  private long warmupTimedOut;

  /** A measurement from {@code measureStartNanos} (the warm-up's end) to {@code measureEndNanos}. */
  LoadStats(long measureStartNanos, long measureEndNanos) {
    if (measureEndNanos < measureStartNanos) {
      throw new IllegalArgumentException("the measurement ends before it starts");
    }
    this.measureStartNanos = measureStartNanos;
    this.measureEndNanos = measureEndNanos;
  }

  /**
   * The measurement ends at {@code nanos} if that is earlier than planned (Ctrl-C): later
   * completions still give latencies but no throughput.
   */
  synchronized void end(long nanos) {
    measureEndNanos = Math.max(measureStartNanos, Math.min(measureEndNanos, nanos));
  }

  /** One operation answered; {@code error} if the answer was an error result. */
  synchronized void completed(long invokeNanos, long completeNanos, boolean read, boolean error) {
    if (invokeNanos < measureStartNanos) {
      warmupOps++;
      return;
    }
    long micros = Math.min(LATENCY_MICROS_MAX, Math.max(0, (completeNanos - invokeNanos) / 1_000));
    all.recordValue(micros);
    (read ? reads : writes).recordValue(micros);
    if (error) {
      errors++;
    }
    if (completeNanos > measureEndNanos) {
      late++;
      return;
    }
    completedInWindow++;
    // a completion exactly at the end belongs to the last second, not to one of its own
    Second s = second(Math.min((completeNanos - measureStartNanos) / SECOND_NANOS,
        Math.max(0, (measureEndNanos - measureStartNanos - 1) / SECOND_NANOS)));
    s.ops++;
    if (read) {
      s.reads++;
    } else {
      s.writes++;
    }
    if (error) {
      s.errors++;
    }
    s.latency.recordValue(micros);
  }

  /** One operation given up on: no answer within the operation timeout, or at the end. */
  synchronized void timedOut(long invokeNanos) {
    if (invokeNanos >= measureStartNanos) {
      timedOut++;
    } else {
      warmupTimedOut++; // not measured, but a stuck cluster must not look like an idle one
    }
  }

  private Second second(long index) {
    int i = (int) Math.min(Math.max(index, 0), SECONDS_MAX - 1);
    while (seconds.size() <= i) {
      seconds.add(new Second());
    }
    return seconds.get(i);
  }

  /** Settings and counts the report carries beside the measurements. */
  record Settings(String mode, int replicas, int clients, int outstanding, double durationSeconds,
      double warmupSeconds, int valueBytes, int keys, String keyPrefix, double readRatio, long seed,
      String readKind) {}

  record Percentiles(long count, long p50Micros, long p90Micros, long p99Micros, long p999Micros, long maxMicros,
      double meanMicros) {
    static Percentiles of(Histogram h) {
      if (h.getTotalCount() == 0) {
        return new Percentiles(0, 0, 0, 0, 0, 0, 0);
      }
      return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
          h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
    }
  }

  record SecondRow(int second, long ops, long reads, long writes, long errors, long p50Micros, long p99Micros,
      long maxMicros) {}

  record Report(Settings settings, boolean interrupted, double measuredSeconds, long ops, long late, long warmupOps,
      long errors, long timedOut, long warmupTimedOut, long retransmissions, double throughputOpsPerSecond,
      Percentiles latency,
      Percentiles reads, Percentiles writes, List<SecondRow> perSecond) {

    /** Operations answered per second of the series: lowest, and the second it was in (-1: none). */
    long[] slowestSecond() {
      long min = Long.MAX_VALUE;
      int at = -1;
      for (SecondRow r : perSecond) {
        if (r.ops() < min) {
          min = r.ops();
          at = r.second();
        }
      }
      return new long[] {at == -1 ? 0 : min, at};
    }
  }

  /**
   * The report as of now; {@code retransmissions} is the clients' total. The series covers every
   * whole or partial second of the measurement, so a second with no completions shows as 0.
   */
  synchronized Report report(Settings settings, boolean interrupted, long nowNanos, long retransmissions) {
    long end = Math.min(measureEndNanos, nowNanos);
    double measured = Math.max(0, end - measureStartNanos) / 1e9;
    int covered = (int) Math.min(SECONDS_MAX, (long) Math.ceil(measured));
    if (covered > 0) {
      second(covered - 1);
    }
    List<SecondRow> rows = new ArrayList<>();
    for (int i = 0; i < seconds.size(); i++) {
      Second s = seconds.get(i);
      Percentiles p = Percentiles.of(s.latency);
      rows.add(new SecondRow(i, s.ops, s.reads, s.writes, s.errors, p.p50Micros(), p.p99Micros(), p.maxMicros()));
    }
    return new Report(settings, interrupted, measured, completedInWindow, late, warmupOps, errors, timedOut,
        warmupTimedOut,
        retransmissions, measured == 0 ? 0 : completedInWindow / measured, Percentiles.of(all), Percentiles.of(reads),
        Percentiles.of(writes), rows);
  }

  // ------------------------------------------------------------------ the three forms of the report

  static final String CSV_HEADER = "second,ops,reads,writes,errors,p50_micros,p99_micros,max_micros,read_kind";

  /** The per-second series, one row a second (from 0, the first second after the warm-up). */
  static String csv(Report r) {
    StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
    for (SecondRow s : r.perSecond()) {
      b.append(s.second()).append(',').append(s.ops()).append(',').append(s.reads()).append(',').append(s.writes())
          .append(',').append(s.errors()).append(',').append(s.p50Micros()).append(',').append(s.p99Micros())
          .append(',').append(s.maxMicros()).append(',').append(r.settings().readKind()).append('\n');
    }
    return b.toString();
  }

  static final String JSON_FORMAT = "bftpaxos-load-report/v1";

  static String json(Report r) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", JSON_FORMAT);
    m.put("settings", r.settings());
    m.put("interrupted", r.interrupted());
    m.put("measuredSeconds", round3(r.measuredSeconds()));
    m.put("ops", r.ops());
    m.put("late", r.late());
    m.put("warmupOps", r.warmupOps());
    m.put("errors", r.errors());
    m.put("timedOut", r.timedOut());
    m.put("warmupTimedOut", r.warmupTimedOut());
    m.put("retransmissions", r.retransmissions());
    m.put("throughputOpsPerSecond", round3(r.throughputOpsPerSecond()));
    m.put("latency", r.latency());
    m.put("reads", r.reads());
    m.put("writes", r.writes());
    m.put("perSecond", r.perSecond());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
  }

  private static double round3(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  static String summary(Report r) {
    Settings s = r.settings();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "load       %s n=%d, %d clients x %d outstanding, %d keys (%sk*), %.0f%% reads (%s), "
            + "%d-byte values%s%n", s.mode(), s.replicas(), s.clients(), s.outstanding(), s.keys(), s.keyPrefix(),
        s.readRatio() * 100, s.readKind(), s.valueBytes(), r.interrupted() ? " (INTERRUPTED: partial report)" : ""));
    b.append(String.format(Locale.ROOT, "measured   %.1f s after %.1f s warm-up (%d warm-up ops not counted)%n",
        r.measuredSeconds(), s.warmupSeconds(), r.warmupOps()));
    b.append(String.format(Locale.ROOT, "ops        %d completed in the window, %d after it, %d errors, %d timed out%s, "
        + "%d retransmissions%n", r.ops(), r.late(), r.errors(), r.timedOut(),
        r.warmupTimedOut() == 0 ? "" : " (and " + r.warmupTimedOut() + " invoked in the warm-up)", r.retransmissions()));
    long[] slow = r.slowestSecond();
    b.append(String.format(Locale.ROOT, "throughput %.1f ops/s%s%n", r.throughputOpsPerSecond(),
        slow[1] < 0 ? "" : String.format(Locale.ROOT, " (slowest second: %d ops, second %d)", slow[0], slow[1])));
    b.append("latency    ").append(line(r.latency())).append('\n');
    b.append("  reads    ").append(line(r.reads())).append('\n');
    b.append("  writes   ").append(line(r.writes())).append('\n');
    b.append("per second");
    for (SecondRow row : r.perSecond()) {
      b.append(' ').append(row.ops());
    }
    return b.append('\n').toString();
  }

  private static String line(Percentiles p) {
    return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%d ops)", ms(p.p50Micros()),
        ms(p.p90Micros()), ms(p.p99Micros()), ms(p.p999Micros()), ms(p.maxMicros()), p.count());
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }

  static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text);
  }
}
