package dev.bftpaxos.attack;

import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The resilience matrix: for each mode and size, each behaviour, and k = 0..f+1 faulty replicas,
 * S seeds of the mode's random-faults scenario. Seed i of a cell makes replicas i, i+1, ..., i+k-1
 * (mod n) faulty, so the seeds of a cell cover every placement, the first leader's included; the
 * faulty replicas of a run are one coalition. k = 0 is the fault-free baseline each behaviour's
 * throughput is compared with. A broken cell's lowest failing seed is shrunk to a counterexample.
 */
public final class ResilienceMatrix {
  /** A mode at a size, with the scenario it runs. */
  public record Size(String mode, int replicas, String scenarioRef) {
    public Scenario scenario() {
      return Scenarios.resized(Scenarios.resolve(scenarioRef).scenario(), mode, replicas);
    }

    public int f() {
      return mode.equals("byzantine") ? (replicas - 1) / 3 : (replicas - 1) / 2;
    }
  }

  /** What to run. */
  public record Spec(List<Size> sizes, List<String> behaviours, int seeds, long seedBase, int shrinkBudget, int threads,
      int searchSeeds) {
    /** The full matrix of the issue: crash n=3,5 and Byzantine n=4,7, every ready behaviour. */
    public static Spec full(int seeds, int shrinkBudget, int threads) {
      return new Spec(List.of(new Size("crash", 3, "random-faults"), new Size("crash", 5, "random-faults"),
          new Size("byzantine", 4, "byzantine-random-faults"), new Size("byzantine", 7, "byzantine-random-faults")),
          allBehaviours(), seeds, 1, shrinkBudget, threads, 200);
    }

    public static List<String> allBehaviours() {
      List<String> out = new ArrayList<>();
      Behaviours.names().forEach(out::add);
      return out;
    }
  }

  /** Told as runs finish. */
  public interface Progress {
    Progress NONE = (done, total, phase) -> {};

    void update(int done, int total, String phase);
  }

  /** Every cell, in order: sizes, then behaviours, then k; k = 0 once per size, as behaviour "none". */
  public record Result(Spec spec, List<MatrixCell> cells, long wallNanos) {
    public List<MatrixCell> cellsOf(Size size) {
      return cells.stream().filter(c -> c.mode().equals(size.mode()) && c.replicas() == size.replicas()).toList();
    }

    public MatrixCell baseline(String mode, int replicas) {
      return cells.stream().filter(c -> c.mode().equals(mode) && c.replicas() == replicas && c.k() == 0)
          .findFirst().orElseThrow();
    }
  }

  private record CellKey(Size size, String behaviour, int k) {}

  private ResilienceMatrix() {}

  static SortedMap<Integer, String> faultySet(String behaviour, int k, int n, int seedIndex) {
    SortedMap<Integer, String> m = new TreeMap<>();
    for (int j = 0; j < k; j++) {
      m.put((seedIndex + j) % n, behaviour);
    }
    return m;
  }

