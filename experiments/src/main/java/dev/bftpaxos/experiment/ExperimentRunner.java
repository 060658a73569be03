package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.RunResult;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many independent simulations on a thread pool. Each run is single-threaded and
 * deterministic, so running them in parallel changes nothing but the wall time; results come back
 * in the order of the jobs, not of completion.
 */
public final class ExperimentRunner {
  private static final long POLL_MILLIS = 200;

  /** One simulation to run: a configuration's scenario with one seed. */
  public record Job(Configuration config, Scenario scenario, long seed) {
    FaultPlan plan() {
      return Simulator.planFor(scenario, seed);
    }
  }

  /** Told how many jobs are done, after each one and every {@value #POLL_MILLIS} ms in between. */
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(int done, int total);
  }

  private ExperimentRunner() {}

  public static List<ConfiguredRun> run(List<Job> jobs, Variant rules, int threads, Progress progress)
      throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, jobs.size())), daemons());
    try {
      CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
      ConfiguredRun[] results = new ConfiguredRun[jobs.size()];
      for (int i = 0; i < jobs.size(); i++) {
        int index = i;
        done.submit(() -> {
          Job job = jobs.get(index);
          try {
            RunResult r = new Simulator(job.scenario(), job.seed(), rules, job.plan(), Simulator.Options.defaults()).run();
            results[index] = new ConfiguredRun(job.config(), r);
            return index;
          } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalStateException(job.config().label() + ", seed " + job.seed()
                + ": the simulation failed with " + e, e);
          }
        });
      }
      int finished = 0;
      progress.update(0, jobs.size());
      while (finished < jobs.size()) {
        Future<Integer> f = done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (f != null) {
          finished++;
          rethrow(f);
        }
        progress.update(finished, jobs.size());
      }
      return new ArrayList<>(Arrays.asList(results));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void rethrow(Future<Integer> f) throws InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private static ThreadFactory daemons() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "simulation-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
