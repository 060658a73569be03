package dev.bftpaxos.attack;

import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Runs seeds of one attack on every core until one breaks a property. Seeds are judged in order,
 * so the counterexample is always the lowest failing seed, whatever the thread count.
 */
public final class AttackSearch {
  /** Told as seeds finish (in seed order). */
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(int done, int total);
  }

  /** The lowest failing seed's outcome (null if none failed), how many seeds were judged, and totals. */
  public record Found(SimRun.Outcome failure, int seedsRun, long requestsCompleted, long actionsPerformed) {}

  private AttackSearch() {}

  public static Found search(LongFunction<SimRun> runForSeed, long firstSeed, int count, Simulator.Options options,
      int threads, Progress progress) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<SimRun.Outcome>> futures = new ArrayList<>(count);
      for (long seed = firstSeed; seed < firstSeed + count; seed++) {
        SimRun run = runForSeed.apply(seed);
        futures.add(pool.submit(() -> run.run(options)));
      }
      long completed = 0;
      long acts = 0;
      for (int i = 0; i < futures.size(); i++) {
        SimRun.Outcome o = futures.get(i).get();
        completed += o.result().requestsCompleted();
        acts += o.actions().size();
        progress.update(i + 1, count);
        if (!o.ok()) {
          return new Found(o, i + 1, completed, acts);
        }
      }
      return new Found(null, count, completed, acts);
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
