package dev.bftpaxos.core.msg;

import java.util.List;

/** What one slot decides: client requests in order, or a no-op (no requests) to fill a gap. */
public record Batch(List<Request> requests) {

  public static final Batch NOOP = new Batch(List.of());

  public Batch {
    requests = List.copyOf(requests);
  }

  public boolean isNoop() {
    return requests.isEmpty();
  }

  public int sizeBytes() {
    int total = 0;
    for (Request r : requests) {
      total += r.sizeBytes();
    }
    return total;
  }

  @Override
  public String toString() {
    return isNoop() ? "noop" : requests.toString();
  }
}
