package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.variants.Variant;

/**
 * What the crash- and Byzantine-mode reconfiguration sweeps share: a seed's plan (random faults that
 * never take more than one replica down at once, merged with random configuration changes), one run
 * of it, and a sweep of the correct protocol that counts the changes that took effect.
 */
final class ReconfigurationRuns {
  private final Scenario scenario;
  private final int universe;
  private final int firstMembers;

  ReconfigurationRuns(Scenario scenario, int universe, int firstMembers) {
    this.scenario = scenario;
    this.universe = universe;
    this.firstMembers = firstMembers;
  }

  FaultPlan planFor(long seed) {
    FaultPlan faults = FaultPlanGenerator.generate(scenario.randomFaults(), universe, 1,
        SeededRandom.stream(seed, "faults"));
    FaultPlan changes = ReconfigurationPlans.draw(universe, firstMembers, 1_000_000,
        SeededRandom.stream(seed, "reconfigurations"));
    return ReconfigurationPlans.merge(faults, changes);
  }

  /** One run of {@code seed}'s plan under {@code v}; the simulator goes to {@code keep[0]} when given. */
  RunResult run(Variant v, long seed, Simulator[] keep) {
    Simulator sim = new Simulator(scenario, seed, v, planFor(seed), Simulator.Options.defaults());
    if (keep != null) {
      keep[0] = sim;
    }
    return sim.run();
  }

  /** Seeds 1..{@code seeds} of the correct protocol, each asserted; the changes accepted in all of them. */
  int acceptedChanges(int seeds) {
    int changed = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      Simulator[] sim = new Simulator[1];
      RunResult r = run(Variant.CORRECT, seed, sim);
      assertTrue(r.ok(), "seed " + seed + ": " + r.violation() + "\n" + String.join("\n", r.trace()));
      changed += (int) sim[0].reconfigurations().stream().filter(x -> x.startsWith("ok")).count();
    }
    return changed;
  }
}
