package dev.bftpaxos.sim;

import dev.bftpaxos.sim.variants.Variant;
import java.util.function.Function;

/**
 * Shrinks a failing run's fault plan: removes one event at a time, keeping a removal whenever the
 * run still breaks the same property, until no single removal keeps it failing (a 1-minimal plan).
 * The seed and scenario stay fixed (so the network stabilizes at the same time, as in the
 * {@code --faults} replay); because the network, workload and fault streams are drawn independently,
 * removing a fault leaves the rest of the schedule as it was.
 */
public final class PlanShrinker {
  /** The outcome: the smallest plan found, its run, and how many runs the search took. */
  public record Shrunk(FaultPlan plan, RunResult result, int runs) {}

  private PlanShrinker() {}

  public static Shrunk shrink(Scenario scenario, long seed, Variant rules, RunResult failing) {
    Function<FaultPlan, RunResult> runner = plan ->
        new Simulator(scenario, seed, rules, plan, Simulator.Options.defaults()).run();
    return shrink(failing, runner);
  }

  /** Shrinks with any way of running a plan: the attack search uses its own runner. */
  public static Shrunk shrink(RunResult failing, Function<FaultPlan, RunResult> runner) {
    String property = failing.violation().property();
    FaultPlan best = failing.plan();
    RunResult bestResult = failing;
    int runs = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int i = best.events().size() - 1; i >= 0; i--) {
        FaultPlan candidate = best.without(i);
        RunResult r = runner.apply(candidate);
        runs++;
        if (!r.ok() && r.violation().property().equals(property)) {
          best = candidate;
          bestResult = r;
          progress = true;
        }
      }
    }
    return new Shrunk(best, bestResult, runs);
  }
}
