package dev.bftpaxos.experiment;

import dev.bftpaxos.sim.ReplayCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.sim.RunResult;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareReportTest {
  private static final SeedRange SEEDS = new SeedRange(2, 1);
  private static final List<Configuration> CONFIGS = List.of(
      new Configuration(Mode.CRASH, 3, false), new Configuration(Mode.CRASH, 3, true));

  private static List<ExperimentRunner.Job> jobs(Scenario base) {
    List<ExperimentRunner.Job> jobs = new ArrayList<>();
    for (Configuration c : CONFIGS) {
      for (int i = 0; i < SEEDS.count(); i++) {
        jobs.add(new ExperimentRunner.Job(c, c.scenarioFrom(base), SEEDS.seed(i)));
      }
    }
    return jobs;
  }

  @Test
  void parallelRunsGiveTheSameResultsInJobOrder() throws InterruptedException {
    List<ExperimentRunner.Job> jobs = jobs(TinyScenarios.randomFaults());
    List<ConfiguredRun> one = ExperimentRunner.run(jobs, Variant.CORRECT, 1, ExperimentRunner.Progress.NONE);
    List<ConfiguredRun> two = ExperimentRunner.run(jobs, Variant.CORRECT, 2, ExperimentRunner.Progress.NONE);
    for (int i = 0; i < jobs.size(); i++) {
      assertEquals(jobs.get(i).seed(), one.get(i).result().seed());
      assertEquals(jobs.get(i).config(), one.get(i).config());
      assertEquals(one.get(i).result().traceHash(), two.get(i).result().traceHash(), "job " + i);
    }
    assertTrue(one.get(0).result().plan().isEmpty(), "fault-free rows have no plan");
    assertTrue(!one.get(2).result().plan().isEmpty(), "rows with faults draw a plan per seed");
  }

  @Test
  void aggregatesMergeRunsOfEachConfiguration() throws InterruptedException {
    List<ConfiguredRun> runs = ExperimentRunner.run(jobs(TinyScenarios.randomFaults()), Variant.CORRECT, 2,
        ExperimentRunner.Progress.NONE);
    List<Aggregate> aggregates = Aggregate.byConfiguration(CONFIGS, runs);
    assertEquals(2, aggregates.size());
    for (int c = 0; c < 2; c++) {
      Aggregate a = aggregates.get(c);
      RunResult r1 = runs.get(2 * c).result();
      RunResult r2 = runs.get(2 * c + 1).result();
      assertEquals(CONFIGS.get(c), a.config());
      assertEquals(2, a.runs());
      assertEquals(r1.requestsCompleted() + r2.requestsCompleted(), a.requestsCompleted());
      assertEquals(r1.messagesSent() + r2.messagesSent(), a.messagesSent());
      assertEquals(r1.latencyMicros().getTotalCount() + r2.latencyMicros().getTotalCount(),
          a.latencyMicros().getTotalCount());
      assertEquals(Math.max(r1.latencyMicros().getMaxValue(), r2.latencyMicros().getMaxValue()),
          a.latencyMicros().getMaxValue());
      assertEquals((r1.requestsCompleted() + r2.requestsCompleted()) * 1e6
          / (r1.lastCompletionMicros() + r2.lastCompletionMicros()), a.throughputPerSimSecond(), 1e-9);
    }
  }

  @Test
  void writesSummaryAndRunsAsCsvAndMarkdown(@TempDir Path dir) throws Exception {
    List<ConfiguredRun> runs = ExperimentRunner.run(jobs(TinyScenarios.randomFaults()), Variant.CORRECT, 2,
        ExperimentRunner.Progress.NONE);
    CompareReport report = new CompareReport("tiny.yaml", "correct", SEEDS, CONFIGS, runs);
    report.write(dir.resolve("out"));

    List<String> summary = Files.readAllLines(dir.resolve("out/compare.csv"));
    assertEquals("mode,replicas,faults,runs,requests_completed,throughput_req_per_s,latency_p50_ms,latency_p90_ms,"
        + "latency_p99_ms,messages_per_request,bytes_per_request,signatures_made_per_request,"
        + "signatures_verified_per_request,violations", summary.get(0));
    assertEquals(3, summary.size());
    assertTrue(summary.get(1).startsWith("crash,3,none,2,"), summary.get(1));
    assertTrue(summary.get(2).startsWith("crash,3,faults,2,"), summary.get(2));

    List<String> perRun = Files.readAllLines(dir.resolve("out/runs.csv"));
    assertEquals(5, perRun.size());
    assertTrue(perRun.get(0).startsWith("mode,replicas,faults,seed,requests_issued,"), perRun.get(0));
    assertTrue(perRun.get(0).endsWith(",violation,fault_plan,trace_hash"), perRun.get(0));
    assertTrue(perRun.get(1).startsWith("crash,3,none,1,"), perRun.get(1));
    assertTrue(perRun.get(4).startsWith("crash,3,faults,2,"), perRun.get(4));

    String md = Files.readString(dir.resolve("out/compare.md"));
    assertTrue(md.contains("| mode | n | faults | runs | completed |"), md);
    assertTrue(md.contains("| crash | 3 | faults | 2 |"), md);
    assertTrue(md.contains("## Violations\n\nNone."), md);
    assertTrue(TextTable.render(report.summaryTable()).startsWith("mode   n  faults  runs"));
  }

  @Test
  void violationsAreListedWithAReplayCommand() throws InterruptedException {
    Scenario base = Scenario.randomFaults(3);
    Configuration faulty = new Configuration(Mode.CRASH, 3, true);
    List<ConfiguredRun> runs = ExperimentRunner.run(
        List.of(new ExperimentRunner.Job(faulty, faulty.scenarioFrom(base), 3)),
        BrokenVariants.byName("quorum-n-over-2"), 1, ExperimentRunner.Progress.NONE);
    CompareReport report = new CompareReport("random-faults", "quorum-n-over-2", new SeedRange(1, 3),
        List.of(faulty), runs);
    assertEquals(1, report.aggregates().get(0).violations());
    List<String> lines = report.violationLines();
    assertTrue(lines.get(0).startsWith("crash n=3 with faults, seed 3: agreement: "), lines.get(0));
    assertTrue(lines.get(1).startsWith("  replay: bft-paxos simulate --scenario random-faults --n 3 --seed 3"
        + " --variant quorum-n-over-2 --faults '"), lines.get(1));
    assertTrue(report.markdown().contains("- crash n=3 with faults, seed 3: agreement: "));
  }
}
