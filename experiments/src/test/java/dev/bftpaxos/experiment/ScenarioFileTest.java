package dev.bftpaxos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.LinkDelay;
import dev.bftpaxos.sim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {
  private static final Path FILE = Path.of("test.yaml");

  static Path example() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("docs/scenario-example.yaml");
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new AssertionError("docs/scenario-example.yaml not found above " + Path.of("").toAbsolutePath());
  }

  private static ScenarioFileException error(String yaml) {
    return assertThrows(ScenarioFileException.class, () -> ScenarioFile.parse(yaml, FILE));
  }

  @Test
  void documentedExampleSetsEveryField() {
    ScenarioFile.Loaded loaded = ScenarioFile.load(example());
    Scenario s = loaded.scenario();
    assertEquals("example-lossy-lan", s.name());
    assertEquals("crash", s.mode());
    assertEquals(3, s.replicas());
    assertEquals(32, s.core().windowSlots());
    assertEquals(100, s.core().electionTimeoutTicks());
    assertEquals(6, s.workload().clients());
    assertEquals(50, s.workload().retransmitTicks());
    assertEquals(new LinkDelay.Uniform(200, 600), s.network().delay());
    assertEquals(new LinkDelay.Exponential(2000, 1000), s.network().delayBetween(2, 0));
    assertEquals(new LinkDelay.Uniform(200, 600), s.network().delayBetween(0, 1));
    assertEquals(0.02, s.network().lossRate());
    assertEquals(2000, s.network().reorderDelayMicros());
    assertEquals("cut(0,1)@300ms;heal@500ms", s.faultPlan().render());
    assertEquals(new Scenario.RandomFaults(2, 1, 1, true, 1_200_000), s.randomFaults());
    assertEquals(2_000_000, s.durationMicros());
    assertEquals(5_000_000, s.livenessBoundMicros());
    assertEquals(1000, s.tickMicros());
    assertEquals(new SeedRange(5, 1), loaded.seeds());
  }

  @Test
  void emptyFileIsTheBasicScenario() {
    ScenarioFile.Loaded loaded = ScenarioFile.parse("", Path.of("dir/empty.yaml"));
    assertEquals(Scenario.basic(3).withName("empty"), loaded.scenario());
    assertNull(loaded.seeds());
  }

  @Test
  void omittedFieldsKeepTheirDefaults() {
    Scenario s = ScenarioFile.parse("replicas: 5\ncore: {batchCountMax: 1}\nworkload: {clients: 2}\n", FILE).scenario();
    Scenario basic = Scenario.basic(5);
    assertEquals(basic.core().withBatching(1, basic.core().batchBytesMax(), basic.core().batchDelayTicks()), s.core());
    assertEquals(basic.workload().withClients(2), s.workload());
    assertEquals(basic.network(), s.network());
    assertEquals(FaultPlan.NONE, s.faultPlan());
    assertNull(s.randomFaults());
  }

  @Test
  void unknownFieldIsNamedWithItsPathAndASuggestion() {
    ScenarioFileException e = error("network:\n  lossRte: 0.1\n");
    assertEquals("network.lossRte", e.fieldPath());
    assertTrue(e.getMessage().startsWith("test.yaml: network.lossRte: unknown field (known: delay, links, lossRate,"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("did you mean 'lossRate'?"), e.getMessage());
    assertEquals("durationMicro", error("durationMicro: 2s").fieldPath());
    assertEquals("faults.random.crashs", error("faults:\n  random:\n    crashs: 1\n").fieldPath());
  }

  @Test
  void badValuesNameTheFieldAndWhatIsAllowed() {
    ScenarioFileException e = error("workload:\n  clients: many\n");
    assertEquals("test.yaml: workload.clients: must be an integer >= 1, got 'many'", e.getMessage());
    assertTrue(error("network: {lossRate: 1.5}").getMessage()
        .contains("network.lossRate: must be a number in [0, 1)"));
    assertTrue(error("durationMicros: soon").getMessage().contains("durationMicros: must be a duration"));
    assertTrue(error("durationMicros: 0").getMessage().contains("durationMicros: must be > 0"));
    assertTrue(error("faults: {random: {midStepCrashes: 3}}").getMessage()
        .contains("faults.random.midStepCrashes: must be true or false"));
    assertTrue(error("core: {heartbeatTicks: 10, electionTimeoutTicks: 5}").getMessage()
        .contains("core: electionTimeoutTicks must exceed heartbeatTicks"));
    assertTrue(error("replicas: 65").getMessage().contains("replicas: must be in 1..64"));
    assertTrue(error("workload: 3").getMessage().contains("workload: must be a mapping"));
    assertTrue(error("name:\n").getMessage().contains("name: has no value"));
  }

  @Test
  void byzantineModeNeedsFourReplicas() {
    assertTrue(error("mode: byzantine\nreplicas: 3").getMessage().contains("at least 4 replicas"),
        error("mode: byzantine\nreplicas: 3").getMessage());
    assertTrue(error("mode: raft").getMessage().contains("mode: unknown mode 'raft' (known: crash, byzantine)"));
  }

  @Test
  void delaysAndLinks() {
    Scenario s = ScenarioFile.parse("""
        replicas: 4
        network:
          delay: {exponential: {minMicros: 1ms, meanExtraMicros: 500}}
          links: {"3-1": {uniform: {minMicros: 10, maxMicros: 20}}}
        """, FILE).scenario();
    assertEquals(new LinkDelay.Exponential(1000, 500), s.network().delay());
    assertEquals(new LinkDelay.Uniform(10, 20), s.network().delayBetween(1, 3));
    assertTrue(error("network: {delay: {uniform: {minMicros: 1, maxMicros: 2}, exponential: {minMicros: 1, meanExtraMicros: 2}}}")
        .getMessage().contains("network.delay: give exactly one of"));
    assertTrue(error("network: {delay: {uniform: {minMicros: 1}}}").getMessage()
        .contains("network.delay.uniform.maxMicros: required"));
    assertTrue(error("network: {delay: {uniform: {minMicros: 9, maxMicros: 2}}}").getMessage()
        .contains("network.delay: uniform delay needs 0 <= min <= max"));
    assertTrue(error("network: {links: {\"0to1\": {uniform: {minMicros: 1, maxMicros: 2}}}}").getMessage()
        .contains("network.links.0to1: a link is named 'a-b'"));
    assertTrue(error("network: {links: {\"0-3\": {uniform: {minMicros: 1, maxMicros: 2}}}}").getMessage()
        .contains("network.links.0-3: needs two different replicas in 0..2"));
  }

  @Test
  void faultsAreParsedAndCheckedAgainstTheClusterSize() {
    Scenario s = ScenarioFile.parse("faults: {plan: 'crash(1)@200ms;heal@1s', random: {crashes: 1}}", FILE).scenario();
    assertEquals("crash(1)@200ms;heal@1000ms", s.faultPlan().render());
    Scenario.RandomFaults d = Scenario.randomFaults(3).randomFaults();
    assertEquals(new Scenario.RandomFaults(1, d.partitions(), d.cuts(), d.midStepCrashes(), d.windowMicros()),
        s.randomFaults());
    assertNull(ScenarioFile.parse("faults: {random: none}", FILE).scenario().randomFaults());
    assertTrue(error("faults: {plan: 'crash(5)@1ms'}").getMessage()
        .contains("faults.plan: fault 'crash(5)@1ms' names replica 5"));
    assertTrue(error("faults: {plan: 'explode(1)@1ms'}").getMessage().contains("faults.plan: unknown fault 'explode'"));
  }

  @Test
  void yamlSyntaxAndDuplicateKeysAreErrors() {
    assertTrue(error("workload: {clients: 3").getMessage().startsWith("test.yaml: not valid YAML"));
    assertTrue(error("replicas: 3\nreplicas: 5\n").getMessage().contains("Duplicate field 'replicas'"));
  }

  @Test
  void seeds() {
    assertEquals(new SeedRange(9, 100), ScenarioFile.parse("seeds: {count: 9, base: 100}", FILE).seeds());
    assertEquals(SeedRange.DEFAULT, ScenarioFile.parse("seeds: {}", FILE).seeds());
    assertTrue(error("seeds: {count: 0}").getMessage().contains("seeds.count: must be >= 1"));
  }
}
