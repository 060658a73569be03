package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.sim.variants.BrokenVariants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checkers' own test: each deliberately broken variant must be caught within the CI seed
 * budget, and its counterexample must shrink and still fail. If a checker went silent, this fails.
 */
class BrokenVariantsCaughtTest {
  static final int SEED_BUDGET = 300;

  @ParameterizedTest
  @ValueSource(strings = {"ignore-promise-values", "accept-below-promise", "quorum-n-over-2", "no-client-table"})
  void variantIsCaught(String name) {
    Variant rules = BrokenVariants.byName(name);
    for (int n : new int[] {3, 5}) {
      Scenario s = Scenario.randomFaults(n);
      for (long seed = 1; seed <= SEED_BUDGET; seed++) {
        RunResult r = new Simulator(s, seed, rules, Simulator.planFor(s, seed), Simulator.Options.defaults()).run();
        if (!r.ok()) {
          PlanShrinker.Shrunk shrunk = PlanShrinker.shrink(s, seed, rules, r);
          assertFalse(shrunk.result().ok(), "shrunk plan must still fail");
          assertTrue(shrunk.plan().events().size() <= r.plan().events().size());
          System.out.printf("%s caught at n=%d after %d seed(s): %s; plan shrunk %d -> %d events%n%s%n", name, n, seed,
              r.violation().property(), r.plan().events().size(), shrunk.plan().events().size(),
              FailureReport.replayCommand("random-faults", n, shrunk.result()));
          return;
        }
      }
    }
    fail(name + " was not caught in " + SEED_BUDGET + " seeds at n=3 or n=5: the checkers are blind to it");
  }
}
