package dev.bftpaxos.attack;

import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.shard.Shard;
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
 *
 * <p>It runs in two steps, so that one machine and many give the same report: {@link #runShard}
 * runs one shard's share and returns raw records ({@link MatrixShard}), and {@link #merge} turns
 * the records of every shard into the cells. An unsharded run is the one shard {@code 0/1},
 * merged. A shard runs run {@code j} (cell c, seed index i, {@code j = c * seeds + i}) if
 * {@code j mod N} is its index. The follow-up search of a cell the claims say must break needs the
 * whole cell: a shard runs its share of it (search seed t if {@code t mod N} is its index) when the
 * cell is clean in its own seeds, so when the cell is clean in all of them every share has run.
 * Each shard shrinks its own lowest failing seed of each cell, and the merge keeps the lowest
 * seed's counterexample: shrinking is deterministic, so the result is the one an unsharded run
 * shrinks, and the shrinking runs on the cluster, in parallel, instead of after the merge.
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

    /** {@code crash:3}, as {@code --sizes} takes it. */
    public String label() {
      return mode + ":" + replicas;
    }
  }

  /** What to run. */
  public record Spec(List<Size> sizes, List<String> behaviours, int seeds, long seedBase, int shrinkBudget, int threads,
      int searchSeeds) {
    /** The full matrix of the issue: crash n=3,5 and Byzantine n=4,7, every ready behaviour. */
    public static Spec full(int seeds, int shrinkBudget, int threads) {
      return new Spec(List.of(new Size("crash", 3, "random-faults"), new Size("crash", 5, "random-faults"),
          new Size("byzantine", 4, "byzantine-random-faults"), new Size("byzantine", 7, "byzantine-random-faults")),
          defaultRows(), seeds, 1, shrinkBudget, threads, 200);
    }

    /** The default rows: every ready replica behaviour, then every client one. */
    public static List<String> defaultRows() {
      List<String> out = allBehaviours();
      out.addAll(allClientRows());
      return out;
    }

    /** Every ready replica behaviour. */
    public static List<String> allBehaviours() {
      List<String> out = new ArrayList<>();
      Behaviours.names().forEach(out::add);
      return out;
    }

    /**
     * Every ready client behaviour as a {@code client:NAME} row. Under the random faults of
     * {@code byzantine-random-faults} (4 correct clients) one flooding client costs the correct
     * ones about what one more correct client would (0.85x against 0.82x over 12 seeds): every
     * extra slot is one more that a lost message stalls. Over 20 seeds no row is below 0.81x; over
     * 6 some k=2 cells are (0.77x), so the claim wants the full matrix's seed count.
     */
    public static List<String> allClientRows() {
      List<String> out = new ArrayList<>();
      dev.bftpaxos.faulty.client.ClientBehaviours.names().forEach(n -> out.add(CLIENT_ROW + n));
      return out;
    }

    public Spec withThreads(int t) {
      return new Spec(sizes, behaviours, seeds, seedBase, shrinkBudget, t, searchSeeds);
    }
  }

  /** Told as runs finish. */
  public interface Progress {
    Progress NONE = (done, total, phase) -> {};

    void update(int done, int total, String phase);
  }

  /** Every cell, in order: sizes, then behaviours, then k; k = 0 once per size, as behaviour "none". */
  public record Result(Spec spec, List<MatrixCell> cells) {
    public List<MatrixCell> cellsOf(Size size) {
      return cells.stream().filter(c -> c.mode().equals(size.mode()) && c.replicas() == size.replicas()).toList();
    }

    /** The cell of the same size and k with the replicas silent, or null if it was not run. */
    public MatrixCell silent(MatrixCell c) {
      return cells.stream().filter(x -> x.mode().equals(c.mode()) && x.replicas() == c.replicas() && x.k() == c.k()
          && x.behaviour().equals(MatrixExpectations.SILENT)).findFirst().orElse(null);
    }

    public MatrixCell baseline(String mode, int replicas) {
      return cells.stream().filter(c -> c.mode().equals(mode) && c.replicas() == replicas && c.k() == 0)
          .findFirst().orElseThrow();
    }
  }

  /**
   * A row of faulty clients: {@code client:NAME}, where k counts misbehaving clients beside the
   * correct ones (every replica correct). Byzantine mode claims safety and robustness for any k.
   */
  public static final String CLIENT_ROW = "client:";

  private ResilienceMatrix() {}

  public static boolean isClientRow(String behaviour) {
    return behaviour.startsWith(CLIENT_ROW);
  }

  /** Checks a row name for the command line: a replica behaviour, or {@code client:} and a client one. */
  public static void requireKnown(String behaviour) {
    if (isClientRow(behaviour)) {
      dev.bftpaxos.faulty.client.ClientBehaviours.byName(behaviour.substring(CLIENT_ROW.length()));
    } else {
      Behaviours.byName(behaviour);
    }
  }

  /** The run of one cell's seed: k faulty replicas placed from the seed's index, or k faulty clients. */
  static SimRun cellRun(MatrixShard.CellKey key, Scenario s, long seed, int seedIndex) {
    if (isClientRow(key.behaviour())) {
      return SimRun.of(key.size().scenarioRef(), s, false, seed, "correct", Map.of())
          .withFaultyClients(java.util.Collections.nCopies(key.k(), key.behaviour().substring(CLIENT_ROW.length())));
    }
    return SimRun.of(key.size().scenarioRef(), s, false, seed, "correct",
        faultySet(key.behaviour(), key.k(), key.size().replicas(), seedIndex));
  }

  static SortedMap<Integer, String> faultySet(String behaviour, int k, int n, int seedIndex) {
    SortedMap<Integer, String> m = new TreeMap<>();
    for (int j = 0; j < k; j++) {
      m.put((seedIndex + j) % n, behaviour);
    }
    return m;
  }

  /** The whole matrix on this machine: shard 0/1, merged. */
  public static Result run(Spec spec, Progress progress) {
    return merge(spec, List.of(runShard(spec, Shard.ALL, progress)));
  }

  /**
   * The cells in report order: per size the baseline, then each behaviour at k = 1..f+1. Byzantine
   * sizes always run the silent node too: the robustness claim compares every behaviour with the
   * same replicas silent.
   */
  static List<MatrixShard.CellKey> cellKeys(Spec spec) {
    List<MatrixShard.CellKey> keys = new ArrayList<>();
    for (Size size : spec.sizes()) {
      keys.add(new MatrixShard.CellKey(size, "none", 0));
      List<String> behaviours = new ArrayList<>(spec.behaviours());
      if (size.mode().equals("byzantine") && !behaviours.contains(MatrixExpectations.SILENT)) {
        behaviours.add(MatrixExpectations.SILENT);
      }
      for (String b : behaviours) {
        for (int k = 1; k <= size.f() + 1; k++) {
          keys.add(new MatrixShard.CellKey(size, b, k));
        }
      }
    }
    return keys;
  }

  /** One shard's share: its runs, its share of the follow-up searches, and its counterexamples. */
  public static MatrixShard runShard(Spec spec, Shard shard, Progress progress) {
    Simulator.Options options = Simulator.Options.defaults();
    List<MatrixShard.CellKey> keys = cellKeys(spec);
    Map<Size, Scenario> scenarios = new LinkedHashMap<>();
    for (Size size : spec.sizes()) {
      scenarios.put(size, size.scenario());
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, spec.threads()));
    try {
      Map<MatrixShard.CellKey, List<Future<SimRun.Outcome>>> futures = new LinkedHashMap<>();
      Map<MatrixShard.CellKey, List<Integer>> indices = new LinkedHashMap<>();
      int total = 0;
      for (int c = 0; c < keys.size(); c++) {
        MatrixShard.CellKey key = keys.get(c);
        List<Future<SimRun.Outcome>> fs = new ArrayList<>();
        List<Integer> is = new ArrayList<>();
        if (applicable(key)) {
          Scenario s = scenarios.get(key.size());
          for (int i = 0; i < spec.seeds(); i++) {
            if (!shard.owns((long) c * spec.seeds() + i)) {
              continue;
            }
            SimRun run = cellRun(key, s, spec.seedBase() + i, i);
            fs.add(pool.submit(() -> run.run(options)));
            is.add(i);
          }
          total += fs.size();
        }
        futures.put(key, fs);
        indices.put(key, is);
      }
      AtomicInteger done = new AtomicInteger();
      List<MatrixShard.Run> runs = new ArrayList<>();
      Map<MatrixShard.CellKey, SimRun.Outcome> cellCandidates = new LinkedHashMap<>();
      Map<MatrixShard.CellKey, SimRun.Outcome> searchCandidates = new LinkedHashMap<>();
      List<MatrixShard.Search> searches = new ArrayList<>();
      for (MatrixShard.CellKey key : keys) {
        SimRun.Outcome first = null;
        List<Future<SimRun.Outcome>> fs = futures.get(key);
        for (int j = 0; j < fs.size(); j++) {
          SimRun.Outcome o = fs.get(j).get();
          progress.update(done.incrementAndGet(), total, "runs");
          runs.add(new MatrixShard.Run(key, indices.get(key).get(j), o.run().seed(), o.result().requestsCompleted(),
              o.result().requestsIssued(), o.result().throughputPerSimSecond(), o.actions().size(),
              o.ok() ? null : o.result().violation().property()));
          // The lowest failing seed, or the lowest safety failure if there is one: what gets shrunk.
          if (!o.ok() && (first == null || (isSafety(o) && !isSafety(first)))) {
            first = o;
          }
        }
        boolean cleanHere = first == null || !isSafety(first);
        if (cleanHere && spec.searchSeeds() > 0 && claimedBreakable(key)) {
          AttackSearch.Found found = followUp(spec, shard, key, scenarios.get(key.size()), options);
          SimRun.Outcome f = found.failure();
          searches.add(new MatrixShard.Search(key, found.seedsRun(), f == null ? -1 : f.run().seed(),
              f == null ? null : f.result().violation().property()));
          if (f != null && isSafety(f)) {
            searchCandidates.put(key, f);
          }
        }
        if (first != null) {
          cellCandidates.put(key, first);
        }
      }
      List<MatrixShard.Shrunk> shrunk = shrinkAll(spec, pool, options, cellCandidates, searchCandidates, progress);
      return new MatrixShard(runs, searches, shrunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("matrix interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulated run threw: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** This shard's share of the search over the seeds after the cell's, in order, to the first failure. */
  private static AttackSearch.Found followUp(Spec spec, Shard shard, MatrixShard.CellKey key, Scenario s,
      Simulator.Options options) {
    long from = spec.seedBase() + spec.seeds();
    List<Long> mine = new ArrayList<>();
    for (int t = 0; t < spec.searchSeeds(); t++) {
      if (shard.owns(t)) {
        mine.add(from + t);
      }
    }
    long[] seeds = mine.stream().mapToLong(Long::longValue).toArray();
    return AttackSearch.search(seed -> cellRun(key, s, seed, (int) (seed - spec.seedBase())),
        seeds, options, spec.threads(), AttackSearch.Progress.NONE);
  }

  /** Shrinks every candidate, in parallel, into a counterexample report. */
  private static List<MatrixShard.Shrunk> shrinkAll(Spec spec, ExecutorService pool, Simulator.Options options,
      Map<MatrixShard.CellKey, SimRun.Outcome> cell, Map<MatrixShard.CellKey, SimRun.Outcome> search, Progress progress)
      throws InterruptedException, ExecutionException {
    List<MatrixShard.CellKey> keys = new ArrayList<>();
    List<Boolean> fromSearch = new ArrayList<>();
    List<Future<CounterexampleReport>> fs = new ArrayList<>();
    for (Map<MatrixShard.CellKey, SimRun.Outcome> m : List.of(cell, search)) {
      for (Map.Entry<MatrixShard.CellKey, SimRun.Outcome> e : m.entrySet()) {
        SimRun.Outcome failing = e.getValue();
        keys.add(e.getKey());
        fromSearch.add(m == search);
        fs.add(pool.submit(() -> {
          AttackShrinker.Shrunk s = AttackShrinker.shrink(failing, options, spec.shrinkBudget(), AttackShrinker.Progress.NONE);
          return Counterexample.of(failing, s, options).report();
        }));
      }
    }
    List<MatrixShard.Shrunk> out = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      out.add(new MatrixShard.Shrunk(keys.get(i), fromSearch.get(i), fs.get(i).get()));
      progress.update(i + 1, fs.size(), "shrink");
    }
    return out;
  }

  /**
   * The cells from every shard's records, as one unsharded run computes them: each cell's runs
   * in seed order, its follow-up search's lowest failing seed over all shards, and the
   * counterexample of its lowest (safety-first) failing seed.
   */
  public static Result merge(Spec spec, List<MatrixShard> shards) {
    Map<MatrixShard.CellKey, List<MatrixShard.Run>> runs = new LinkedHashMap<>();
    Map<MatrixShard.CellKey, List<MatrixShard.Search>> searches = new LinkedHashMap<>();
    Map<MatrixShard.CellKey, List<MatrixShard.Shrunk>> shrunk = new LinkedHashMap<>();
    for (MatrixShard s : shards) {
      s.runs().forEach(r -> runs.computeIfAbsent(r.cell(), x -> new ArrayList<>()).add(r));
      s.searches().forEach(r -> searches.computeIfAbsent(r.cell(), x -> new ArrayList<>()).add(r));
      s.shrunk().forEach(r -> shrunk.computeIfAbsent(r.cell(), x -> new ArrayList<>()).add(r));
    }
    List<MatrixCell> cells = new ArrayList<>();
    for (MatrixShard.CellKey key : cellKeys(spec)) {
      cells.add(cell(spec, key, shards.size(), runs.getOrDefault(key, List.of()), searches.getOrDefault(key, List.of()),
          shrunk.getOrDefault(key, List.of())));
    }
    return new Result(spec, cells);
  }

  private static MatrixCell cell(Spec spec, MatrixShard.CellKey key, int shardCount, List<MatrixShard.Run> given,
      List<MatrixShard.Search> searched, List<MatrixShard.Shrunk> shrunk) {
    List<MatrixShard.Run> rs = new ArrayList<>(given);
    rs.sort((a, b) -> Integer.compare(a.seedIndex(), b.seedIndex()));
    int expected = applicable(key) ? spec.seeds() : 0;
    for (int i = 0; i < rs.size(); i++) {
      if (rs.get(i).seedIndex() != i) {
        throw new IllegalArgumentException(key.label() + ": the shards hold seed index " + rs.get(i).seedIndex()
            + " where " + i + " belongs (a run missing or given twice)");
      }
    }
    if (rs.size() != expected) {
      throw new IllegalArgumentException(key.label() + ": the shards hold " + rs.size() + " runs, the cell has "
          + expected);
    }
    SortedMap<String, Integer> violations = new TreeMap<>();
    long completed = 0;
    long issued = 0;
    double throughput = 0;
    long acts = 0;
    for (MatrixShard.Run r : rs) {
      completed += r.completed();
      issued += r.issued();
      throughput += r.throughput();
      acts += r.acts();
      if (r.violation() != null) {
        violations.merge(r.violation(), 1, Integer::sum);
      }
    }
    int n = rs.size();
    int seedsSearched = 0;
    boolean hit = false;
    long hitSeed = -1;
    boolean broken = violations.entrySet().stream()
        .anyMatch(e -> !e.getKey().equals(dev.bftpaxos.check.Violation.LIVENESS));
    if (!broken && spec.searchSeeds() > 0 && claimedBreakable(key)) {
      if (searched.size() != shardCount) {
        throw new IllegalArgumentException(key.label() + ": " + searched.size() + " of " + shardCount
            + " shards searched further seeds, yet no shard broke the cell");
      }
      MatrixShard.Search low = null;
      for (MatrixShard.Search s : searched) {
        if (s.failingSeed() >= 0 && (low == null || s.failingSeed() < low.failingSeed())) {
          low = s;
        }
      }
      // As one search in seed order: it stops at the lowest failing seed, whatever it broke.
      seedsSearched = low == null ? spec.searchSeeds() : (int) (low.failingSeed() - (spec.seedBase() + spec.seeds()) + 1);
      hit = low != null && !low.failingProperty().equals(dev.bftpaxos.check.Violation.LIVENESS);
      hitSeed = hit ? low.failingSeed() : -1;
    }
    CounterexampleReport cx;
    if (broken) {
      cx = lowest(shrunk, true);
    } else if (hit) {
      long seed = hitSeed;
      cx = shrunk.stream().filter(s -> s.fromSearch() && s.report().seed() == seed).map(MatrixShard.Shrunk::report)
          .findFirst().orElse(null);
    } else {
      cx = violations.isEmpty() ? null : lowest(shrunk, false);
    }
    if (cx == null && (hit || !violations.isEmpty())) {
      throw new IllegalArgumentException(key.label() + ": no shard recorded the counterexample of the cell's lowest "
          + "failing seed");
    }
    return new MatrixCell(key.size().mode(), key.size().replicas(), key.behaviour(), key.k(), applicable(key), n,
        violations, completed, issued, n == 0 ? 0 : throughput / n, acts, seedsSearched, hit, cx);
  }

  /** The lowest seed's counterexample among the cell's own (not its search's): safety ones only, or any. */
  private static CounterexampleReport lowest(List<MatrixShard.Shrunk> shrunk, boolean safetyOnly) {
    CounterexampleReport best = null;
    for (MatrixShard.Shrunk s : shrunk) {
      if (s.fromSearch() || (safetyOnly && !s.report().safety())) {
        continue;
      }
      if (best == null || s.report().seed() < best.seed()) {
        best = s.report();
      }
    }
    return best;
  }

  private static boolean isSafety(SimRun.Outcome o) {
    return !o.ok() && !o.result().violation().property().equals(dev.bftpaxos.check.Violation.LIVENESS);
  }

  /** Cells the claims say must break: crash mode, one replica running a known crash-mode breaker. */
  private static boolean claimedBreakable(MatrixShard.CellKey key) {
    return key.size().mode().equals("crash") && key.k() == 1 && MatrixExpectations.CRASH_BREAKERS.contains(key.behaviour());
  }

  private static boolean applicable(MatrixShard.CellKey key) {
    if (key.k() == 0) {
      return true;
    }
    boolean byzantine = key.size().mode().equals("byzantine");
    if (isClientRow(key.behaviour())) {
      return dev.bftpaxos.faulty.client.ClientBehaviours.byName(key.behaviour().substring(CLIENT_ROW.length()))
          .appliesTo(byzantine);
    }
    return Behaviours.byName(key.behaviour()).appliesTo(byzantine);
  }
}
