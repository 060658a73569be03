package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bftpaxos.shard.Shard;
import dev.bftpaxos.sim.variants.Variant;

/**
 * The body of the property tests: sweep seeds of a scenario on every core; on a failure, shrink the
 * lowest failing seed's fault plan and fail with the report and its replay command.
 * {@code -Dbftpaxos.shard=I/N} runs only every N-th seed (seed base + t with t mod N = I), so N
 * machines (a CI matrix, a Slurm array) share one sweep; each fails on its own lowest failing
 * seed. On a cluster without Maven, {@code bft-paxos attack} runs the same sweep (docs/SCALE-OUT.md).
 */
final class PropertySweep {
  private PropertySweep() {}

  static SeedSweep.Outcome assertEverySeedPasses(Scenario s, String scenarioRef, int seeds) {
    long base = Long.getLong("bftpaxos.seedBase", 1);
    Shard shard = Shard.parse(System.getProperty("bftpaxos.shard", "0/1"));
    SeedSweep.Outcome o = SeedSweep.run(s, Variant.CORRECT, Simulator.Options.defaults(), base, seeds,
        SeedSweep.cores(), shard);
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
