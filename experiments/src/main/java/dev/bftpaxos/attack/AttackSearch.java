package dev.bftpaxos.attack;

import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * Runs seeds of one attack on every core until one breaks a property. Seeds are judged in order,
 * so the counterexample is always the lowest failing seed, whatever the thread count. A shard
 * searches its own seeds (every N-th) the same way, so its first failure is its lowest.
 */
public final class AttackSearch {
  /** Told as seeds finish (in seed order). */
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(int done, int total);
  }

  /** What one judged seed gave: requests completed, acts performed, the property it broke (null: none). */
  public record Seen(long seed, long completed, long acts, String violation) {}

  /**
   * The lowest failing seed's outcome (null if none failed), how many seeds were judged, totals,
   * and every judged seed in order (the last one is the failure, if any).
   */
  public record Found(SimRun.Outcome failure, int seedsRun, long requestsCompleted, long actionsPerformed,
      List<Seen> seen) {}

  private AttackSearch() {}

  public static Found search(LongFunction<SimRun> runForSeed, long firstSeed, int count, Simulator.Options options,
      int threads, Progress progress) {
    return search(runForSeed, LongStream.range(firstSeed, firstSeed + count).toArray(), options, threads, progress);
  }

  /** Judges {@code seeds} in the order given, stopping at the first failure. */
  public static Found search(LongFunction<SimRun> runForSeed, long[] seeds, Simulator.Options options, int threads,
      Progress progress) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<SimRun.Outcome>> futures = new ArrayList<>(seeds.length);
      for (long seed : seeds) {
        SimRun run = runForSeed.apply(seed);
        futures.add(pool.submit(() -> run.run(options)));
      }
      long completed = 0;
      long acts = 0;
      List<Seen> seen = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        SimRun.Outcome o = futures.get(i).get();
        completed += o.result().requestsCompleted();
        acts += o.actions().size();
        seen.add(new Seen(seeds[i], o.result().requestsCompleted(), o.actions().size(),
            o.ok() ? null : o.result().violation().property()));
        progress.update(i + 1, seeds.length);
        if (!o.ok()) {
          return new Found(o, i + 1, completed, acts, seen);
        }
      }
      return new Found(null, seeds.length, completed, acts, seen);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("attack search interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulated run threw: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
