package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.history.CheckResult.Verdict;
import dev.bftpaxos.history.HistoryOp.Cas;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Sizes that matter in practice - a 20,000-line history over 50 keys with 10 clients - and single
 * keys with hundreds or thousands of pending info writes, the case that makes a textbook
 * Wing-Gong search exponential. Times are printed (with the machine-independent count of
 * configurations explored), never asserted: the build machine is shared.
 */
class CheckerPerformanceTest {

  static <T> T timed(String what, Supplier<T> task) {
    long t0 = System.nanoTime();
    T result = task.get();
    System.out.printf("  %-78s %8.1f ms%n", what, (System.nanoTime() - t0) / 1e6);
    return result;
  }

  static History parse(String text) {
    try {
      return HistoryParser.parse(text);
    } catch (HistoryFormatException e) {
      throw new AssertionError(e);
    }
  }

  /** Work (configurations explored) for the search of the one key of {@code h}. */
  static long work(History h) {
    return LinearizabilityChecker.search(h.ops(), Long.MAX_VALUE, Set.of(),
        LinearizabilityChecker.DEFAULT_MAX_STATES).work();
  }

  @Test
  void twentyThousandLinesFiftyKeysTenProcesses() {
    long seed = new Random().nextLong();
    System.out.println("20,000 lines / 50 keys / 10 processes, seed " + seed);
    String text = HistoryGenerator.generate(HistoryGenerator.Config.standard(20_000, 50, 10), seed);
    assertTrue(text.lines().count() >= 20_000);
    LinearizabilityChecker.check(parse(text)); // warm-up: the numbers below are not JIT time
    History h = timed("parse", () -> parse(text));
    CheckResult r = timed("check (linearizable)", () -> LinearizabilityChecker.check(h));
    assertEquals(Verdict.LINEARIZABLE, r.verdict(), r::render);
    assertEquals(50, r.keysChecked());

    Random rnd = new Random(seed);
    String stale = HistoryGenerator.mutateStaleRead(text, rnd).orElseThrow();
    History hs = parse(stale);
    CheckResult rs = timed("check with one stale read (incl. explanation)",
        () -> LinearizabilityChecker.check(hs));
    assertEquals(Verdict.NOT_LINEARIZABLE, rs.verdict());
    System.out.print(rs.render().indent(4));

    String impossible = HistoryGenerator.mutateImpossibleRead(text, rnd).orElseThrow();
    History hi = parse(impossible);
    CheckResult ri = timed("check with one impossible read (incl. explanation)",
        () -> LinearizabilityChecker.check(hi));
    assertEquals(Verdict.NOT_LINEARIZABLE, ri.verdict());
  }

  @Test
  void oneHotKeyWithManyInfoOperations() {
    long seed = new Random().nextLong();
    System.out.println("10,000 lines / 1 key / 10 processes / 30% info, seed " + seed);
    String text = HistoryGenerator.generate(
        new HistoryGenerator.Config(10_000, 1, 10, 0.3, 0.05), seed);
    History h = parse(text);
    long info = h.ops().stream().filter(o -> o.kind() == HistoryOp.Kind.INFO).count();
    CheckResult r = timed("check (linearizable), " + info + " info ops, work " + work(h),
        () -> LinearizabilityChecker.check(h));
    assertEquals(Verdict.LINEARIZABLE, r.verdict(), r::render);
    String stale = HistoryGenerator.mutateStaleRead(text, new Random(seed)).orElseThrow();
    History hs = parse(stale);
    CheckResult rs = timed("check with one stale read (incl. explanation), work " + work(hs),
        () -> LinearizabilityChecker.check(hs));
    assertEquals(Verdict.NOT_LINEARIZABLE, rs.verdict());
  }

