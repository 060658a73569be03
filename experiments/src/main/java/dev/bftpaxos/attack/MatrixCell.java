package dev.bftpaxos.attack;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One cell of the resilience matrix: a mode and size, a behaviour run by k replicas, over some
 * seeds. {@code violations} counts runs by the property they broke (safety properties and
 * liveness); {@code throughput} is the mean of completed requests per simulated second;
 * {@code actsPerformed} counts misbehaving acts over all seeds (0 means the behaviour never found
 * anything to do). A cell whose claim is that it breaks, but that stayed clean over its seeds, gets
 * an attack search over {@code searchSeeds} further seeds ({@code foundBySearch} if it found one);
 * {@code counterexample} is the lowest failing seed's run, shrunk, or null.
 */
public record MatrixCell(String mode, int replicas, String behaviour, int k, boolean applicable, int seeds,
    SortedMap<String, Integer> violations, long requestsCompleted, long requestsIssued, double throughput,
    long actsPerformed, int searchSeeds, boolean foundBySearch, CounterexampleReport counterexample) {

  public MatrixCell {
    violations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(violations));
  }

  /** Byzantine mode tolerates f = (n-1)/3 faulty replicas, crash mode f = (n-1)/2 crashed ones. */
  public int f() {
    return mode.equals("byzantine") ? (replicas - 1) / 3 : (replicas - 1) / 2;
  }

  public int safetyViolations() {
    int s = 0;
    for (Map.Entry<String, Integer> e : violations.entrySet()) {
      if (!e.getKey().equals(dev.bftpaxos.check.Violation.LIVENESS)) {
        s += e.getValue();
      }
    }
    return s;
  }

  public int livenessViolations() {
    return violations.getOrDefault(dev.bftpaxos.check.Violation.LIVENESS, 0);
  }

  public boolean broken() {
    return safetyViolations() > 0;
  }

  /** Broken in the cell's seeds, or by the follow-up attack search. */
  public boolean brokenOrFound() {
    return broken() || foundBySearch;
  }

  /** Column label: {@code crash n=3 k=1}. */
  public String column() {
    return mode + " n=" + replicas + " k=" + k;
  }
}
