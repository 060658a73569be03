package dev.bftpaxos.experiment;

/**
 * What {@link Plots} draws of one configuration: its throughput and latency percentiles. The
 * simulated comparison's {@link Aggregate} is one; a real-process run's figures are another, so both
 * comparisons get the same charts.
 */
public interface PlotRow {
  Configuration config();

  /** Runs behind the figures; 0 draws no bar. */
  int runs();

  /** Completed requests per second (of the clock the labels name); NaN if nothing was timed. */
  double throughputPerSecond();

  /** Latency at {@code percentile} in microseconds; -1 if nothing completed. */
  long latencyMicrosAt(double percentile);
}