  /**
   * {@code pending} puts of distinct values invoked up front and never completed, then one
   * client reading them back one by one, each exactly once, in random order (plus ok puts in
   * between). A search that keeps every pending write as a candidate explores subsets of them;
   * with {@code broken}, one value is read a second time after another, which no order allows.
   */
  static String pendingWrites(int pending, boolean broken, Random rnd) {
    StringWriter out = new StringWriter();
    HistoryWriter w = new HistoryWriter(out);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pending; i++) {
      w.invoke(1000 + i, "put", "k", i);
      order.add(i);
    }
    Collections.shuffle(order, rnd);
    for (int i = 0; i < order.size(); i++) {
      if (rnd.nextInt(4) == 0) {
        w.invoke(0, "put", "k", "fresh-" + i);
        w.ok(0, "put", "k", "fresh-" + i);
      }
      w.invoke(0, "get", "k", null);
      w.ok(0, "get", "k", order.get(i));
    }
    if (broken) {
      w.invoke(0, "get", "k", null);
      w.ok(0, "get", "k", order.get(0));
    }
    return out.toString();
  }

  /**
   * Info puts of only two values, {@code pending} of each, and reads alternating between them:
   * every read needs a fresh info put, so only counting how many of each are left decides it.
   * With {@code broken}, there is one alternation more than info puts.
   */
  static String twoValuesAlternating(int pending, boolean broken) {
    StringWriter out = new StringWriter();
    HistoryWriter w = new HistoryWriter(out);
    for (int i = 0; i < 2 * pending; i++) {
      w.invoke(1000 + i, "put", "k", i % 2);
      w.info(1000 + i, "put", "k", i % 2);
    }
    int reads = 2 * pending + (broken ? 1 : 0);
    for (int i = 0; i < reads; i++) {
      w.invoke(0, "get", "k", null);
      w.ok(0, "get", "k", i % 2);
    }
    return out.toString();
  }

  /** A chain of {@code length} pending info cas v0 -> v1 -> ... and a read of the last value. */
  static String casChain(int length) {
    StringWriter out = new StringWriter();
    HistoryWriter w = new HistoryWriter(out);
    w.invoke(0, "put", "k", "v0");
    w.ok(0, "put", "k", "v0");
    for (int i = 0; i < length; i++) {
      w.invoke(1000 + i, "cas", "k", new Cas("v" + i, "v" + (i + 1)));
    }
    w.invoke(0, "get", "k", null);
    w.ok(0, "get", "k", "v" + length);
    return out.toString();
  }

  @Test
  void manyPendingInfoWritesOnOneKey() {
    long seed = new Random().nextLong();
    System.out.println("pending info writes on one key, seed " + seed);
    Random rnd = new Random(seed);
    for (int pending : new int[] {100, 1_000, 3_000}) {
      History ok = parse(pendingWrites(pending, false, rnd));
      CheckResult r = timed(pending + " pending puts, each read once: work " + work(ok),
          () -> LinearizabilityChecker.check(ok));
      assertEquals(Verdict.LINEARIZABLE, r.verdict(), r::render);
      History bad = parse(pendingWrites(pending, true, rnd));
      CheckResult rb = timed(pending + " pending puts, one read twice: work " + work(bad),
          () -> LinearizabilityChecker.check(bad));
      assertEquals(Verdict.NOT_LINEARIZABLE, rb.verdict(), rb::render);
      assertTrue(rb.operations().size() <= 3, rb::render);
    }
    for (int pending : new int[] {100, 500}) {
      History ok = parse(twoValuesAlternating(pending, false));
      CheckResult r = timed(2 * pending + " info puts of 2 values, alternating reads: work "
          + work(ok), () -> LinearizabilityChecker.check(ok));
      assertEquals(Verdict.LINEARIZABLE, r.verdict(), r::render);
      History bad = parse(twoValuesAlternating(pending, true));
      CheckResult rb = timed(2 * pending + " info puts of 2 values, one read too many: work "
          + work(bad), () -> LinearizabilityChecker.check(bad));
      assertEquals(Verdict.NOT_LINEARIZABLE, rb.verdict(), rb::render);
    }
    History chain = parse(casChain(500));
    CheckResult rc = timed("chain of 500 pending cas: work " + work(chain),
        () -> LinearizabilityChecker.check(chain));
    assertEquals(Verdict.LINEARIZABLE, rc.verdict(), rc::render);
  }
}
