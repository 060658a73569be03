package dev.bftpaxos.experiment;

import dev.bftpaxos.check.Violation;
import dev.bftpaxos.sim.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The runs of one configuration added up: latency histograms merged, counts summed. Throughput is
 * all completed requests over all simulated time up to each run's last completion, so a seed that
 * completes more for longer weighs more, as in one long run.
 */
public final class Aggregate implements PlotRow {
  private final Configuration config;
  private final Histogram latencyMicros = new Histogram(3);
  private int runs;
  private int violations;
  private long requestsIssued;
  private long requestsCompleted;
  private long completionMicros;
  private long messagesSent;
  private long bytesSent;
  private long signaturesMade;
  private long signaturesVerified;

  public Aggregate(Configuration config) {
    this.config = config;
  }

  /** One aggregate per configuration, in the order given, from runs in any order. */
  public static List<Aggregate> byConfiguration(List<Configuration> configs, List<ConfiguredRun> runs) {
    Map<Configuration, Aggregate> m = new LinkedHashMap<>();
    for (Configuration c : configs) {
      m.put(c, new Aggregate(c));
    }
    for (ConfiguredRun r : runs) {
      Aggregate a = m.get(r.config());
      if (a == null) {
        throw new IllegalArgumentException("run of unknown configuration " + r.config());
      }
      a.add(r.result());
    }
    return new ArrayList<>(m.values());
  }

  public void add(RunResult r) {
    signaturesMade += r.signaturesMade();
    signaturesVerified += r.signaturesVerified();
    runs++;
    requestsIssued += r.requestsIssued();
    requestsCompleted += r.requestsCompleted();
    completionMicros += r.lastCompletionMicros();
    messagesSent += r.messagesSent();
    bytesSent += r.bytesSent();
    latencyMicros.add(r.latencyMicros());
    if (r.violation() != null) {
      violations++;
    }
  }

  @Override
  public Configuration config() {
    return config;
  }

  @Override
  public int runs() {
    return runs;
  }

  public int violations() {
    return violations;
  }

  public long requestsIssued() {
    return requestsIssued;
  }

  public long requestsCompleted() {
    return requestsCompleted;
  }

  public long messagesSent() {
    return messagesSent;
  }

  public long bytesSent() {
    return bytesSent;
  }

  /** Completed requests per second of simulated time. */
  public double throughputPerSimSecond() {
    return completionMicros == 0 ? Double.NaN : requestsCompleted * 1e6 / completionMicros;
  }

  public double messagesPerRequest() {
    return requestsCompleted == 0 ? Double.NaN : (double) messagesSent / requestsCompleted;
  }

  /** Signatures made per completed request; NaN in crash mode, which signs nothing. */
  public double signaturesMadePerRequest() {
    return config.mode() == Mode.CRASH || requestsCompleted == 0 ? Double.NaN : (double) signaturesMade / requestsCompleted;
  }

  public double signaturesVerifiedPerRequest() {
    return config.mode() == Mode.CRASH || requestsCompleted == 0 ? Double.NaN : (double) signaturesVerified / requestsCompleted;
  }

  public double bytesPerRequest() {
    return requestsCompleted == 0 ? Double.NaN : (double) bytesSent / requestsCompleted;
  }

  @Override
  public double throughputPerSecond() {
    return throughputPerSimSecond();
  }

  /** Latency at {@code percentile} over every request of every run; -1 if none completed. */
  @Override
  public long latencyMicrosAt(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? -1 : latencyMicros.getValueAtPercentile(percentile);
  }

  public Histogram latencyMicros() {
    return latencyMicros;
  }

  /** True if any run broke a safety property (anything but liveness). */
  public static boolean isSafety(Violation v) {
    return v != null && !Violation.LIVENESS.equals(v.property());
  }
}
