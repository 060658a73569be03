package dev.bftpaxos.sim;

/**
 * What the simulated clients do: {@code clients} closed-loop clients, each issuing up to
 * {@code requestsPerClient} key-value operations (0 = until the run's duration) over
 * {@code keys} keys, with the given mix of operations (weights, any scale). {@code reads} says how a
 * get is asked: through the log (null, the default) or outside it, as a read of that kind.
 */
public record Workload(
    int clients,
    int requestsPerClient,
    int keys,
    int getWeight,
    int putWeight,
    int deleteWeight,
    int casWeight,
    long thinkMicros,
    int retransmitTicks,
    dev.bftpaxos.core.msg.Read.Kind reads) {

  /** Every get through the log. */
  public Workload(int clients, int requestsPerClient, int keys, int getWeight, int putWeight, int deleteWeight,
      int casWeight, long thinkMicros, int retransmitTicks) {
    this(clients, requestsPerClient, keys, getWeight, putWeight, deleteWeight, casWeight, thinkMicros, retransmitTicks,
        null);
  }

  public Workload {
    if (clients < 1) {
      throw new IllegalArgumentException("workload.clients must be >= 1, got " + clients);
    }
    if (requestsPerClient < 0) {
      throw new IllegalArgumentException("workload.requestsPerClient must be >= 0");
    }
    if (keys < 1) {
      throw new IllegalArgumentException("workload.keys must be >= 1, got " + keys);
    }
    if (getWeight < 0 || putWeight < 0 || deleteWeight < 0 || casWeight < 0
        || getWeight + putWeight + deleteWeight + casWeight == 0) {
      throw new IllegalArgumentException("workload weights must be >= 0 and not all 0");
    }
    if (thinkMicros < 0) {
      throw new IllegalArgumentException("workload.thinkMicros must be >= 0");
    }
    if (retransmitTicks < 1) {
      throw new IllegalArgumentException("workload.retransmitTicks must be >= 1");
    }
  }

  public static Workload defaults() {
    return new Workload(20, 0, 16, 40, 40, 5, 15, 0, 50);
  }

  public Workload withClients(int n) {
    return new Workload(n, requestsPerClient, keys, getWeight, putWeight, deleteWeight, casWeight, thinkMicros,
        retransmitTicks, reads);
  }

  public Workload withRequestsPerClient(int n) {
    return new Workload(clients, n, keys, getWeight, putWeight, deleteWeight, casWeight, thinkMicros, retransmitTicks,
        reads);
  }

  /** Gets asked outside the log as reads of {@code kind} (null: through the log). */
  public Workload withReads(dev.bftpaxos.core.msg.Read.Kind kind) {
    return new Workload(clients, requestsPerClient, keys, getWeight, putWeight, deleteWeight, casWeight, thinkMicros,
        retransmitTicks, kind);
  }
}
