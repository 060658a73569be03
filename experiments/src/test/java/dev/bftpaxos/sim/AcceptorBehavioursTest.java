package dev.bftpaxos.sim;

import dev.bftpaxos.core.msg.LogMessage;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.check.Violation;
import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.log.ReplicatedLog;
import dev.bftpaxos.core.kv.KvStateMachine;
import dev.bftpaxos.core.msg.LogMessage.FetchSlots;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptor-side misbehaviours: promise-breaking-acceptor, lying-acceptor, certificate-forger and
 * random-mutator. Byzantine mode with one of them (k = f = 1 at n = 4) keeps every property, and
 * each one is shown to have acted (and, where there is a natural signal, to have been refused);
 * crash mode, which has no defence against a lying acceptor, loses agreement to a promise-breaking
 * one within a small seed budget.
 */
class AcceptorBehavioursTest {
  static final int SEEDS = 10;
  /**
   * Seeds the crash-mode search may try before it must have found a violation. At replica 2 the
   * first breaking seed moved from below 30 to 53 when a leader began stepping down on a higher
   * promise (fewer of the random schedules keep the stale leader the lone acceptor needs).
   */
  static final int CRASH_SEED_BUDGET = 80;

  private static Simulator simulator(Scenario s, long seed, Map<Integer, String> faulty) {
    return new Simulator(s, seed, BrokenVariants.byName("correct"), Simulator.planFor(s, seed),
        Simulator.Options.defaults().withFaulty(faulty));
  }

  @ParameterizedTest(name = "{0} at replica {1}")
  @CsvSource({"promise-breaking-acceptor, 0", "promise-breaking-acceptor, 2", "lying-acceptor, 0", "lying-acceptor, 2",
      "certificate-forger, 0", "certificate-forger, 2", "random-mutator, 0", "random-mutator, 2"})
  void byzantineModeToleratesOneAndItActs(String behaviour, int replica) {
    Scenario s = Scenario.byzantineRandomFaults(4);
    Map<Integer, String> faulty = Map.of(replica, behaviour);
    SeedSweep.Outcome o = SeedSweep.run(s, BrokenVariants.byName("correct"),
        Simulator.Options.defaults().withFaulty(faulty), 1, SEEDS, SeedSweep.cores());
    assertNull(o.firstFailure(), () -> FailureReport.render(s.name(), 4, o.firstFailure()));
    assertTrue(o.requestsCompleted() > 0);

    // Runs replay exactly: the first seed in which it acted, run again to look at what it did.
    for (long seed = 1; seed <= SEEDS; seed++) {
      Simulator sim = simulator(s, seed, faulty);
      RunResult r = sim.run();
      if (sim.faultyActions().isEmpty()) {
        continue;
      }
      assertTrue(r.ok());
      Map<String, Integer> kinds = new TreeMap<>();
      sim.faultyActions().forEach(a -> kinds.merge(a.description().replaceAll("[0-9].*", "").trim(), 1, Integer::sum));
      System.out.println(behaviour + " at r" + replica + ", seed " + seed + ": " + sim.faultyActions().size()
          + " acts " + kinds + "; first: " + sim.faultyActions().get(0).description()
          + "; correct replicas' rejections: " + r.rejections());
      if (behaviour.equals("certificate-forger")) {
        long refused = r.rejections().entrySet().stream()
            .filter(e -> e.getKey().startsWith("fetched commit certificate does not verify")
                || e.getKey().startsWith("state snapshot that its checkpoint does not prove")
                || e.getKey().startsWith("new ballot rejected: a promise does not verify"))
            .mapToLong(Map.Entry::getValue).sum();
        assertTrue(refused > 0, "forged certificates must have been refused: " + r.rejections());
      }
      return;
    }
    throw new AssertionError(behaviour + " at replica " + replica + " never acted in seeds 1.." + SEEDS);
  }

  @ParameterizedTest(name = "crash mode, n = 3, promise-breaking-acceptor at replica {0}")
  @ValueSource(ints = {1, 2})
  void crashModeLosesAgreementToOnePromiseBreaker(int replica) {
    Scenario s = Scenario.randomFaults(3);
    Map<Integer, String> faulty = Map.of(replica, "promise-breaking-acceptor");
    for (long seed = 1; seed <= CRASH_SEED_BUDGET; seed++) {
      Simulator sim = simulator(s, seed, faulty);
      RunResult r = sim.run();
      if (r.ok()) {
        continue;
      }
      System.out.println("crash mode, promise-breaking-acceptor at r" + replica + ": seed " + seed + " broke "
          + r.violation().property() + " (" + r.violation() + ") after " + sim.faultyActions().size()
          + " acts; plan " + r.plan());
      assertEquals(Violation.AGREEMENT, r.violation().property(), () -> "expected two values at one slot: " + r.violation());
      assertTrue(!sim.faultyActions().isEmpty());
      return;
    }
    throw new AssertionError("no seed in 1.." + CRASH_SEED_BUDGET + " of random-faults (n = 3) broke crash mode "
        + "with a promise-breaking acceptor at replica " + replica);
  }

