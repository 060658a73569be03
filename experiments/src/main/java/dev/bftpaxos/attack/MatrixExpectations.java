package dev.bftpaxos.attack;

import java.util.ArrayList;
import java.util.List;

/**
 * What the matrix must show, as the protocol's claims: Byzantine mode with k <= f faulty replicas
 * keeps every property whatever they do, and keeps at least {@link #ROBUSTNESS_RATIO_MIN} of the
 * throughput it has with the same replicas silent (no faulty replica costs more than a crashed
 * one); crash mode does not survive one equivocating proposer or one promise-breaking acceptor;
 * and in Byzantine mode k = f+1 colluding replicas can break safety, so the bound f is tight. Each
 * is checked against the cells that were run.
 */
public final class MatrixExpectations {
  /** One claim, whether the matrix bears it out, and the cells that decide it. */
  public record Check(String claim, boolean met, String detail) {}

  /** Behaviours that crash mode must not survive at k = 1. */
  public static final List<String> CRASH_BREAKERS = List.of("equivocating-proposer", "promise-breaking-acceptor");

  /** The behaviour robustness is measured against: the same replicas, silent. */
  public static final String SILENT = "silent-node";

  /** Throughput with k <= f faulty replicas, relative to the same replicas silent, at least. */
  public static final double ROBUSTNESS_RATIO_MIN = 0.8;

  private MatrixExpectations() {}

  /**
   * Throughput of {@code c} relative to the same replicas silent (for faulty clients: to the
   * cluster without them, every replica correct), or NaN without that cell.
   */
  public static double vsSilent(ResilienceMatrix.Result r, MatrixCell c) {
    MatrixCell silent = ResilienceMatrix.isClientRow(c.behaviour()) ? r.baseline(c.mode(), c.replicas()) : r.silent(c);
    return silent == null || silent.throughput() <= 0 ? Double.NaN : c.throughput() / silent.throughput();
  }

  /**
   * The cells the robustness claim covers: Byzantine, applicable, not the silent node itself, and
   * 1 <= k <= f faulty replicas or any number of faulty clients.
   */
  public static boolean robustnessCell(MatrixCell c) {
    return c.mode().equals("byzantine") && c.applicable() && c.k() >= 1 && claimedSafe(c)
        && !c.behaviour().equals(SILENT);
  }

  /** Byzantine mode claims safety for k <= f faulty replicas and for any number of faulty clients. */
  private static boolean claimedSafe(MatrixCell c) {
    return c.k() <= c.f() || ResilienceMatrix.isClientRow(c.behaviour());
  }

  public static List<Check> check(ResilienceMatrix.Result result) {
    List<Check> out = new ArrayList<>();
    for (ResilienceMatrix.Size size : result.spec().sizes()) {
      List<MatrixCell> cells = result.cellsOf(size);
      if (size.mode().equals("byzantine")) {
        List<String> bad = new ArrayList<>();
        for (MatrixCell c : cells) {
          if (c.applicable() && c.k() >= 1 && claimedSafe(c) && !c.violations().isEmpty()) {
            bad.add(c.behaviour() + " k=" + c.k() + " " + c.violations());
          }
        }
        out.add(new Check("byzantine n=" + size.replicas() + ", k <= f=" + size.f()
            + " (and any number of faulty clients): no violation for any behaviour or coalition", bad.isEmpty(),
            bad.isEmpty() ? "every cell clean" : String.join("; ", bad)));
        List<String> slow = new ArrayList<>();
        MatrixCell worst = null;
        double worstRatio = Double.POSITIVE_INFINITY;
        for (MatrixCell c : cells) {
          if (!robustnessCell(c)) {
            continue;
          }
          double ratio = vsSilent(result, c);
          if (Double.isNaN(ratio) || ratio < ROBUSTNESS_RATIO_MIN) {
            slow.add(c.behaviour() + " k=" + c.k() + " " + (Double.isNaN(ratio) ? "(no silent cell)"
                : String.format(java.util.Locale.ROOT, "%.2f", ratio)));
          }
          if (!Double.isNaN(ratio) && ratio < worstRatio) {
            worstRatio = ratio;
            worst = c;
          }
        }
        out.add(new Check("byzantine n=" + size.replicas() + ", k <= f=" + size.f() + ": every behaviour keeps >= "
            + ROBUSTNESS_RATIO_MIN + "x the throughput of the same replicas silent", slow.isEmpty(),
            (slow.isEmpty() ? "all do" : "below: " + String.join("; ", slow)) + (worst == null ? ""
                : String.format(java.util.Locale.ROOT, "; worst %.2f (%s k=%d)", worstRatio, worst.behaviour(),
                    worst.k()))));
        List<String> breakers = new ArrayList<>();
        for (MatrixCell c : cells) {
          if (c.k() == c.f() + 1 && c.broken() && !ResilienceMatrix.isClientRow(c.behaviour())) {
            breakers.add(c.behaviour());
          }
        }
        out.add(new Check("byzantine n=" + size.replicas() + ", k = f+1 = " + (size.f() + 1)
            + ": some strategy breaks safety (the bound is tight)", !breakers.isEmpty(),
            breakers.isEmpty() ? "no behaviour broke safety" : "broken by " + String.join(", ", breakers)));
      } else {
        for (String b : CRASH_BREAKERS) {
          for (MatrixCell c : cells) {
            if (c.behaviour().equals(b) && c.k() == 1) {
              String detail = c.broken() ? c.violations() + " in " + c.seeds() + " seeds"
                  : c.foundBySearch() ? "none in the cell's " + c.seeds() + " seeds; the attack search found one "
                      + c.searchSeeds() + " seeds further, at seed " + c.counterexample().seed()
                  : "no safety violation in " + c.seeds() + " seeds" + (c.searchSeeds() > 0 ? " nor " + c.searchSeeds()
                      + " more searched" : "");
              out.add(new Check("crash n=" + size.replicas() + ", one " + b + ": a violation is found", c.brokenOrFound(),
                  detail));
            }
          }
        }
      }
    }
    return out;
  }

  public static boolean allMet(List<Check> checks) {
    return checks.stream().allMatch(Check::met);
  }
}
