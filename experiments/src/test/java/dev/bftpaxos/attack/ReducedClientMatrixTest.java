package dev.bftpaxos.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.SeedSweep;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matrix's client rows on Byzantine n = 4, at 12 seeds per cell (6, as in
 * {@link ReducedMatrixTest}, is too few for a ratio: single seeds of random faults range from 0.5x
 * to 1.1x): any number of faulty clients leaves the run safe and the correct clients at least 0.8x
 * of their throughput without them.
 */
class ReducedClientMatrixTest {
  @Test
  void faultyClientsKeepTheRobustnessClaim() {
    ResilienceMatrix.Spec spec = new ResilienceMatrix.Spec(
        List.of(new ResilienceMatrix.Size("byzantine", 4, "byzantine-random-faults")),
        ResilienceMatrix.Spec.allClientRows(), 12, 1, 0, SeedSweep.cores(), 0);
    ResilienceMatrix.Result result = ResilienceMatrix.run(spec, ResilienceMatrix.Progress.NONE);
    System.out.println(MatrixReport.markdown(result, MatrixExpectations.check(result)));
    List<MatrixExpectations.Check> checks = MatrixExpectations.check(result).stream()
        .filter(c -> !c.claim().contains("k = f+1")).toList();
    assertEquals(2, checks.size(), () -> "safety and robustness for k <= f: " + checks);
    for (MatrixExpectations.Check c : checks) {
      assertTrue(c.met(), () -> "claim not met: " + c.claim() + " - " + c.detail());
    }
  }
}
