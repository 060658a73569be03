package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stale reads in a history, checked against the slots they claim: random histories of a log of
 * slots (batches of writes, some timing out, some slots holding several writes to one key) with
 * stale reads that answer correctly pass for every seed; two broken readers, one answering from
 * an older state than it claims and one from a newer, are each caught by the random search.
 */
class StaleReadHistoryCheckTest {
  static final int SEEDS = 300;

  @TempDir
  Path tmp;

  /** How a generated stale read answers. */
  enum Reader {
    CORRECT, OLDER_THAN_CLAIMED, NEWER_THAN_CLAIMED
  }

  /** A history in the load command's shape: writes carry their slots, stale gets the slot they claim. */
  static String generate(long seed, Reader reader) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringWriter text = new StringWriter();
    HistoryWriter h = new HistoryWriter(text);
    int keys = 1 + rnd.nextInt(3);
    int processes = 2 + rnd.nextInt(4);
    Map<String, TreeMap<Long, String>> after = new HashMap<>(); // per key: slot -> value after it (null: absent)
    long slot = 0;
    String[] outstandingWrite = new String[processes]; // key=value of a write waiting for its slot
    long counter = 0;
    for (int step = 0; step < 60 + rnd.nextInt(60); step++) {
      int p = rnd.nextInt(processes);
      if (outstandingWrite[p] != null) {
        continue;
      }
      String key = "k" + rnd.nextInt(keys);
      if (rnd.nextInt(3) == 0) { // a stale read
        h.invokeStaleGet(p, key);
        long claimed = slot == 0 ? 0 : rnd.nextLong(slot + 1);
        long from = claimed;
        if (reader == Reader.OLDER_THAN_CLAIMED && claimed > 0) {
          from = rnd.nextLong(claimed);
        } else if (reader == Reader.NEWER_THAN_CLAIMED) {
          from = slot;
        }
        TreeMap<Long, String> ks = after.get(key);
        Map.Entry<Long, String> e = ks == null ? null : ks.floorEntry(from);
        h.ok(p, "get", key, e == null ? null : e.getValue(), claimed);
      } else { // a write, executed in the next batch
        String value = "v" + (++counter);
        boolean delete = rnd.nextInt(8) == 0;
        h.invoke(p, delete ? "delete" : "put", key, delete ? null : value);
        outstandingWrite[p] = key + "=" + (delete ? "" : value);
      }
      if (rnd.nextInt(3) == 0) { // the leader proposes a batch of every waiting write: one slot
        slot++;
        for (int q = 0; q < processes; q++) {
          if (outstandingWrite[q] == null) {
            continue;
          }
          String[] kv = outstandingWrite[q].split("=", -1);
          boolean delete = kv[1].isEmpty();
          boolean timesOut = rnd.nextInt(10) == 0;
          boolean executes = !timesOut || rnd.nextBoolean();
          if (executes) {
            after.computeIfAbsent(kv[0], k -> new TreeMap<>()).put(slot, delete ? null : kv[1]);
          }
          String f = delete ? "delete" : "put";
          if (timesOut) {
            h.info(q, f, kv[0], delete ? null : kv[1]);
          } else {
            h.ok(q, f, kv[0], delete ? null : kv[1], slot);
          }
          outstandingWrite[q] = null;
        }
      }
    }
    return text.toString();
  }

  @Test
  void correctStaleReadsPassForEverySeed() throws Exception {
    int stale = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      History h = HistoryParser.parse(generate(seed, Reader.CORRECT));
      stale += h.staleReads().size();
      List<StaleReadHistoryCheck.Violation> v = StaleReadHistoryCheck.check(h);
      if (!v.isEmpty()) {
        fail("seed " + seed + ": a correct stale read was flagged: " + v + "\n" + generate(seed, Reader.CORRECT));
      }
      assertEquals(CheckResult.Verdict.LINEARIZABLE, LinearizabilityChecker.check(h).verdict(),
          "seed " + seed + ": the writes and logged reads are linearizable");
    }
    assertTrue(stale > SEEDS, "the generator made stale reads: " + stale);
  }

  @Test
  void aReaderOlderThanItClaimsIsCaughtByTheRandomSearch() throws Exception {
    System.out.println("older-than-claimed stale reader caught at seed " + firstCaught(Reader.OLDER_THAN_CLAIMED));
  }

  @Test
  void aReaderNewerThanItClaimsIsCaughtByTheRandomSearch() throws Exception {
    System.out.println("newer-than-claimed stale reader caught at seed " + firstCaught(Reader.NEWER_THAN_CLAIMED));
  }

  private static long firstCaught(Reader broken) throws Exception {
    for (long seed = 1; seed <= SEEDS; seed++) {
      if (!StaleReadHistoryCheck.check(HistoryParser.parse(generate(seed, broken))).isEmpty()) {
        return seed;
      }
    }
    fail(broken + " was not caught in " + SEEDS + " seeds");
    return -1;
  }

  @Test
  void checkHistoryPrintsTheVerdictAndExitsOneForAStaleReadWrongForItsSlot() throws Exception {
    String ok = String.join("\n",
        "{\"type\":\"invoke\",\"process\":0,\"f\":\"put\",\"key\":\"a\",\"value\":\"1\"}",
        "{\"type\":\"ok\",\"process\":0,\"f\":\"put\",\"key\":\"a\",\"value\":\"1\",\"slot\":3}",
        "{\"type\":\"invoke\",\"process\":1,\"f\":\"get\",\"key\":\"a\",\"value\":null,\"read\":\"stale\"}",
        "{\"type\":\"ok\",\"process\":1,\"f\":\"get\",\"key\":\"a\",\"value\":null,\"slot\":2}", "");
    Path good = tmp.resolve("good.jsonl");
    Files.writeString(good, ok);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(CheckHistoryMain.LINEARIZABLE, CheckHistoryMain.run(good, new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("LINEARIZABLE\n"), out.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("stale reads: 1, each consistent"), out.toString(StandardCharsets.UTF_8));

    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, ok.replace("\"value\":null,\"slot\":2", "\"value\":null,\"slot\":3"));
    out.reset();
    assertEquals(CheckHistoryMain.NOT_LINEARIZABLE, CheckHistoryMain.run(bad, new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err));
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.startsWith("STALE READS CONTRADICT THEIR SLOTS (1 of 1)"), said);
    assertTrue(said.contains("line 4: stale get of \"a\" read null and claims slot 3; after that slot the key is \"1\" "
        + "(written at slot 3)"), said);
  }

  @Test
  void theParserRefusesMisplacedReadAndSlotFields() {
    String inv = "{\"type\":\"invoke\",\"process\":0,\"f\":\"get\",\"key\":\"a\",\"read\":\"stale\"}\n";
    for (String[] c : List.of(
        new String[] {inv + "{\"type\":\"ok\",\"process\":0,\"f\":\"get\",\"key\":\"a\",\"value\":null}\n", "must carry \"slot\""},
        new String[] {"{\"type\":\"invoke\",\"process\":0,\"f\":\"put\",\"key\":\"a\",\"value\":1,\"read\":\"stale\"}\n",
            "belongs on a get"},
        new String[] {"{\"type\":\"invoke\",\"process\":0,\"f\":\"get\",\"key\":\"a\",\"read\":\"sometimes\"}\n", "must be one of"},
        new String[] {inv + "{\"type\":\"ok\",\"process\":0,\"f\":\"get\",\"key\":\"a\",\"value\":null,\"slot\":-1}\n",
            "0 or more"},
        new String[] {inv + "{\"type\":\"info\",\"process\":0,\"f\":\"get\",\"key\":\"a\",\"slot\":4}\n", "belongs on an ok line"})) {
      try {
        HistoryParser.parse(c[0]);
        fail("accepted " + c[0]);
      } catch (HistoryFormatException e) {
        assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should say " + c[1]);
      }
    }
  }

  @Test
  void theWriterWritesWhatTheParserReads() throws Exception {
    StringWriter w = new StringWriter();
    HistoryWriter h = new HistoryWriter(w);
    h.invoke(0, "put", "a", "x");
    h.ok(0, "put", "a", "x", 7);
    h.invokeStaleGet(1, "a");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> h.ok(1, "get", "a", "x"));
    h.ok(1, "get", "a", "x", 7);
    History parsed = HistoryParser.parse(w.toString());
    assertEquals(1, parsed.ops().size());
    assertEquals(7, parsed.ops().get(0).logSlot());
    assertEquals(1, parsed.staleReads().size());
    assertEquals(List.of(), new ArrayList<>(StaleReadHistoryCheck.check(parsed)));
  }
}