  /** With every act denied each behaviour is its correct core: the run is the run without it. */
  @ParameterizedTest(name = "{0} with every act denied")
  @ValueSource(strings = {"promise-breaking-acceptor", "lying-acceptor", "certificate-forger", "random-mutator"})
  void deniedActsLeaveACorrectReplica(String behaviour) {
    Scenario s = Scenario.randomFaults(3);
    Simulator.Options none = Simulator.Options.defaults().withFaulty(Map.of(1, behaviour))
        .withFaultyActions(new TreeSet<>());
    for (long seed = 1; seed <= SEEDS; seed++) {
      Simulator denied = new Simulator(s, seed, BrokenVariants.byName("correct"), Simulator.planFor(s, seed), none);
      RunResult r = denied.run();
      if (denied.faultyActionsAttempted() == 0) {
        continue; // nothing to deny in this run: try the next seed
      }
      RunResult correct = simulator(s, seed, Map.of()).run();
      assertTrue(r.ok(), () -> "" + r.violation());
      assertTrue(denied.faultyActions().isEmpty());
      assertEquals(correct.traceHash(), r.traceHash(), "seed " + seed + ": with " + denied.faultyActionsAttempted()
          + " acts denied it must behave exactly as a correct replica");
      return;
    }
    throw new AssertionError(behaviour + " never tried to act in seeds 1.." + SEEDS);
  }

  @Test
  void parametersAreCheckedWithClearMessages() {
    assertEquals("promise-breaking-acceptor",
        Behaviours.byName("promise-breaking-acceptor(promises=stale,lower=false)").name());
    assertEquals("lying-acceptor", Behaviours.byName("lying-acceptor(commit=false)").name());
    assertEquals("certificate-forger", Behaviours.byName("certificate-forger(forge=few+unprovable)").name());
    assertEquals("random-mutator", Behaviours.byName("random-mutator(p=0.5,types=propose+accept+newballot)").name());

    assertMessage("promise-breaking-acceptor(promises=forgotten)",
        "promise-breaking-acceptor: parameter promises=forgotten must be one of honest, empty, stale");
    assertMessage("promise-breaking-acceptor(lower=maybe)",
        "promise-breaking-acceptor: parameter lower=maybe must be one of true, false");
    assertMessage("promise-breaking-acceptor(lowr=true)",
        "behaviour promise-breaking-acceptor has no parameter 'lowr' (it takes: lower, promises)");
    assertMessage("lying-acceptor(commit=yes)", "lying-acceptor: parameter commit=yes must be one of true, false");
    assertMessage("certificate-forger(forge=few+bogus)",
        "certificate-forger: parameter forge=few+bogus must be words from [few, repeated, unprovable, wrong] separated by '+'");
    assertMessage("random-mutator(p=1.5)", "random-mutator: parameter p=1.5 must be a probability in 0..1");
    assertMessage("random-mutator(p=often)", "random-mutator: parameter p=often must be a probability in 0..1");
    assertMessage("random-mutator(types=propose+gossip)", "random-mutator: parameter types=propose+gossip must be words from");
  }

  private static void assertMessage(String spec, String expectedStart) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Behaviours.byName(spec));
    assertTrue(e.getMessage().startsWith(expectedStart), () -> spec + ": got '" + e.getMessage() + "'");
  }

  /**
   * Found by random-mutator (seed 2 of byzantine-random-faults, replica 1 faulty): a FETCH-SLOTS
   * whose range it had moved to from > to made a correct replica throw. It is now refused and counted.
   */
  @Test
  void malformedFetchSlotsIsRefusedNotThrown() {
    SimKeys keys = new SimKeys("fastsim", 7, 4, List.of(1000L));
    ReplicatedLog core = BrokenVariants.byName("correct").byzantineCore(0, CoreConfig.defaults(4),
        keys.forReplica(0), new KvStateMachine(), bound -> 0, new DurableState());
    for (FetchSlots bad : List.of(new FetchSlots(1, 5, 4), new FetchSlots(1, 0, 3), new FetchSlots(1, Long.MAX_VALUE - 1,
        Long.MAX_VALUE))) {
      assertDoesNotThrow(() -> core.step(new Input.Receive(bad)));
    }
    assertEquals(2L, core.rejections().get("fetch for an empty or malformed slot range"));
    assertEquals(1L, core.rejections().get("fetch for slots too far above the stable checkpoint"));
    assertNotNull(core.step(new Input.Receive(new FetchSlots(1, 1, 1))));
  }
}
