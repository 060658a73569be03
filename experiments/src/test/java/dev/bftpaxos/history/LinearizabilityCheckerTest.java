package dev.bftpaxos.history;

import static dev.bftpaxos.history.Hist.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.history.CheckResult.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made histories whose verdict can be argued in one sentence each (the comment above every
 * case is that sentence), covering the semantics the checker must get right: real-time order,
 * info and fail outcomes, never-completed invokes, cas success and failure, deletes.
 */
class LinearizabilityCheckerTest {

  private static void linearizable(CheckResult r) {
    assertEquals(Verdict.LINEARIZABLE, r.verdict(), r::render);
    assertEquals("LINEARIZABLE\n", r.render());
    assertEquals(0, r.exitCode());
  }

  private static CheckResult.KeyFailure notLinearizable(CheckResult r, String key) {
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict(), r::render);
    assertEquals(1, r.exitCode());
    assertEquals(key, r.key(), r::render);
    assertTrue(r.render().startsWith("NOT LINEARIZABLE\n"), r::render);
    assertTrue(r.render().contains("key \"" + key + "\""), r::render);
    return r.failures().get(0);
  }

  private static List<Long> invokeLines(CheckResult.KeyFailure f) {
    return f.operations().stream().map(HistoryOp::invokeIndex).toList();
  }

  @Test
  void emptyHistoryIsLinearizable() {
    linearizable(check());
  }

  // Sequential put then get of the same value.
  @Test
  void sequentialPutGet() {
    linearizable(check("1 i put a 1", "1 ok put a 1", "2 i get a", "2 ok get a 1"));
  }

  // A get on a fresh key sees it absent.
  @Test
  void initiallyAbsent() {
    linearizable(check("1 i get a", "1 ok get a null"));
    notLinearizable(check("1 i get a", "1 ok get a 1"), "a");
  }

  // A read concurrent with a write may see the old value or the new one.
  @Test
  void concurrentReadSeesOldOrNew() {
    linearizable(check("1 i put a 1", "1 ok put a 1", "1 i put a 2", "2 i get a", "2 ok get a 1",
        "1 ok put a 2"));
    linearizable(check("1 i put a 1", "1 ok put a 1", "1 i put a 2", "2 i get a", "2 ok get a 2",
        "1 ok put a 2"));
  }

  // Two reads during one write: once a read has seen the new value, a later read cannot see the
  // old one.
  @Test
  void newThenOldReadIsNotLinearizable() {
    CheckResult r = check("1 i put a 1", "1 ok put a 1", "1 i put a 2", "2 i get a",
        "2 ok get a 2", "3 i get a", "3 ok get a 1", "1 ok put a 2");
    CheckResult.KeyFailure f = notLinearizable(r, "a");
    assertEquals(7, f.firstBadLine(), r::render);
    assertEquals(List.of(1L, 4L, 6L), invokeLines(f), r::render);
    assertEquals(3L, f.related().get(0).invokeIndex(), r::render);
  }

  // A read that starts after a write of 2 completed cannot see the earlier 1.
  @Test
  void staleReadAfterCompletedWrite() {
    CheckResult r = check("1 i put a 1", "1 ok put a 1", "1 i put a 2", "1 ok put a 2",
        "2 i get a", "2 ok get a 1");
    CheckResult.KeyFailure f = notLinearizable(r, "a");
    assertEquals(6, f.firstBadLine());
    assertEquals(List.of(1L, 3L, 5L), invokeLines(f), r::render);
    String text = r.render();
    assertTrue(text.contains("line 6: {\"type\":\"ok\",\"process\":2,\"f\":\"get\",\"key\":\"a\","
        + "\"value\":1}"), text);
    assertTrue(text.contains("was followed by put(\"a\", 2) ok by process 1 (lines 3-4)"), text);
  }

  // A read concurrent with a write that completes later may already see it.
  @Test
  void readMaySeeWriteBeforeItCompletes() {
    linearizable(check("1 i put a 1", "2 i get a", "2 ok get a 1", "1 ok put a 1"));
  }

  // A read cannot see a write that is invoked only after the read completed.
  @Test
  void readCannotSeeTheFuture() {
    CheckResult r = check("2 i get a", "2 ok get a 1", "1 i put a 1", "1 ok put a 1");
    notLinearizable(r, "a");
    assertTrue(r.render().contains("before the only write of that value"), r::render);
  }

  // An info write may take effect long after its info line, or never.
  @Test
  void infoWriteMayTakeEffectLateOrNever() {
    String[] base = {"1 i put a 1", "1 info put a 1", "2 i put a 2", "2 ok put a 2"};
    linearizable(check(base));
    linearizable(check(concat(base, "3 i get a", "3 ok get a 2")));
    // after 2 was written, 1 shows up: the info put took effect late
    linearizable(check(concat(base, "3 i get a", "3 ok get a 2", "3 i get a", "3 ok get a 1")));
    // but it takes effect at most once: 1, then 2, then 1 again is impossible
    CheckResult r = check(concat(base, "3 i get a", "3 ok get a 1", "2 i put a 3", "2 ok put a 3",
        "3 i get a", "3 ok get a 1"));
    notLinearizable(r, "a");
  }

  // An info write cannot take effect before it was invoked.
  @Test
  void infoWriteNotBeforeItsInvoke() {
    notLinearizable(check("3 i get a", "3 ok get a 1", "1 i put a 1", "1 info put a 1"), "a");
  }

  // An invoke with no completion counts as info.
  @Test
  void neverCompletedInvokeIsInfo() {
    linearizable(check("1 i put a 1", "2 i get a", "2 ok get a 1"));
    linearizable(check("1 i put a 1", "2 i get a", "2 ok get a null"));
    CheckResult r = check("1 i put a 1", "2 i get a", "2 ok get a 1", "2 i get a",
        "2 ok get a null");
    CheckResult.KeyFailure f = notLinearizable(r, "a");
    assertEquals(List.of(2L, 4L), invokeLines(f), r::render);
    assertEquals(1L, f.related().get(0).invokeIndex(), r::render);
    assertTrue(r.render().contains("(the invoke at line 1 never completed)"), r::render);
  }

  // A failed write certainly did not happen.
  @Test
  void failedWriteIsNeverSeen() {
    linearizable(check("1 i put a 1", "1 fail put a 1", "2 i get a", "2 ok get a null"));
    notLinearizable(check("1 i put a 1", "1 fail put a 1", "2 i get a", "2 ok get a 1"), "a");
  }

  // A failed or info get constrains nothing, whatever it carries.
  @Test
  void failedAndInfoGetsAreIgnored() {
    linearizable(check("1 i get a", "1 fail get a", "2 i get a", "2 info get a 7"));
  }

  // cas takes effect only when the expected value is current.
  @Test
  void casSuccessAndFailure() {
    String[] put1 = {"1 i put a 1", "1 ok put a 1"};
    linearizable(check(concat(put1, "2 i cas a [1,2]", "2 ok cas a [1,2]", "3 i get a",
        "3 ok get a 2")));
    // compare failed, recorded as fail: no effect
    linearizable(check(concat(put1, "2 i cas a [5,2]", "2 fail cas a [5,2]", "3 i get a",
        "3 ok get a 1")));
    // an ok cas whose expected value cannot be current
    notLinearizable(check(concat(put1, "2 i cas a [5,2]", "2 ok cas a [5,2]")), "a");
    // after an ok cas the old value is gone
    notLinearizable(check(concat(put1, "2 i cas a [1,2]", "2 ok cas a [1,2]", "3 i get a",
        "3 ok get a 1")), "a");
  }

  // cas with null expected means "only if absent".
  @Test
  void casOnAbsentKey() {
    linearizable(check("1 i cas a [null,1]", "1 ok cas a [null,1]", "2 i get a", "2 ok get a 1"));
    notLinearizable(check("1 i put a 1", "1 ok put a 1", "2 i cas a [null,2]",
        "2 ok cas a [null,2]"), "a");
  }

  // An info cas may or may not have happened, but only if its compare could succeed.
  @Test
  void infoCas() {
    String[] base = {"1 i put a 1", "1 ok put a 1", "2 i cas a [1,2]", "2 info cas a [1,2]"};
    linearizable(check(concat(base, "3 i get a", "3 ok get a 2")));
    linearizable(check(concat(base, "3 i get a", "3 ok get a 1", "3 i get a", "3 ok get a 2")));
    notLinearizable(check(concat(base, "3 i get a", "3 ok get a 2", "3 i get a", "3 ok get a 1")),
        "a");
    // it cannot apply after 1 was overwritten by 5 (unless 1 comes back)
    notLinearizable(check("1 i put a 1", "1 ok put a 1", "1 i put a 5", "1 ok put a 5",
        "2 i cas a [1,2]", "2 info cas a [1,2]", "3 i get a", "3 ok get a 2"), "a");
  }

  // Info operations can combine: an info put then an info cas make a value no one else wrote.
  @Test
  void chainsOfInfoOperations() {
    linearizable(check("1 i put a 5", "2 i cas a [5,6]", "3 i get a", "3 ok get a 6"));
    linearizable(check("1 i put a 1", "1 ok put a 1", "2 i delete a", "2 info delete a",
        "3 i cas a [null,9]", "3 info cas a [null,9]", "4 i get a", "4 ok get a 9"));
    notLinearizable(check("1 i put a 5", "2 i cas a [4,6]", "3 i get a", "3 ok get a 6"), "a");
  }

  // Deletes make the key absent; a read after a completed delete sees null.
  @Test
  void deletes() {
    linearizable(check("1 i put a 1", "1 ok put a 1", "2 i delete a", "2 ok delete a", "3 i get a",
        "3 ok get a null"));
    notLinearizable(check("1 i put a 1", "1 ok put a 1", "2 i delete a", "2 ok delete a",
        "3 i get a", "3 ok get a 1"), "a");
    notLinearizable(check("1 i put a 1", "1 ok put a 1", "3 i get a", "3 ok get a null"), "a");
  }

  // Keys are independent registers; the failure names the bad key only.
  @Test
  void keysAreIndependent() {
    CheckResult r = check("1 i put a 1", "1 ok put a 1", "1 i put b 1", "1 ok put b 1",
        "2 i put b 2", "2 ok put b 2", "3 i get a", "3 ok get a 1", "3 i get b", "3 ok get b 1");
    notLinearizable(r, "b");
    assertEquals(1, r.failures().size());
    assertEquals(2, r.keysChecked());
    assertFalse(r.render().contains("key \"a\""), r::render);
  }

  // Numbers compare by value (1 == 1.0) but never equal strings ("1" != 1).
  @Test
  void valueEquality() {
    linearizable(check("1 i put a 1.0", "1 ok put a 1.0", "2 i get a", "2 ok get a 1"));
    linearizable(check("1 i put a 1e3", "1 ok put a 1e3", "2 i get a", "2 ok get a 1000"));
    notLinearizable(check("1 i put a \"1\"", "1 ok put a \"1\"", "2 i get a", "2 ok get a 1"),
        "a");
  }

  // Two operations concurrent with everything: either order must be tried.
  @Test
  void concurrentWritesEitherOrder() {
    String[] w = {"1 i put a 1", "2 i put a 2", "1 ok put a 1", "2 ok put a 2"};
    linearizable(check(concat(w, "3 i get a", "3 ok get a 1")));
    linearizable(check(concat(w, "3 i get a", "3 ok get a 2")));
    notLinearizable(check(concat(w, "3 i get a", "3 ok get a 1", "3 i get a", "3 ok get a 2")),
        "a");
  }

  // With a tiny search budget the answer is "unknown", never a guess.
  @Test
  void exhaustedBudgetIsUnknown() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      sb.append(Hist.text(i + " i put a " + i));
    }
    for (int i = 0; i < 8; i++) {
      sb.append(Hist.text(i + " ok put a " + i));
    }
    sb.append(Hist.text("9 i get a", "9 ok get a 99"));
    CheckResult r = LinearizabilityChecker.check(parse(sb.toString()), 3);
    assertEquals(Verdict.UNKNOWN, r.verdict(), r::render);
    assertEquals(3, r.exitCode());
    assertTrue(r.render().startsWith("UNKNOWN\n"), r::render);
    assertEquals(List.of("a"), r.undecidedKeys());
  }

  static History parse(String text) {
    try {
      return HistoryParser.parse(text);
    } catch (HistoryFormatException e) {
      throw new AssertionError(e);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
