package dev.bftpaxos.sim;

import dev.bftpaxos.shard.Shard;
import dev.bftpaxos.sim.variants.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many seeds of one scenario on every core. Each run is single-threaded and independent, so
 * the outcome is the same as running them in order: the lowest failing seed is the one reported.
 */
public final class SeedSweep {
  /** What the sweep found: the lowest failing run (or null) and totals over every seed run. */
  public record Outcome(RunResult firstFailure, int seedsRun, long requestsCompleted, long signaturesMade,
      long signaturesVerified, long wallNanos) {}

  private SeedSweep() {}

  public static Outcome run(Scenario scenario, Variant rules, Simulator.Options options, long firstSeed,
      int count, int threads) {
    return run(scenario, rules, options, firstSeed, count, threads, Shard.ALL);
  }

  /**
   * Only {@code shard}'s seeds: seed {@code firstSeed + t} if {@code t mod N} is its index, so N
   * shards together run the {@code count} seeds once each, and each reports its lowest failing seed.
   */
  public static Outcome run(Scenario scenario, Variant rules, Simulator.Options options, long firstSeed,
      int count, int threads, Shard shard) {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<RunResult>> futures = new ArrayList<>(count);
      for (long seed = firstSeed; seed < firstSeed + count; seed++) {
        if (!shard.owns(seed - firstSeed)) {
          continue;
        }
        long s = seed;
        futures.add(pool.submit(() -> new Simulator(scenario, s, rules, Simulator.planFor(scenario, s), options).run()));
      }
      RunResult first = null;
      long completed = 0;
      long signed = 0;
      long verified = 0;
      for (Future<RunResult> f : futures) {
        RunResult r = f.get();
        completed += r.requestsCompleted();
        signed += r.signaturesMade();
        verified += r.signaturesVerified();
        if (!r.ok() && first == null) {
          first = r;
        }
      }
      return new Outcome(first, futures.size(), completed, signed, verified, System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("seed sweep interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a simulated run threw: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
