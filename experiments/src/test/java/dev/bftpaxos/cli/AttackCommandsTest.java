package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attack and matrix from the command line, and faulty replicas named in a scenario file. */
class AttackCommandsTest {
  @TempDir
  Path dir;

  @Test
  void helpExplainsBothCommands() {
    for (String c : List.of("attack", "matrix")) {
      MainTest.Run r = MainTest.run(c, "--help");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("Usage: bft-paxos " + c) && r.out().contains("Examples:"), r.out());
    }
  }

  @Test
  void attackFindsShrinksAndReplaysACrashModeEquivocation() throws IOException {
    Path out = dir.resolve("attack");
    MainTest.Run r = MainTest.run("attack", "--n", "3", "--faulty", "0=equivocating-proposer", "--seeds", "5",
        "--shrink-budget", "80", "--out", out.toString(), "-q");
    assertEquals(ExitCodes.SAFETY, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("VIOLATION agreement"), r.out());
    assertTrue(r.out().contains("deliver"), "the trace shows delivered messages: " + r.out());
    assertTrue(r.out().contains("same schedule in byzantine mode (n=4): no violation"), r.out());
    String replay = MainTest.line(r.out(), "  replay:  ");
    List<String> words = MainTest.shellWords(replay);
    MainTest.Run again = MainTest.run(words.subList(1, words.size()).toArray(String[]::new));
    assertEquals(ExitCodes.SAFETY, again.exitCode(), replay + "\n" + again.out() + again.err());
    assertTrue(again.out().contains("VIOLATION of agreement"), again.out());
    assertTrue(Files.readString(out.resolve("counterexample.txt")).contains("trace ("));
    assertTrue(Files.readString(out.resolve("counterexample.json")).contains("\"property\" : \"agreement\""));
  }

  @Test
  void behavioursAreListedWithTheirParameters() {
    MainTest.Run r = MainTest.run("behaviours");
    assertEquals(0, r.exitCode(), r.err());
    for (String name : dev.bftpaxos.faulty.Behaviours.names()) {
      assertTrue(r.out().contains(name), name + " missing from\n" + r.out());
    }
    assertTrue(r.out().contains("parameters: to=ID+ID"), r.out());
    assertEquals(dev.bftpaxos.faulty.Behaviours.entries().size() + dev.bftpaxos.faulty.client.ClientBehaviours.entries().size(), MainTest.run("behaviours", "--names").out().lines().count());
  }

  @Test
  void attackWithoutFaultyReplicasFindsNothing() {
    MainTest.Run r = MainTest.run("attack", "--n", "3", "--seeds", "2", "--out", dir.toString(), "-q");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("no violation in 2 seeds"), r.out());
  }

  @Test
  void badInputIsRefusedWithExit2() {
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("attack", "--faulty", "9=silent-node").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("attack", "--faulty", "0=no-such-thing").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("attack", "--seeds", "0").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("matrix", "--sizes", "crash:2").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("matrix", "--sizes", "paxos:3").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("matrix", "--behaviours", "nope").exitCode());
    MainTest.Run typo = MainTest.run("simulate", "--faulty", "0=silent-node(too=1)");
    assertEquals(ExitCodes.BAD_INPUT, typo.exitCode());
    assertTrue(typo.err().contains("no parameter 'too'"), typo.err());
    assertEquals(ExitCodes.BAD_INPUT, MainTest.run("simulate", "--faulty-actions", "5-2").exitCode());
  }

  @Test
  void matrixWritesItsReportTableHeatMapAndTraces() throws IOException {
    Path out = dir.resolve("matrix");
    MainTest.Run r = MainTest.run("matrix", "--seeds", "1", "--sizes", "crash:3", "--behaviours", "equivocating-proposer",
        "--shrink-budget", "20", "--out", out.toString(), "-q");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("| equivocating-proposer | S 1/1 |"), r.out());
    for (String f : List.of("matrix.md", "matrix.csv", "heatmap.png", "heatmap.svg")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    assertTrue(Files.readString(out.resolve("heatmap.svg")).contains("equivocating-proposer"));
    assertEquals(4, Files.readString(out.resolve("matrix.csv")).lines().count(), "header, k=0, k=1 and k=2 rows");
    try (var traces = Files.list(out.resolve("traces"))) {
      assertTrue(traces.count() >= 1);
    }
  }

  @Test
  void scenarioFileNamesFaultyReplicas() throws IOException {
    Path f = dir.resolve("equivocation.yaml");
    Files.writeString(f, "name: equivocation\nworkload: {clients: 3}\nfaulty: {0: equivocating-proposer}\n");
    MainTest.Run r = MainTest.run("simulate", "--scenario", f.toString());
    assertEquals(ExitCodes.SAFETY, r.exitCode(), r.out() + r.err());
    assertTrue(MainTest.line(r.out(), "replay       ").contains("--faulty 0=equivocating-proposer"), r.out());
    Files.writeString(f, "faulty: {5: equivocating-proposer}\n");
    MainTest.Run bad = MainTest.run("simulate", "--scenario", f.toString());
    assertEquals(ExitCodes.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("faulty.5") || bad.err().contains("replica 5"), bad.err());
  }
}
