package dev.bftpaxos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.variants.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compare --reads on the small built-in scenario, crash n=3, one seed: a row per way of reading, in
 * order, every run free of violations (lease reads served, since the rows assume a drift bound),
 * stale and lease reads cheaper than reads through the log, and the same rows on a second run.
 */
class ReadCostsTest {
  @Test
  void oneRowPerKindDeterministicAndCheaperOutsideTheLog() throws Exception {
    var base = Scenarios.resolve("basic").scenario();
    SeedRange seeds = new SeedRange(1, 1);
    List<ExperimentRunner.Job> jobs = ReadCosts.jobs(base, List.of(Mode.CRASH), seeds);
    assertEquals(4, jobs.size());
    List<ReadCosts.Row> rows = ReadCosts.rows(jobs, ExperimentRunner.run(jobs, Variant.CORRECT, 1,
        ExperimentRunner.Progress.NONE), 1);
    assertEquals(List.of("log", "stale", "linearizable", "lease"), rows.stream().map(ReadCosts.Row::kind).toList());
    for (ReadCosts.Row r : rows) {
      assertEquals(0, r.failed(), r.toString());
      assertTrue(r.completed() > 0, r.toString());
    }
    assertTrue(rows.get(1).p50Micros() < rows.get(0).p50Micros(), rows.toString());
    assertTrue(rows.get(3).p50Micros() < rows.get(0).p50Micros(), rows.toString());
    List<ReadCosts.Row> again = ReadCosts.rows(jobs, ExperimentRunner.run(jobs, Variant.CORRECT, 1,
        ExperimentRunner.Progress.NONE), 1);
    assertEquals(rows, again);
  }
}
