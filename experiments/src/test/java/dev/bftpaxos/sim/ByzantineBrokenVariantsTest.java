package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Byzantine mode's defences, each tested both ways with one faulty replica (k = f = 1 at n = 4):
 * with the correct rules the attack must fail on every seed; with the one rule it targets broken,
 * the checkers must catch it by random search within the seed budget. A test that cannot fail is
 * a defect. Together with the crash-mode variants (BrokenVariantsCaughtTest) every property has one:
 * agreement (double-vote, unchecked-new-ballot), linearizability (first-reply-client), certificate
 * soundness (unverified-certificates), liveness (lone-ballot-change), validity and exactly-once
 * (crash mode's certificate-forger and no-client-table; Byzantine mode's unsigned-requests, attacked by a
 * request-forging leader here and by a forging client in FaultyClientsTest).
 */
class ByzantineBrokenVariantsTest {
  static final int SEEDS = 40;

  @ParameterizedTest(name = "{0} at replica {1} vs {2}")
  @CsvSource({
      "equivocating-proposer, 0, double-vote, none",
      "lying-replier, 1, first-reply-client, none",
      "new-ballot-forger, 1, unchecked-new-ballot, none",
      "certificate-forger, 1, unverified-certificates, none",
      "silent-node, 3, lone-ballot-change, none",
      "request-forger, 0, unsigned-requests, none"})
  void attackFailsAgainstCorrectRulesAndBreaksTheBrokenOne(String behaviour, int replica, String variant, String plan) {
    Scenario base = Scenario.byzantineRandomFaults(4);
    Scenario s = plan.equals("none") ? base : base.withFaults(FaultPlan.parse(plan), null);
    Simulator.Options options = Simulator.Options.defaults().withFaulty(Map.of(replica, behaviour));
    SeedSweep.Outcome correct = SeedSweep.run(s, BrokenVariants.byName("correct"), options, 1, SEEDS, SeedSweep.cores());
    assertNull(correct.firstFailure(), () -> behaviour + " broke the correct protocol:\n"
        + FailureReport.render(s.name(), 4, correct.firstFailure()));
    Variant broken = BrokenVariants.byName(variant);
    SeedSweep.Outcome caught = SeedSweep.run(s, broken, options, 1, SEEDS, SeedSweep.cores());
    assertNotNull(caught.firstFailure(), variant + " with " + behaviour + " went unnoticed for " + SEEDS + " seeds");
    RunResult r = caught.firstFailure();
    System.out.printf("%s + %s at replica %d: caught at seed %d: %s%n", variant, behaviour, replica, r.seed(),
        r.violation().toString().lines().findFirst().orElse(""));
  }
}
