package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast checker against {@link BruteForce} on many tiny random histories - mostly not
 * linearizable, with lots of info, fail, cas, delete and never-completed operations - because the
 * search's pruning rules (info writes only before observers, interchangeable info operations) are
 * exactly the kind of cleverness that is wrong in some corner.
 */
class DifferentialTest {
  private static final String[] VALUES = {"null", "1", "2", "3", "\"1\"", "1.0"};
  private static final String[] NON_NULL = {"1", "2", "3", "\"1\"", "1.0"};

  static String randomHistory(Random rnd, int maxOps, int keys, int processes) {
    return randomHistory(rnd, maxOps, keys, processes, false);
  }

  /** With {@code infoHeavy}, about half the operations end info and half are cas or delete. */
  static String randomHistory(Random rnd, int maxOps, int keys, int processes,
      boolean infoHeavy) {
    StringBuilder sb = new StringBuilder();
    String[] outstanding = new String[processes];
    int invoked = 0;
    while (true) {
      int p = rnd.nextInt(processes);
      if (outstanding[p] == null) {
        if (invoked == maxOps) {
          boolean any = false;
          for (String o : outstanding) {
            any |= o != null;
          }
          if (!any || rnd.nextInt(4) == 0) {
            break; // leave whatever is outstanding never completed
          }
          continue;
        }
        invoked++;
        String key = String.valueOf((char) ('a' + rnd.nextInt(keys)));
        int f = rnd.nextInt(10);
        String op;
        if (f < (infoHeavy ? 2 : 3)) {
          op = "put " + key + " " + NON_NULL[rnd.nextInt(NON_NULL.length)];
        } else if (f < (infoHeavy ? 4 : 6)) {
          op = "get " + key;
        } else if (f < (infoHeavy ? 5 : 7)) {
          op = "delete " + key;
        } else {
          op = "cas " + key + " [" + VALUES[rnd.nextInt(VALUES.length)] + ","
              + NON_NULL[rnd.nextInt(NON_NULL.length)] + "]";
        }
        outstanding[p] = op;
        sb.append(Hist.text(p + " i " + op));
      } else {
        String op = outstanding[p];
        outstanding[p] = null;
        int t = rnd.nextInt(20);
        String type = t < (infoHeavy ? 8 : 12) ? "ok" : t < (infoHeavy ? 17 : 16) ? "info"
            : "fail";
        if (op.startsWith("get") && type.equals("ok")) {
          op = op + " " + VALUES[rnd.nextInt(VALUES.length)];
        }
        sb.append(Hist.text(p + " " + type + " " + op));
      }
    }
    return sb.toString();
  }

  @Test
  void agreesWithBruteForceOnTinyRandomHistories() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("DifferentialTest seed " + seed);
    Random rnd = new Random(seed);
    int linearizable = 0;
    int runs = 10_000;
    for (int i = 0; i < runs; i++) {
      String text = randomHistory(rnd, 2 + rnd.nextInt(8), 1 + rnd.nextInt(2),
          2 + rnd.nextInt(3));
      History h = HistoryParser.parse(text);
      boolean expected = BruteForce.linearizable(h);
      CheckResult got = LinearizabilityChecker.check(h);
      assertEquals(expected, got.linearizable(),
          () -> "seed " + seed + ", brute force says " + expected + " for:\n" + text
              + "checker says:\n" + got.render());
      if (expected) {
        linearizable++;
      } else {
        assertEquals(CheckResult.Verdict.NOT_LINEARIZABLE, got.verdict());
        assertTrue(!got.operations().isEmpty(), got::render);
        // the witness is a proof: its ok operations alone (others as info) do not linearize
        assertTrue(witnessIsProof(h, got), () -> "witness not a proof for\n" + text
            + got.render());
      }
    }
    System.out.printf("DifferentialTest: %d of %d random histories linearizable%n",
        linearizable, runs);
    assertTrue(linearizable > runs / 10 && linearizable < runs * 9 / 10,
        "random histories should mix both verdicts");
  }

  /**
   * Both searches on their own, not just whichever answers first in the checker: each must agree
   * with brute force, and the breadth-first one must name the exact line where the key's history
   * stops being linearizable.
   */
  @Test
  void bothSearchesAgreeWithBruteForce() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("DifferentialTest.bothSearches seed " + seed);
    Random rnd = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      String text = randomHistory(rnd, 2 + rnd.nextInt(11), 1, 2 + rnd.nextInt(5), i % 2 == 0);
      History h = HistoryParser.parse(text);
      if (h.ops().isEmpty()) {
        continue;
      }
      java.util.List<HistoryOp> keyOps = h.byKey().values().iterator().next();
      boolean expected = BruteForce.linearizable(h);
      java.util.Map<Object, Integer> interned = new java.util.HashMap<>();
      java.util.List<KeySearch.Op> ops =
          KeySearch.prepare(keyOps, Long.MAX_VALUE, java.util.Set.of(), interned);
      KeySearch.Result dfs = KeySearch.depthFirstOnly(ops, interned.size(), 1_000_000);
      KeySearch.Result bfs = KeySearch.byEventsOnly(ops, interned.size(), 1_000_000);
      KeySearch.Outcome want = expected ? KeySearch.Outcome.LINEARIZABLE
          : KeySearch.Outcome.NOT_LINEARIZABLE;
      assertEquals(want, dfs.outcome(), () -> "depth-first, seed " + seed + ":\n" + text);
      assertEquals(want, bfs.outcome(), () -> "by events, seed " + seed + ":\n" + text);
      if (!expected) {
        long at = bfs.failedAt();
        assertTrue(!BruteForce.linearizablePrefix(keyOps, at),
            () -> "prefix to " + at + " is linearizable:\n" + text);
        long previous = -1;
        for (HistoryOp op : keyOps) {
          if (op.kind() == HistoryOp.Kind.OK && op.completeIndex() < at) {
            previous = Math.max(previous, op.completeIndex());
          }
        }
        long prev = previous;
        assertTrue(prev < 0 || BruteForce.linearizablePrefix(keyOps, prev),
            () -> "prefix to " + prev + " is not linearizable, reported " + at + ":\n" + text);
      }
    }
  }

  /** Re-checks the failing key with every non-witness ok op weakened to info, by brute force. */
  static boolean witnessIsProof(History h, CheckResult r) {
    CheckResult.KeyFailure f = r.failures().get(0);
    java.util.List<HistoryOp> ops = new java.util.ArrayList<>();
    for (HistoryOp op : h.byKey().get(f.key())) {
      if (f.firstBadLine() > 0 && op.invokeIndex() > f.firstBadLine()) {
        continue;
      }
      boolean keep = f.operations().contains(op);
      if (!keep && op.kind() == HistoryOp.Kind.OK) {
        op = new HistoryOp(op.process(), op.f(), op.key(), op.value(), null, op.invokeIndex(),
            op.completeIndex(), HistoryOp.Kind.INFO, op.invokeText(), op.completeText());
      }
      ops.add(op);
    }
    return !BruteForce.linearizable(new History(ops, h.lineCount()));
  }
}
