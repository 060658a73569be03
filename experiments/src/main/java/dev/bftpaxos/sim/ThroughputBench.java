package dev.bftpaxos.sim;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.sim.variants.Variant;

/**
 * Whole-cluster speed: simulated committed requests per second of wall time, n = 3 crash mode
 * under load with batching on. Not a unit test: run it on a quiet machine and report the figure
 * with the machine and command.
 */
public final class ThroughputBench {
  private ThroughputBench() {}

  /** One measurement. */
  public record Figure(int replicas, int clients, int batch, long completed, double wallSeconds, double simSeconds) {
    public double perWallSecond() {
      return completed / wallSeconds;
    }
  }

  public static Scenario loadScenario(int replicas, int clients, int batch, long simMicros) {
    Scenario s = Scenario.basic(replicas).withName("bench");
    CoreConfig core = s.core().withBatching(batch, 1 << 20, 0).withWindow(8);
    return s.withCore(core).withWorkload(s.workload().withClients(clients)).withDuration(simMicros);
  }

  public static Figure measure(int replicas, int clients, int batch, long simMicros, boolean measureBytes) {
    return measure("crash", "fastsim", replicas, clients, batch, simMicros, measureBytes);
  }

  public static Figure measure(String mode, String scheme, int replicas, int clients, int batch, long simMicros,
      boolean measureBytes) {
    Scenario s = loadScenario(replicas, clients, batch, simMicros).withMode(mode);
    Simulator.Options opts = new Simulator.Options(0, false, false, measureBytes).withSignatureScheme(scheme);
    RunResult r = new Simulator(s, 1, Variant.CORRECT, FaultPlan.NONE, opts).run();
    if (!r.ok()) {
      throw new IllegalStateException("benchmark run broke " + r.violation());
    }
    return new Figure(replicas, clients, batch, r.requestsCompleted(), r.wallNanos() / 1e9, r.simulatedMicros() / 1e6);
  }

  public static void main(String[] args) {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    for (int i = 0; i < 3; i++) {
      measure(3, clients, batch, 1_000_000, true);
    }
    for (int i = 0; i < 5; i++) {
      Figure f = measure(3, clients, batch, 3_000_000, true);
      System.out.printf("n=3 clients=%d batch<=%d: %d requests in %.2fs wall (%.1fs simulated): %.0f req/s of wall time%n",
          f.clients(), f.batch(), f.completed(), f.wallSeconds(), f.simSeconds(), f.perWallSecond());
    }
  }
}
