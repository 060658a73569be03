package dev.bftpaxos.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.SeedSweep;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resilience matrix, reduced to crash n=3 and Byzantine n=4 with a few seeds per cell, every
 * ready behaviour: the protocol's claims must hold (Byzantine k <= f clean for every behaviour and
 * coalition; crash mode broken by one equivocating proposer and by one promise-breaking acceptor;
 * Byzantine k = f+1 broken by some coalition), and every broken cell's shrunk counterexample must
 * replay to the same violation. `bft-paxos matrix` runs the full one.
 */
class ReducedMatrixTest {
  static final int SEEDS = 6;
  static ResilienceMatrix.Result result;

  @BeforeAll
  static void run() {
    ResilienceMatrix.Spec spec = new ResilienceMatrix.Spec(
        List.of(new ResilienceMatrix.Size("crash", 3, "random-faults"), new ResilienceMatrix.Size("byzantine", 4, "byzantine-random-faults")),
        ResilienceMatrix.Spec.allBehaviours(), SEEDS, 1, 25, SeedSweep.cores(), 60);
    result = ResilienceMatrix.run(spec, ResilienceMatrix.Progress.NONE);
    System.out.println(MatrixReport.markdown(result, MatrixExpectations.check(result)));
  }

  @Test
  void everyClaimHolds() {
    List<MatrixExpectations.Check> checks = MatrixExpectations.check(result);
    for (MatrixExpectations.Check c : checks) {
      assertTrue(c.met(), () -> "claim not met: " + c.claim() + " - " + c.detail());
    }
    // Per Byzantine size: safety and robustness for k <= f, safety broken at k = f+1; one per crash breaker.
    assertEquals(3 + MatrixExpectations.CRASH_BREAKERS.size(), checks.size(), () -> "claims checked: " + checks);
  }

  @Test
  void theFaultFreeBaselinesAreClean() {
    assertTrue(result.baseline("crash", 3).violations().isEmpty());
    assertTrue(result.baseline("byzantine", 4).violations().isEmpty());
    assertTrue(result.baseline("byzantine", 4).throughput() > 0);
  }

  @Test
  void everyBehaviourActsSomewhere() {
    for (String b : ResilienceMatrix.Spec.allBehaviours()) {
      long acts = result.cells().stream().filter(c -> c.behaviour().equals(b)).mapToLong(MatrixCell::actsPerformed).sum();
      assertTrue(acts > 0, () -> b + " never performed a misbehaving act in the reduced matrix: it tests nothing");
    }
  }

  /** Each broken cell's counterexample, replayed with its printed command, breaks the same property in the same run. */
  @Test
  void brokenCellsReplayFromTheirShrunkCounterexample() {
    int replayed = 0;
    for (MatrixCell c : result.cells()) {
      if (!c.broken()) {
        continue;
      }
      CounterexampleReport cx = c.counterexample();
      assertNotNull(cx, c.column() + " " + c.behaviour());
      String[] again = dev.bftpaxos.cli.ShellWords.run(cx.replay());
      assertEquals("1", again[0], () -> "replay of " + cx.replay() + " did not break safety:\n" + again[1] + again[2]);
      assertTrue(again[1].contains("result       VIOLATION of " + cx.property()), again[1]);
      assertTrue(again[1].contains("trace        hash " + cx.traceHash() + " "), "the same run: " + again[1]);
      assertFalse(cx.trace().isEmpty());
      replayed++;
    }
    assertTrue(replayed >= 3, "expected several broken cells, replayed " + replayed);
  }
}
