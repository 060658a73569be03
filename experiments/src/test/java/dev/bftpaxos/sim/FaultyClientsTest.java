package dev.bftpaxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.check.Violation;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faulty clients: each ready one, beside the correct clients, leaves the protocol safe and the
 * correct clients live and at least 0.8x as fast as without it (both modes where it applies); and
 * the attack each makes is caught by the checkers when the defence it targets is broken, found by
 * a seed sweep rather than a scripted run.
 */
class FaultyClientsTest {
  static final long DURATION = 600_000;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"forging-client", "replaying-client", "flooding-client", "flooding-client(rate=200,reads=true)",
      "oversized-client"})
  void correctClientsKeepTheirThroughputInByzantineMode(String behaviour) {
    assertHarmless(Scenario.byzantineBasic(4).withDuration(DURATION), behaviour);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"replaying-client", "flooding-client(rate=200,reads=true)", "oversized-client"})
  void correctClientsKeepTheirThroughputInCrashMode(String behaviour) {
    assertHarmless(Scenario.basic(3).withDuration(DURATION), behaviour);
  }

  private static void assertHarmless(Scenario s, String behaviour) {
    Simulator.Options plain = Simulator.Options.defaults();
    RunResult without = new Simulator(s, 1, BrokenVariants.byName("correct"), Simulator.planFor(s, 1), plain).run();
    RunResult with = new Simulator(s, 1, BrokenVariants.byName("correct"), Simulator.planFor(s, 1),
        plain.withFaultyClients(List.of(behaviour))).run();
    assertNull(with.violation(), () -> behaviour + ": " + with.violation());
    double ratio = with.throughputPerSimSecond() / without.throughputPerSimSecond();
    System.out.printf("%s (%s n=%d): correct clients at %.2fx their throughput without it%n", behaviour, s.mode(),
        s.replicas(), ratio);
    assertTrue(ratio >= 0.8, () -> behaviour + " cut correct clients to " + ratio + "x");
  }

  /** The defence each client attack targets, broken, is caught by random search within a few seeds. */
  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource({
      "forging-client, unsigned-requests, byzantine, validity",
      "replaying-client, no-client-table, byzantine, exactly-once",
      "replaying-client, no-client-table, crash, exactly-once"})
  void eachAttackIsCaughtWhenItsDefenceIsBroken(String behaviour, String variant, String mode, String property) {
    Scenario s = mode.equals("crash") ? Scenario.randomFaults(3) : Scenario.byzantineRandomFaults(4);
    Simulator.Options options = Simulator.Options.defaults().withFaultyClients(List.of(behaviour));
    SeedSweep.Outcome correct = SeedSweep.run(s, BrokenVariants.byName("correct"), options, 1, 6, SeedSweep.cores());
    assertNull(correct.firstFailure(), () -> behaviour + " broke the correct protocol: " + correct.firstFailure().violation());
    SeedSweep.Outcome caught = SeedSweep.run(s, BrokenVariants.byName(variant), options, 1, 20, SeedSweep.cores());
    assertNotNull(caught.firstFailure(), () -> variant + " with " + behaviour + " went unnoticed for 20 seeds");
    Violation v = caught.firstFailure().violation();
    assertEquals(property, v.property(), v::toString);
    System.out.printf("%s + %s (%s): caught at seed %d: %s%n", variant, behaviour, mode, caught.firstFailure().seed(),
        v.toString().lines().findFirst().orElse(""));
  }
}
