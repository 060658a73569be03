package dev.bftpaxos.experiment;

import java.util.List;

/**
 * One run of {@code compare --real}: a cluster of real replica processes on 127.0.0.1 under a
 * closed-loop client load, with or without perturbations ({@link Configuration#faults()}). The
 * figures are the clients' own measurement (the {@code load} report: wall clock, after the
 * warm-up); {@code verdict} is the linearizability checker's on the clients' history; {@code
 * problem} says why a run has no figures (a replica did not start), else null.
 */
public record RealRunResult(Configuration config, String faulty, int clients, double measuredSeconds, long ops,
    long timedOut, long errors, long retransmissions, double throughputOpsPerSecond, long p50Micros, long p90Micros,
    long p99Micros, long p999Micros, long maxMicros, List<Long> perSecond, List<RealEvent> events, String verdict,
    int historyOperations, int degradedSeconds, double undisturbedOpsPerSecond, String problem) implements PlotRow {

  public static final String LINEARIZABLE = "LINEARIZABLE";

  public RealRunResult {
    perSecond = List.copyOf(perSecond);
    events = List.copyOf(events);
  }

  @Override
  public int runs() {
    return problem == null ? 1 : 0;
  }

  @Override
  public double throughputPerSecond() {
    return problem == null ? throughputOpsPerSecond : Double.NaN;
  }

  @Override
  public long latencyMicrosAt(double percentile) {
    if (ops == 0 || problem != null) {
      return -1;
    }
    if (percentile <= 50) {
      return p50Micros;
    }
    if (percentile <= 90) {
      return p90Micros;
    }
    if (percentile <= 99) {
      return p99Micros;
    }
    return percentile <= 99.9 ? p999Micros : maxMicros;
  }

  public boolean linearizable() {
    return LINEARIZABLE.equals(verdict);
  }
}
