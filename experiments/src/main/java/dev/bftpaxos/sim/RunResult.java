package dev.bftpaxos.sim;

import dev.bftpaxos.check.Violation;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.crypto.PublicConfiguration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one simulated run produced: the figures for the report and, if one broke, the violation. */
public record RunResult(
    String scenario,
    long seed,
    String variant,
    FaultPlan plan,
    int replicas,
    long requestsIssued,
    long requestsCompleted,
    long slotsChosen,
    long simulatedMicros,
    long lastCompletionMicros,
    Histogram latencyMicros,
    long messagesSent,
    long bytesSent,
    long clientRetransmissions,
    Map<String, Long> rejections,
    Violation violation,
    List<String> trace,
    long traceHash,
    long traceEvents,
    List<String> history,
    long wallNanos,
    String mode,
    long signaturesMade,
    long signaturesVerified,
    List<CommitProof> certificates,
    PublicConfiguration configuration) {

  public boolean ok() {
    return violation == null;
  }

  /** Completed requests per second of simulated time (up to the last completion). */
  public double throughputPerSimSecond() {
    return lastCompletionMicros == 0 ? 0 : requestsCompleted * 1e6 / lastCompletionMicros;
  }

  public double messagesPerRequest() {
    return requestsCompleted == 0 ? Double.NaN : (double) messagesSent / requestsCompleted;
  }

  public double signaturesMadePerRequest() {
    return requestsCompleted == 0 ? Double.NaN : (double) signaturesMade / requestsCompleted;
  }

  public double signaturesVerifiedPerRequest() {
    return requestsCompleted == 0 ? Double.NaN : (double) signaturesVerified / requestsCompleted;
  }

  public double bytesPerRequest() {
    return requestsCompleted == 0 ? Double.NaN : (double) bytesSent / requestsCompleted;
  }
}
