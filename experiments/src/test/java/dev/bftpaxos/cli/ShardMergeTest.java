package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded runs merged are the unsharded run: the same report files, byte for byte, and the same
 * exit code. The matrix's two shards run as two processes of the command line, as on two machines;
 * compare's and attack's shards run in-process. And a merge refuses shards that do not make one run.
 */
class ShardMergeTest {
  /**
   * A matrix small enough for a test that still has every kind of cell: broken in its seeds, broken
   * only by the follow-up search (promise-breaking-acceptor k=1 holds for seeds 1..3, breaks at 4),
   * liveness lost, and clean.
   */
  private static final List<String> MATRIX = List.of("matrix", "--sizes", "crash:3", "--behaviours",
      "equivocating-proposer,promise-breaking-acceptor,silent-node", "--seeds", "3", "--shrink-budget", "20",
      "--search-seeds", "12", "--threads", "1", "-q");
  private static final long PROCESS_SECONDS_MAX = 600;

  @TempDir
  Path dir;

  @Test
  void twoMatrixShardsInTwoProcessesMergeIntoTheUnshardedReport() throws Exception {
    Path shards = dir.resolve("shards");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
          Main.class.getName()));
      cmd.addAll(MATRIX);
      cmd.addAll(List.of("--shard", i + "/2", "--out", shards.toString()));
      processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("shard-" + i + ".log").toFile()).start());
    }
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      if (!p.waitFor(PROCESS_SECONDS_MAX, TimeUnit.SECONDS)) {
        processes.forEach(Process::destroyForcibly);
        throw new AssertionError("shard " + i + " did not finish in " + PROCESS_SECONDS_MAX + " s");
      }
      assertEquals(0, p.exitValue(), "a shard exits 0 once its results are written:\n"
          + Files.readString(dir.resolve("shard-" + i + ".log")));
    }
    assertTrue(Files.isRegularFile(shards.resolve("shard-0-of-2.jsonl")) && Files.isRegularFile(shards.resolve(
        "shard-1-of-2.jsonl")));

    CliContractTest.Run merged = CliContractTest.run("merge", shards.toString(), "--out", dir.resolve("merged").toString());
    CliContractTest.Run single = run(MATRIX, "--out", dir.resolve("single").toString());
    assertEquals(single.exitCode(), merged.exitCode(), merged.all());
    for (String cell : List.of("| S 1/3 |", "| S 0/3 +search |", "| L 3/3 |", "| ok ")) {
      assertTrue(single.out().contains(cell), "the matrix has a cell " + cell + "\n" + single.out());
    }
    List<String> compared = sameFiles(dir.resolve("single"), dir.resolve("merged"));
    assertTrue(compared.containsAll(List.of("matrix.md", "matrix.csv", "heatmap.svg", "heatmap.png")), compared.toString());
    assertTrue(compared.stream().anyMatch(f -> f.startsWith("traces/")), "counterexample traces compared: " + compared);
    assertTrue(merged.out().contains("## Claims"), merged.all());
  }

  @Test
  void compareShardsMergeIntoTheUnshardedTablesAndPlots() throws IOException {
    List<String> compare = List.of("compare", "--mode", "crash", "--replicas", "3", "--seeds", "3", "--threads", "1",
        "--quiet");
    for (int i = 0; i < 3; i++) {
      CliContractTest.Run s = run(compare, "--shard", i + "/3", "--out", dir.resolve("shards").toString());
      assertEquals(0, s.exitCode(), s.all());
      assertTrue(s.out().contains("compare shard " + i + "/3: 2 runs"), s.all());
    }
    CliContractTest.Run merged = CliContractTest.run("merge", dir.resolve("shards").toString(), "--out",
        dir.resolve("merged").toString());
    CliContractTest.Run single = run(compare, "--out", dir.resolve("single").toString());
    assertEquals(single.exitCode(), merged.exitCode(), merged.all());
    assertEquals(table(single.out()), table(merged.out()), "the printed table");
    List<String> compared = sameFiles(dir.resolve("single"), dir.resolve("merged"));
    assertTrue(compared.containsAll(List.of("compare.csv", "compare.md", "runs.csv", "throughput.svg", "latency.png")),
        compared.toString());
  }

  @Test
  void attackShardsReportTheLowestFailingSeedOfAllShards() throws IOException {
    List<String> attack = List.of("attack", "--n", "3", "--faulty", "0=promise-breaking-acceptor", "--seeds", "30",
        "--shrink-budget", "30", "--threads", "1", "-q");
    for (int i = 0; i < 2; i++) {
      CliContractTest.Run s = run(attack, "--shard", i + "/2", "--out", dir.resolve("s" + i).toString());
      assertEquals(0, s.exitCode(), s.all());
    }
    CliContractTest.Run merged = CliContractTest.run("merge", dir.resolve("s1").toString(), dir.resolve("s0").toString(),
        "--out", dir.resolve("merged").toString());
    CliContractTest.Run single = run(attack, "--out", dir.resolve("single").toString());
    assertEquals(ExitCodes.SAFETY, single.exitCode(), single.all());
    assertEquals(single.exitCode(), merged.exitCode(), merged.all());
    assertEquals(List.of("counterexample.json", "counterexample.txt"), sameFiles(dir.resolve("single"),
        dir.resolve("merged")).stream().filter(f -> !f.equals("timing.json")).sorted().toList());
    String line = MainTest.line(single.out(), "lowest failing seed ");
    assertEquals(line, MainTest.line(merged.out(), "lowest failing seed "), merged.all());

    // No failure at all: the same seeds and totals from the shards as from one run.
    List<String> clean = List.of("attack", "--n", "3", "--seeds", "5", "--threads", "1", "-q");
    run(clean, "--shard", "0/2", "--out", dir.resolve("c0").toString());
    run(clean, "--shard", "1/2", "--out", dir.resolve("c1").toString());
    String mergedClean = CliContractTest.run("merge", dir.resolve("c0").toString(), dir.resolve("c1").toString(),
        "--out", dir.resolve("cm").toString()).out();
    String singleClean = run(clean, "--out", dir.resolve("cs").toString()).out();
    assertEquals(MainTest.line(singleClean, "no violation in ").replaceAll(" in [0-9.]+ s$", ""),
        MainTest.line(mergedClean, "no violation in "));
  }

  @Test
  void aMergeRefusesShardsThatAreNotOneRun() throws IOException {
    List<String> clean = List.of("attack", "--n", "3", "--seeds", "4", "--threads", "1", "-q");
    Path a = dir.resolve("a");
    run(clean, "--shard", "0/3", "--out", a.toString());
    run(clean, "--shard", "1/3", "--out", a.toString());
    CliContractTest.Run missing = CliContractTest.run("merge", a.toString());
    assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing.all());
    assertTrue(missing.err().contains("shard 2 of 3 is missing (given: 0, 1)"), missing.all());

    Path b = dir.resolve("b");
    run(List.of("attack", "--n", "3", "--seeds", "5", "--threads", "1", "-q"), "--shard", "2/3", "--out", b.toString());
    CliContractTest.Run other = CliContractTest.run("merge", a.toString(), b.toString());
    assertEquals(ExitCodes.BAD_INPUT, other.exitCode(), other.all());
    assertTrue(other.err().contains("shard 2/3 (" + b.resolve("shard-2-of-3.jsonl") + ") ran different settings from "
        + "shard 0/3") && other.err().contains("seeds 5 instead of 4"), other.all());
    // The options are compared as given, too: shards are one run only if started with one command line.
    Path c = dir.resolve("c");
    run(List.of("attack", "--n", "3", "--seeds", "4", "--threads", "1", "-q", "--mode", "crash"), "--shard", "2/3",
        "--out", c.toString());
    CliContractTest.Run option = CliContractTest.run("merge", a.toString(), c.toString());
    assertEquals(ExitCodes.BAD_INPUT, option.exitCode(), option.all());
    assertTrue(option.err().contains("options.--mode \"crash\" instead of null"), option.all());

    CliContractTest.Run twice = CliContractTest.run("merge", a.toString(), a.resolve("shard-1-of-3.jsonl").toString());
    assertEquals(ExitCodes.BAD_INPUT, twice.exitCode(), twice.all());
    assertTrue(twice.err().contains("shard 1/3 is given twice"), twice.all());

    Path cut = dir.resolve("cut");
    Files.createDirectories(cut);
    List<String> lines = Files.readAllLines(a.resolve("shard-0-of-3.jsonl"));
    Files.write(cut.resolve("shard-0-of-3.jsonl"), lines.subList(0, lines.size() - 1));
    CliContractTest.Run incomplete = CliContractTest.run("merge", cut.toString());
    assertEquals(ExitCodes.BAD_INPUT, incomplete.exitCode(), incomplete.all());
    assertTrue(incomplete.err().contains("shard-0-of-3.jsonl: incomplete"), incomplete.all());

    CliContractTest.Run badShard = run(clean, "--shard", "3/3");
    assertEquals(ExitCodes.BAD_INPUT, badShard.exitCode(), badShard.all());
    assertTrue(badShard.err().contains("shard index must be in 0..2"), badShard.all());
  }

  private static CliContractTest.Run run(List<String> base, String... more) {
    List<String> args = new ArrayList<>(base);
    args.addAll(List.of(more));
    return CliContractTest.run("", args);
  }

  /** The printed summary table: from the header line to the blank line after it. */
  private static String table(String out) {
    int start = out.indexOf("mode ");
    return out.substring(start, out.indexOf("\n\n", start));
  }

  /**
   * Asserts that both folders hold the same files with the same bytes (timing.json, the wall-clock
   * file, exists in both but is not compared) and returns the files compared, relative.
   */
  private static List<String> sameFiles(Path a, Path b) throws IOException {
    List<String> fa = files(a);
    assertEquals(fa, files(b), "the same files in " + a + " and " + b);
    List<String> compared = new ArrayList<>();
    for (String f : fa) {
      if (f.equals("timing.json")) {
        continue;
      }
      byte[] x = Files.readAllBytes(a.resolve(f));
      byte[] y = Files.readAllBytes(b.resolve(f));
      if (f.endsWith(".png") || f.endsWith(".svg")) {
        assertArrayEquals(x, y, f + " differs");
      } else {
        assertEquals(new String(x, java.nio.charset.StandardCharsets.UTF_8), new String(y,
            java.nio.charset.StandardCharsets.UTF_8), f + " differs");
      }
      compared.add(f);
    }
    assertFalse(compared.isEmpty());
    return compared;
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