  public static Result run(Spec spec, Progress progress) {
    long start = System.nanoTime();
    Simulator.Options options = Simulator.Options.defaults();
    List<CellKey> keys = new ArrayList<>();
    for (Size size : spec.sizes()) {
      keys.add(new CellKey(size, "none", 0));
      for (String b : spec.behaviours()) {
        for (int k = 1; k <= size.f() + 1; k++) {
          keys.add(new CellKey(size, b, k));
        }
      }
    }
    Map<Size, Scenario> scenarios = new LinkedHashMap<>();
    for (Size size : spec.sizes()) {
      scenarios.put(size, size.scenario());
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, spec.threads()));
    try {
      Map<CellKey, List<Future<SimRun.Outcome>>> futures = new LinkedHashMap<>();
      int total = 0;
      AtomicInteger done = new AtomicInteger();
      for (CellKey key : keys) {
        List<Future<SimRun.Outcome>> fs = new ArrayList<>();
        if (applicable(key)) {
          Scenario s = scenarios.get(key.size());
          for (int i = 0; i < spec.seeds(); i++) {
            SimRun run = SimRun.of(key.size().scenarioRef(), s, false, spec.seedBase() + i, "correct",
                faultySet(key.behaviour(), key.k(), key.size().replicas(), i));
            fs.add(pool.submit(() -> run.run(options)));
          }
          total += spec.seeds();
        }
        futures.put(key, fs);
      }
      List<MatrixCell> cells = new ArrayList<>();
      Map<CellKey, SimRun.Outcome> firstFailures = new LinkedHashMap<>();
      for (CellKey key : keys) {
        SortedMap<String, Integer> violations = new TreeMap<>();
        long completed = 0;
        long issued = 0;
        double throughput = 0;
        long acts = 0;
        SimRun.Outcome first = null;
        for (Future<SimRun.Outcome> f : futures.get(key)) {
          SimRun.Outcome o = f.get();
          progress.update(done.incrementAndGet(), total, "runs");
          completed += o.result().requestsCompleted();
          issued += o.result().requestsIssued();
          throughput += o.result().throughputPerSimSecond();
          acts += o.actions().size();
          if (!o.ok()) {
            violations.merge(o.result().violation().property(), 1, Integer::sum);
            if (first == null || (isSafety(o) && !isSafety(first))) {
              first = o;
            }
          }
        }
        int n = futures.get(key).size();
        cells.add(new MatrixCell(key.size().mode(), key.size().replicas(), key.behaviour(), key.k(), applicable(key), n,
            violations, completed, issued, n == 0 ? 0 : throughput / n, acts, 0, false, null));
        if (first != null) {
          firstFailures.put(key, first);
        }
      }
      // A cell that should break but stayed clean gets an attack search over further seeds.
      for (int i = 0; i < keys.size(); i++) {
        CellKey key = keys.get(i);
        MatrixCell c = cells.get(i);
        if (c.broken() || spec.searchSeeds() <= 0 || !claimedBreakable(key)) {
          continue;
        }
        Scenario s = scenarios.get(key.size());
        long from = spec.seedBase() + spec.seeds();
        AttackSearch.Found found = AttackSearch.search(seed -> SimRun.of(key.size().scenarioRef(), s, false, seed, "correct",
            faultySet(key.behaviour(), key.k(), key.size().replicas(), (int) (seed - spec.seedBase()))),
            from, spec.searchSeeds(), options, spec.threads(), AttackSearch.Progress.NONE);
        boolean hit = found.failure() != null && isSafety(found.failure());
        cells.set(i, new MatrixCell(c.mode(), c.replicas(), c.behaviour(), c.k(), c.applicable(), c.seeds(), c.violations(),
            c.requestsCompleted(), c.requestsIssued(), c.throughput(), c.actsPerformed(), found.seedsRun(), hit, null));
        if (hit) {
          firstFailures.put(key, found.failure());
        }
      }
      // Shrink each broken cell's counterexample, in parallel.
      Map<CellKey, Future<Counterexample>> shrinks = new LinkedHashMap<>();
      int shrunkCount = 0;
      for (Map.Entry<CellKey, SimRun.Outcome> e : firstFailures.entrySet()) {
        SimRun.Outcome failing = e.getValue();
        shrinks.put(e.getKey(), pool.submit(() -> {
          AttackShrinker.Shrunk s = AttackShrinker.shrink(failing, options, spec.shrinkBudget(), AttackShrinker.Progress.NONE);
          return Counterexample.of(failing, s, options);
        }));
      }
      List<MatrixCell> withCx = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        MatrixCell c = cells.get(i);
        Future<Counterexample> f = shrinks.get(keys.get(i));
        if (f == null) {
          withCx.add(c);
          continue;
        }
        Counterexample cx = f.get();
        progress.update(++shrunkCount, shrinks.size(), "shrink");
        withCx.add(new MatrixCell(c.mode(), c.replicas(), c.behaviour(), c.k(), c.applicable(), c.seeds(),
            c.violations(), c.requestsCompleted(), c.requestsIssued(), c.throughput(), c.actsPerformed(), c.searchSeeds(),
            c.foundBySearch(), cx));
      }
      return new Result(spec, withCx, System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("matrix interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulated run threw: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean isSafety(SimRun.Outcome o) {
    return !o.ok() && !o.result().violation().property().equals(dev.bftpaxos.check.Violation.LIVENESS);
  }

  /** Cells the claims say must break: crash mode, one replica running a known crash-mode breaker. */
  private static boolean claimedBreakable(CellKey key) {
    return key.size().mode().equals("crash") && key.k() == 1 && MatrixExpectations.CRASH_BREAKERS.contains(key.behaviour());
  }

  private static boolean applicable(CellKey key) {
    if (key.k() == 0) {
      return true;
    }
    return Behaviours.byName(key.behaviour()).appliesTo(key.size().mode().equals("byzantine"));
  }
}
