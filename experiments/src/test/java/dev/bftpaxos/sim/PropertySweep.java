package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.sim.variants.Variant;

/**
 * The body of the property tests: sweep seeds of a scenario on every core; on a failure, shrink the
 * lowest failing seed's fault plan and fail with the report and its replay command.
 */
final class PropertySweep {
  private PropertySweep() {}

  static SeedSweep.Outcome assertEverySeedPasses(Scenario s, String scenarioRef, int seeds) {
    long base = Long.getLong("bftpaxos.seedBase", 1);
    SeedSweep.Outcome o = SeedSweep.run(s, Variant.CORRECT, Simulator.Options.defaults(), base, seeds,
        SeedSweep.cores());
    if (o.firstFailure() != null) {
      RunResult r = o.firstFailure();
      PlanShrinker.Shrunk shrunk = PlanShrinker.shrink(s, r.seed(), Variant.CORRECT, r);
      fail(s.mode() + " mode n=" + s.replicas() + " seed " + r.seed() + " broke " + r.violation().property()
          + "\nshrunk to " + shrunk.plan().events().size() + " of " + r.plan().events().size()
          + " fault events in " + shrunk.runs() + " runs\n" + FailureReport.render(scenarioRef, s.replicas(), shrunk.result()));
    }
    return o;
  }
}
