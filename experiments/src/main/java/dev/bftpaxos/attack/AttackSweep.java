package dev.bftpaxos.attack;

import dev.bftpaxos.shard.Shard;
import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The attack search in two steps, so that one machine and many give the same report. A shard
 * judges its own seeds (seed {@code base + t} if {@code t mod N} is its index) in order up to its
 * first failure, shrinks that failure, and replays it in the other mode ({@link Raw}). The merge
 * ({@link #merge}) takes the lowest failing seed over all shards - each shard judged every one of
 * its seeds below its own first failure, so no lower seed can have failed unseen - and adds up the
 * seeds up to it, exactly as one search over all seeds in order stops there.
 *
 * <p>Each shard shrinks its own failure and the merge keeps the lowest seed's, rather than the
 * merge shrinking once: shrinking is deterministic, so the counterexample is the same, but it
 * runs on the cluster in parallel (a shrink costs hundreds of runs), and the merge stays a pure
 * function of files that needs neither the simulator nor the scenario files. The price is that
 * shards other than the lowest shrink in vain.
 */
public final class AttackSweep {
  /** The counterexample's schedule replayed in the other mode; {@code property} null if it held. */
  public record OtherMode(String mode, int replicas, String property, String detail, String replay) {}

  /** One shard's share: every seed it judged, and its failure, shrunk (null if none). */
  public record Raw(List<AttackSearch.Seen> seen, CounterexampleReport counterexample, OtherMode other) {
    public Raw {
      seen = List.copyOf(seen);
    }
  }

  /** The search as one run over all seeds reports it. */
  public record Result(int seedsRun, long requestsCompleted, long actsPerformed, CounterexampleReport counterexample,
      OtherMode other) {
    public boolean found() {
      return counterexample != null;
    }
  }

  private AttackSweep() {}

  /** The seeds of {@code base..base+count-1} that belong to {@code shard}, in order. */
  public static long[] seeds(long base, int count, Shard shard) {
    List<Long> mine = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      if (shard.owns(t)) {
        mine.add(base + t);
      }
    }
    return mine.stream().mapToLong(Long::longValue).toArray();
  }

  /** Shrinks the search's failure (if any) and replays it in the other mode (if asked): the shard's record. */
  public static Raw finish(AttackSearch.Found found, Simulator.Options options, int shrinkBudget, boolean otherMode,
      AttackShrinker.Progress progress) {
    if (found.failure() == null) {
      return new Raw(found.seen(), null, null);
    }
    AttackShrinker.Shrunk shrunk = AttackShrinker.shrink(found.failure(), options, shrinkBudget, progress);
    Counterexample cx = Counterexample.of(found.failure(), shrunk, options);
    OtherMode other = null;
    if (otherMode) {
      SimRun.Outcome o = cx.minimal().run().inOtherMode().run(options);
      other = new OtherMode(o.run().scenario().mode(), o.run().scenario().replicas(),
          o.ok() ? null : o.result().violation().property(), o.ok() ? null : o.result().violation().detail(),
          o.run().replayCommand());
    }
    return new Raw(found.seen(), cx.report(), other);
  }

  /** Searches {@code shard}'s seeds and finishes: what {@code attack --shard} records. */
  public static Raw runShard(LongFunction<SimRun> runForSeed, long base, int count, Shard shard,
      Simulator.Options options, int threads, int shrinkBudget, boolean otherMode) {
    AttackSearch.Found found = AttackSearch.search(runForSeed, seeds(base, count, shard), options, threads,
        AttackSearch.Progress.NONE);
    return finish(found, options, shrinkBudget, otherMode, AttackShrinker.Progress.NONE);
  }

  /**
   * The search over {@code base..base+count-1} from its shards: the lowest failing seed, and the
   * seeds up to it (all of them if none failed), each of which some shard must have judged.
   */
  public static Result merge(long base, int count, List<Raw> shards) {
    Raw lowest = null;
    Map<Long, AttackSearch.Seen> seen = new HashMap<>();
    for (Raw r : shards) {
      for (AttackSearch.Seen s : r.seen()) {
        if (s.seed() < base || s.seed() >= base + count || seen.put(s.seed(), s) != null) {
          throw new IllegalArgumentException("seed " + s.seed() + " is outside the search or judged twice");
        }
      }
      if (r.counterexample() != null && (lowest == null || first(r) < first(lowest))) {
        lowest = r;
      }
    }
    long last = lowest == null ? base + count - 1 : first(lowest);
    long completed = 0;
    long acts = 0;
    for (long seed = base; seed <= last; seed++) {
      AttackSearch.Seen s = seen.get(seed);
      if (s == null) {
        throw new IllegalArgumentException("no shard judged seed " + seed + " (a shard's records are incomplete)");
      }
      completed += s.completed();
      acts += s.acts();
    }
    int seedsRun = (int) (last - base + 1);
    return lowest == null ? new Result(seedsRun, completed, acts, null, null)
        : new Result(seedsRun, completed, acts, lowest.counterexample(), lowest.other());
  }

  /** The seed a shard's search stopped at: its last judged seed, which failed. */
  private static long first(Raw r) {
    return r.seen().get(r.seen().size() - 1).seed();
  }
}
