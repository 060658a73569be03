package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.history.CheckResult.Verdict;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Histories from {@link HistoryGenerator}, linearizable by construction, across shapes (few or
 * many keys and clients, lots of info and fail): the checker must accept every one, and reject
 * every mutation that makes a read impossible. The seed is printed so a failure can be replayed.
 */
class GeneratedHistoryTest {

  private static HistoryGenerator.Config randomConfig(Random rnd, int maxLines) {
    return new HistoryGenerator.Config(20 + rnd.nextInt(maxLines), 1 + rnd.nextInt(6),
        1 + rnd.nextInt(8), rnd.nextDouble() * 0.3, rnd.nextDouble() * 0.2);
  }

  private static History parse(String text) {
    try {
      return HistoryParser.parse(text);
    } catch (HistoryFormatException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void generatedHistoriesAreLinearizable() {
    long seed = new Random().nextLong();
    System.out.println("GeneratedHistoryTest.linearizable seed " + seed);
    Random rnd = new Random(seed);
    for (int i = 0; i < 300; i++) {
      HistoryGenerator.Config c = randomConfig(rnd, 1500);
      long s = rnd.nextLong();
      String text = HistoryGenerator.generate(c, s);
      CheckResult r = LinearizabilityChecker.check(parse(text));
      assertEquals(Verdict.LINEARIZABLE, r.verdict(),
          () -> "seed " + seed + ", " + c + ", history seed " + s + "\n" + r.render());
    }
  }

  @Test
  void generationIsDeterministic() {
    HistoryGenerator.Config c = HistoryGenerator.Config.standard(500, 3, 4);
    assertEquals(HistoryGenerator.generate(c, 42), HistoryGenerator.generate(c, 42));
  }

  @Test
  void impossibleReadsAreDetected() {
    long seed = new Random().nextLong();
    System.out.println("GeneratedHistoryTest.impossibleReads seed " + seed);
    Random rnd = new Random(seed);
    int mutated = 0;
    for (int i = 0; i < 150; i++) {
      String text = HistoryGenerator.generate(randomConfig(rnd, 600), rnd.nextLong());
      Optional<String> bad = HistoryGenerator.mutateImpossibleRead(text, rnd);
      if (bad.isEmpty()) {
        continue;
      }
      mutated++;
      CheckResult r = LinearizabilityChecker.check(parse(bad.get()));
      assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict(), () -> "seed " + seed);
      String line = differingLine(text, bad.get());
      assertTrue(r.operations().stream().anyMatch(op -> line.equals(op.completeText())),
          () -> "seed " + seed + ": witness lacks the mutated read " + line + "\n" + r.render());
      assertTrue(r.render().contains("no operation on this key ever writes that value"),
          r::render);
    }
    assertTrue(mutated > 75, "too few histories with reads: " + mutated);
  }

  @Test
  void staleReadsAreDetected() {
    long seed = new Random().nextLong();
    System.out.println("GeneratedHistoryTest.staleReads seed " + seed);
    Random rnd = new Random(seed);
    int mutated = 0;
    for (int i = 0; i < 150; i++) {
      String text = HistoryGenerator.generate(randomConfig(rnd, 600), rnd.nextLong());
      Optional<String> bad = HistoryGenerator.mutateStaleRead(text, rnd);
      if (bad.isEmpty()) {
        continue;
      }
      mutated++;
      CheckResult r = LinearizabilityChecker.check(parse(bad.get()));
      assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict(), () -> "seed " + seed + "\n" + bad.get());
      String line = differingLine(text, bad.get());
      String key = parse(bad.get()).ops().stream()
          .filter(op -> line.equals(op.completeText())).findFirst().orElseThrow().key();
      assertEquals(key, r.key());
    }
    assertTrue(mutated > 40, "too few stale-read candidates: " + mutated);
  }

  private static String differingLine(String a, String b) {
    String[] x = a.split("\n");
    String[] y = b.split("\n");
    for (int i = 0; i < x.length; i++) {
      if (!x[i].equals(y[i])) {
        return y[i];
      }
    }
    throw new AssertionError("no line differs");
  }
}
