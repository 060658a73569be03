package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The commands run in-process, as {@code bft-paxos ...} would run them, with output captured. */
class MainTest {
  /** A basic cluster for 300 ms of simulated time; clients retry soon so requests complete. */
  private static final String SMALL = """
      name: small
      workload: {clients: 4, retransmitTicks: 30}
      durationMicros: 300ms
      """;

  /** Random faults squeezed into 300 ms, for compare. */
  private static final String TINY_FAULTS = """
      name: tiny
      workload: {clients: 3, retransmitTicks: 50}
      network: {lossRate: 0.02, duplicateRate: 0.02, reorderRate: 0.05}
      faults: {random: {crashes: 1, partitions: 1, cuts: 1, windowMicros: 300ms}}
      durationMicros: 400ms
      """;

  @TempDir
  Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "simulate", "compare", "check-history"})
  void everyCommandHasHelpWithExamples(String command) {
    Run r = command.isEmpty() ? run("--help") : run(command, "--help");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("Usage: bft-paxos" + (command.isEmpty() ? "" : " " + command)), r.out());
    assertTrue(r.out().contains("Examples:"), r.out());
    if (!command.equals("check-history")) {
      assertTrue(r.out().contains("Exit codes:") && r.out().contains("3   a liveness property was violated"), r.out());
    }
  }

  @Test
  void helpShowsDefaultsAndVariants() {
    String help = run("help", "simulate").out();
    assertTrue(help.contains("Default: basic"), help);
    assertTrue(help.contains("quorum-n-over-2"), help);
    String compare = run("compare", "--help").out();
    assertTrue(compare.contains("Default: results/compare"), compare);
    assertTrue(compare.contains("--no-plots"), compare);
    assertTrue(compare.contains("throughput.png/.svg"), compare);
    assertTrue(compare.contains("latency.png/.svg"), compare);
  }

  /** {@code jmh} passes its arguments to JMH untouched, options included; its help is picocli's. */
  @Test
  void jmhPassesArgumentsThrough() {
    assertEquals(0, run("jmh", "-l").exitCode());
    String help = run("help", "jmh").out();
    assertTrue(help.contains("Usage: bft-paxos jmh [JMH-ARGUMENTS...]") && help.contains("SlotCryptoBench"), help);
  }

  @Test
  void versionAndMissingCommand() {
    Run v = run("--version");
    assertEquals(0, v.exitCode());
    assertTrue(v.out().startsWith("bft-paxos "), v.out());
    Run none = run();
    assertEquals(ExitCodes.BAD_INPUT, none.exitCode());
    assertTrue(none.err().contains("missing command"), none.err());
  }

  @Test
  void simulatePrintsASummary() throws IOException {
    Run r = run("simulate", "--scenario", file("small.yaml", SMALL), "--seed", "2");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().startsWith("scenario     small, n=3 (crash mode), variant correct, seed 2"), r.out());
    for (String line : List.of("fault plan   none", "requests     ", "throughput   ", "latency      p50 ",
        "messages     ", "bytes        ", "wall time    ", "trace        hash ", "result       OK: no violation")) {
      assertTrue(r.out().contains(line), line + " in\n" + r.out());
    }
  }

  @Test
  void simulateJsonIsOneObject() throws IOException {
    Run r = run("simulate", "--scenario", file("small.yaml", SMALL), "--n", "5", "--json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(5, j.get("replicas").asInt());
    assertTrue(j.get("ok").asBoolean());
    assertTrue(j.get("requestsCompleted").asLong() > 0, r.out());
    assertTrue(j.get("latencyMicros").has("p99"));
    assertTrue(j.get("violation").isNull());
    assertTrue(j.get("traceHash").asText().matches("[0-9a-f]{16}"));
  }

  @Test
  void safetyViolationExitsWith1AndItsReplayCommandReproducesTheRun() {
    Run r = run("simulate", "--scenario", "random-faults", "--seed", "3", "--variant", "quorum-n-over-2");
    assertEquals(ExitCodes.SAFETY, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("result       VIOLATION of agreement"), r.out());
    assertTrue(r.out().contains("seed         3"), r.out());
    assertTrue(r.out().contains("trace        last "), r.out());
    String replay = line(r.out(), "replay       ");
    assertTrue(replay.startsWith("bft-paxos simulate --scenario random-faults --n 3 --seed 3 --variant quorum-n-over-2"
        + " --faults '"), replay);
    List<String> words = shellWords(replay);
    Run again = run(words.subList(1, words.size()).toArray(String[]::new));
    assertEquals(ExitCodes.SAFETY, again.exitCode());
    assertEquals(line(r.out(), "trace        hash "), line(again.out(), "trace        hash "));
  }

  @Test
  void livenessViolationExitsWith3() throws IOException {
    Run r = run("simulate", "--scenario", file("stuck.yaml", SMALL + "livenessBoundMicros: 1us\n"));
    assertEquals(ExitCodes.LIVENESS, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("result       VIOLATION of liveness"), r.out());
    assertTrue(r.out().contains("replay       bft-paxos simulate --scenario " + dir.resolve("stuck.yaml")), r.out());
  }

  @Test
  void badScenarioFieldExitsWith2NamingTheField() throws IOException {
    String f = file("bad.yaml", "network:\n  lossRte: 0.1\n");
    Run r = run("simulate", "--scenario", f);
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    assertEquals("", r.out());
    assertTrue(r.err().contains(f + ": network.lossRte: unknown field (known: "), r.err());
    assertTrue(r.err().contains("did you mean 'lossRate'?"), r.err());
  }

  @Test
  void otherBadInputExitsWith2() {
    assertEquals(ExitCodes.BAD_INPUT, run("simulate", "--variant", "nope").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, run("simulate", "--faults", "crash(9)@1ms").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, run("simulate", "--faults", "none", "--no-faults").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, run("simulate", "--scenario", "no-such-scenario").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, run("simulate", "--seed", "abc").exitCode());
    assertEquals(ExitCodes.BAD_INPUT, run("simulate", "--n", "0").exitCode());
  }

  @Test
  void simulateWritesTheHistory() throws IOException {
    Path history = dir.resolve("h/run.jsonl");
    Run r = run("simulate", "--scenario", file("small.yaml", SMALL), "--history", history.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(history);
    assertFalse(lines.isEmpty());
    assertTrue(lines.get(0).startsWith("{\"type\":\"invoke\",\"process\":"), lines.get(0));
  }

  @Test
  void compareWritesTheTableAsCsvAndMarkdownAndThePlots() throws IOException {
    Path out = dir.resolve("results");
    Run r = run("compare", "--scenario", file("tiny.yaml", TINY_FAULTS), "--mode", "crash", "--seeds", "2",
        "--out", out.toString(), "--threads", "2", "--quiet");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("mode   n  faults  runs  completed  req/s (sim)  p50 ms  p90 ms  p99 ms  msgs/req"
        + "  bytes/req  signed/req  verified/req  violations"), r.out());
    assertTrue(r.out().contains("violations: none"), r.out());

    List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
    assertEquals("mode,replicas,faults,runs,requests_completed,throughput_req_per_s,latency_p50_ms,latency_p90_ms,"
        + "latency_p99_ms,messages_per_request,bytes_per_request,signatures_made_per_request,"
        + "signatures_verified_per_request,violations", csv.get(0));
    assertEquals(List.of("crash,3,none,2,", "crash,3,faults,2,", "crash,5,none,2,", "crash,5,faults,2,"),
        csv.subList(1, csv.size()).stream().map(l -> l.substring(0, l.indexOf(",2,") + 3)).toList());
    assertTrue(csv.stream().skip(1).allMatch(l -> l.endsWith(",0")), "no violations: " + csv);

    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(1 + 8, runs.size());
    assertTrue(runs.get(0).startsWith("mode,replicas,faults,seed,"), runs.get(0));

    String md = Files.readString(out.resolve("compare.md"));
    assertTrue(md.startsWith("# bft-paxos compare"), md);
    assertTrue(md.contains("| mode | n | faults | runs | completed | req/s (sim) |"), md);
    assertTrue(md.contains("| crash | 5 | faults | 2 |"), md);

    for (String plot : List.of("throughput.png", "throughput.svg", "latency.png", "latency.svg")) {
      Path p = out.resolve(plot);
      assertTrue(Files.size(p) > 1000, plot + " written");
    }
    assertEquals(800, ImageIO.read(out.resolve("throughput.png").toFile()).getWidth());
    assertTrue(Files.readString(out.resolve("latency.svg")).contains("crash n=5"), "the SVG names the groups");
    List<String> wrote = r.out().lines().filter(l -> l.startsWith("wrote ")).toList();
    assertEquals(2, wrote.size(), r.out());
    assertTrue(wrote.get(0).startsWith("wrote " + out.resolve("compare.csv") + ", "), wrote.get(0));
    assertEquals("wrote " + out.resolve("throughput.png") + ", " + out.resolve("throughput.svg") + ", "
        + out.resolve("latency.png") + ", " + out.resolve("latency.svg"), wrote.get(1));
    assertEquals("", r.err());
  }

  @Test
  void compareTakesSeedsFromTheScenarioFileSkipsPlotsOnRequestAndRefusesTooSmallByzantine() throws IOException {
    Path out = dir.resolve("r2");
    String f = file("seeded.yaml", SMALL + "seeds: {count: 1, base: 9}\n");
    Run r = run("compare", "--scenario", f, "--mode", "crash", "--replicas", "3", "--out", out.toString(), "-q", "--no-plots");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(Files.exists(out.resolve("compare.csv")));
    assertFalse(Files.exists(out.resolve("throughput.png")) || Files.exists(out.resolve("latency.svg")), "--no-plots");
    assertFalse(r.out().contains(".png"), r.out());
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(3, runs.size());
    assertTrue(runs.get(1).startsWith("crash,3,none,9,") && runs.get(2).startsWith("crash,3,faults,9,"), runs.toString());

    Run byz = run("compare", "--mode", "byzantine", "--replicas", "3", "--out", out.toString());
    assertEquals(ExitCodes.BAD_INPUT, byz.exitCode());
    assertTrue(byz.err().contains("Byzantine mode needs at least 4 replicas"), byz.err());
  }

  @Test
  void checkHistoryCallsTheChecker() throws IOException {
    Run r = run("check-history", file("h.jsonl", "{\"type\":\"invoke\",\"process\":1,\"f\":\"get\",\"key\":\"k\"}\n"));
    // The placeholder checker answers 2 and "not available"; the real one decides for itself.
    assertTrue(r.exitCode() == 2 || r.exitCode() == 0 || r.exitCode() == 1, r.toString());
    assertTrue(!(r.out() + r.err()).isEmpty(), "the checker's output reaches picocli's writers");
    assertEquals(ExitCodes.BAD_INPUT, run("check-history").exitCode());
  }

  static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in\n" + text)).substring(prefix.length());
  }

  /** Splits a command line as a POSIX shell would, for words and single-quoted strings. */
  static List<String> shellWords(String line) {
    return ShellWords.split(line);
  }
}
