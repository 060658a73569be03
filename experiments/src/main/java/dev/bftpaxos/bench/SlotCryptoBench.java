package dev.bftpaxos.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU time of the signing and verification for one committed Byzantine-mode slot, per role:
 * a non-leader replica ({@code acceptorSlot}), the leader ({@code leaderSlot}) and the clients
 * that signed the slot's requests ({@code clientsSlot}). One op is one slot of {@code b}
 * requests at {@code n} replicas; {@link SlotFixture} lists exactly what each op does.
 *
 * <p>Per committed request is per slot divided by {@code b}; the whole cluster's cost per
 * request is {@code (leader + (n-1) acceptor + clients) / b}. {@link BenchSummary} turns a JMH
 * JSON result file into that table. Run from the shaded jar:
 *
 * <pre>
 *   java -cp experiments/target/bft-paxos.jar org.openjdk.jmh.Main SlotCryptoBench -rf json -rff slot.json
 *   java -cp experiments/target/bft-paxos.jar dev.bftpaxos.bench.BenchSummary slot.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SlotCryptoBench {
  /** {@code ed25519} (what a real deployment runs) or {@code fastsim} (the simulator's HMAC stand-in). */
  @Param({"ed25519", "fastsim"})
  public String scheme;

  /** Requests per slot (batch size). */
  @Param({"1", "10", "100"})
  public int b;

  /** Replicas. */
  @Param({"4", "7"})
  public int n;

  private SlotFixture fixture;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = new SlotFixture(scheme, n, b);
    // Fail the run rather than time verifications that fail (and may return early).
    for (int i = 0; i < SlotFixture.SLOTS; i++) {
      check("acceptor", fixture.acceptorSlot(i), fixture.acceptorVerifications());
      check("leader", fixture.leaderSlot(i), fixture.leaderVerifications());
      check("clients", fixture.clientsSlot(i), b);
    }
  }

  private static void check(String role, int got, int expected) {
    if (got != expected) {
      throw new IllegalStateException(role + ": " + got + " of " + expected + " verifications passed");
    }
  }

  /** A non-leader replica: 1 + b + 2(n-1) verifications, 2 signatures, 1 batch digest. */
  @Benchmark
  public int acceptorSlot() {
    return fixture.acceptorSlot(next++);
  }

  /** The leader: b + 2(n-1) verifications, 3 signatures, 1 batch digest. */
  @Benchmark
  public int leaderSlot() {
    return fixture.leaderSlot(next++);
  }

  /** The clients: b request signatures, one per request. */
  @Benchmark
  public int clientsSlot() {
    return fixture.clientsSlot(next++);
  }
}
