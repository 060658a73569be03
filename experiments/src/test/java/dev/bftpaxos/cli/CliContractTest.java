package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command-line contract, for every subcommand registered in {@link Main}: {@code --help} exits
 * 0 and explains the command and its exit codes; one bad input per command exits 2 with an error
 * that names the command and the bad input; unknown commands exit 2 with or without
 * {@code --help}. Subcommands are found through picocli, so a command added later is covered as
 * soon as it is registered, and fails here until it has a bad-input case in {@link #BAD_INPUT}.
 * The papercuts of issue 15 are pinned down at the end.
 */
class CliContractTest {
  @TempDir
  Path dir;

  /**
   * One bad input per command: the arguments after {@code bft-paxos}, and the text the error
   * must contain (the bad value or option, so the user sees what to fix). {@code {dir}} is a
   * fresh folder with nothing in it.
   */
  record BadInput(List<String> args, String named) {}

  static final Map<String, BadInput> BAD_INPUT = Map.ofEntries(
      Map.entry("simulate", bad("nope", "simulate", "--variant", "nope")),
      Map.entry("compare", bad("paxos", "compare", "--mode", "paxos")),
      Map.entry("attack", bad("replica 9", "attack", "--faulty", "9=silent-node")),
      Map.entry("matrix", bad("paxos", "matrix", "--sizes", "paxos:3")),
      Map.entry("behaviours", bad("extra", "behaviours", "extra")),
      Map.entry("check-history", bad("{dir}/none.jsonl", "check-history", "{dir}/none.jsonl")),
      Map.entry("bench", bad("paxos", "bench", "--mode", "paxos")),
      Map.entry("keygen", bad("--replicas", "keygen", "--replicas", "0", "--out", "{dir}/keys")),
      Map.entry("verify-certificate", bad("{dir}/config.json", "verify-certificate", "{dir}/c.json", "--config",
          "{dir}/config.json")),
      Map.entry("jmh", bad("NoSuchBenchmark", "jmh", "NoSuchBenchmark")),
      Map.entry("merge", bad("{dir}/none", "merge", "{dir}/none")),
      Map.entry("replica", bad("{dir}/none.yaml", "replica", "--config", "{dir}/none.yaml", "--id", "0")),
      Map.entry("put", bad("{dir}/none.yaml", "put", "--config", "{dir}/none.yaml", "--client-key", "{dir}/c.key",
          "k", "v")),
      Map.entry("get", bad("{dir}/none.yaml", "get", "--config", "{dir}/none.yaml", "--client-key", "{dir}/c.key",
          "k")),
      Map.entry("status", bad("{dir}/none.yaml", "status", "--config", "{dir}/none.yaml", "--client-key",
          "{dir}/c.key")),
      Map.entry("delete", bad("--timeout-ms", "delete", "--config", "{dir}/none.yaml", "--client-key",
          "{dir}/c.key", "--timeout-ms", "0", "k")),
      Map.entry("cas", bad("{dir}/none.yaml", "cas", "--config", "{dir}/none.yaml", "--client-key", "{dir}/c.key",
          "--key", "k", "--expect-absent", "--value", "v")),
      Map.entry("load", bad("--clients", "load", "--config", "{dir}/none.yaml", "--clients", "0")),
      Map.entry("profile", bad("--duration", "profile", "--config", "{dir}/none.yaml", "--duration", "1s")),
      Map.entry("reconfigure", bad("--timeout-ms", "reconfigure", "--config", "{dir}/none.yaml", "--client-key",
          "{dir}/c.key", "--add", "3", "--timeout-ms", "0")),
      Map.entry("cluster", bad("--n 2", "cluster", "--mode", "crash", "--n", "2", "--dir", "{dir}/c")),
      Map.entry("help", bad("no-such-command", "help", "no-such-command")));

  private static BadInput bad(String named, String... args) {
    return new BadInput(List.of(args), named);
  }

  record Run(int exitCode, String out, String err) {
    String all() {
      return "exit " + exitCode + "\nout:\n" + out + "err:\n" + err;
    }
  }

  static Run run(String stdin, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run("", List.of(args));
  }

  static Stream<String> commands() {
    return Main.commandLine().getSubcommands().keySet().stream();
  }

  @ParameterizedTest(name = "{0} --help")
  @MethodSource("commands")
  void helpExitsZeroAndListsTheExitCodes(String command) {
    Run r = run(command, "--help");
    assertEquals(ExitCodes.OK, r.exitCode(), r.all());
    assertTrue(r.out().contains("Usage: bft-paxos " + command), r.all());
    assertTrue(r.out().contains("Exit codes:"), "the help of " + command + " lists its exit codes\n" + r.all());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+2\\s+.*")), "exit code 2 is explained\n" + r.all());
    assertEquals("", r.err(), r.all());
  }

  /** picocli reports a description it cannot format (a lone % in it) on System.err itself, then prints it raw. */
  @ParameterizedTest(name = "{0} --help formats")
  @MethodSource("commands")
  void helpFormatsWithoutPicocliWarnings(String command) {
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      run(command, "--help");
    } finally {
      System.setErr(before);
    }
    String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(warnings.contains("picocli WARN"), command + " --help: " + warnings);
  }

  @ParameterizedTest(name = "{0}: bad input")
  @MethodSource("commands")
  void badInputExitsTwoNamingTheCommandAndTheInput(String command) {
    BadInput b = BAD_INPUT.get(command);
    if (b == null) {
      fail("'" + command + "' has no bad-input case: add one to CliContractTest.BAD_INPUT, e.g. Map.entry(\""
          + command + "\", bad(\"<text the error must name>\", \"" + command + "\", \"<bad arguments>...\"))");
    }
    List<String> args = b.args().stream().map(this::withDir).toList();
    Run r = run("", args);
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), args + "\n" + r.all());
    assertTrue(r.err().contains(withDir(b.named())), "the error names '" + withDir(b.named()) + "'\n" + r.all());
    String qualified = command.equals("help") ? "bft-paxos" : "bft-paxos " + command;
    assertTrue(r.err().startsWith(qualified + ": "), "the error starts with '" + qualified + ": '\n" + r.all());
    assertFalse(r.err().contains("Exception"), "no stack trace\n" + r.all());
  }

  /** jmh hands every option to JMH, which names it without its dashes. */
  @ParameterizedTest(name = "{0} --no-such-option")
  @MethodSource("commands")
  void anUnknownOptionExitsTwoNamingIt(String command) {
    Run r = run(command, "--no-such-option");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
    assertTrue(r.err().contains("no-such-option"), r.all());
  }

  @Test
  void everyBadInputCaseBelongsToARegisteredCommand() {
    TreeSet<String> stale = new TreeSet<>(BAD_INPUT.keySet());
    stale.removeAll(Main.commandLine().getSubcommands().keySet());
    assertEquals(new TreeSet<>(), stale, "cases for commands that are not registered in Main");
  }

  // ------------------------------------------------------------------ the papercuts of issue 15

  /** 1: an unknown subcommand, with or without --help, names itself and exits 2. */
  @Test
  void anUnknownCommandExitsTwoWithOrWithoutHelp() {
    for (List<String> args : List.of(List.of("no-such-command"), List.of("no-such-command", "--help"),
        List.of("--help", "no-such-command"), List.of("help", "no-such-command"), List.of("no-such-command", "-h"))) {
      Run r = run("", args);
      assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), args + "\n" + r.all());
      assertTrue(r.err().startsWith("bft-paxos: unknown command 'no-such-command' (commands: simulate, "), r.all());
      assertEquals("", r.out(), "no help on stdout, where a script would take it for an answer\n" + r.all());
    }
    Run extra = run("simulate", "--help", "stray");
    assertEquals(ExitCodes.BAD_INPUT, extra.exitCode(), extra.all());
    assertTrue(extra.err().contains("'stray'"), extra.all());
    Run none = run();
    assertEquals(ExitCodes.BAD_INPUT, none.exitCode(), none.all());
    assertTrue(none.err().contains("missing command") && none.err().contains("Commands:"), none.all());
  }

  /** 2: without --n, a mode's smallest cluster: 3 in crash mode, 4 in Byzantine mode. */
  @Test
  void aModeWithoutASizeRunsItsSmallestCluster() throws IOException {
    Run byz = run("simulate", "--mode", "byzantine", "--duration", "100ms", "--json");
    assertEquals(ExitCodes.OK, byz.exitCode(), byz.all());
    assertTrue(byz.out().contains("\"mode\":\"byzantine\",\"replicas\":4,"), byz.all());
    Run crash = run("simulate", "--scenario", "byzantine-basic", "--mode", "crash", "--duration", "100ms", "--json");
    assertEquals(ExitCodes.OK, crash.exitCode(), crash.all());
    assertTrue(crash.out().contains("\"mode\":\"crash\",\"replicas\":3,"), crash.all());
    Run attack = run("attack", "--mode", "byzantine", "--seeds", "1", "--out", dir.toString(), "-q");
    assertEquals(ExitCodes.OK, attack.exitCode(), attack.all());
    assertTrue(attack.out().contains("n=4 (byzantine mode)"), attack.all());
    // A scenario file that says "mode: byzantine" and no size is valid; one that names a size keeps it.
    Path file = Files.writeString(dir.resolve("byz.yaml"), "mode: byzantine\ndurationMicros: 100ms\n");
    Run fromFile = run("simulate", "--scenario", file.toString(), "--json");
    assertEquals(ExitCodes.OK, fromFile.exitCode(), fromFile.all());
    assertTrue(fromFile.out().contains("\"replicas\":4,"), fromFile.all());
    Path three = Files.writeString(dir.resolve("three.yaml"), "replicas: 3\n");
    Run tooSmall = run("simulate", "--scenario", three.toString(), "--mode", "byzantine");
    assertEquals(ExitCodes.BAD_INPUT, tooSmall.exitCode(), tooSmall.all());
    assertTrue(tooSmall.err().contains("needs at least 4 replicas") && tooSmall.err().contains("give --n"),
        tooSmall.all());
  }

  /** 3: the wrapper's build output, on a rebuild, holds no terminal escape codes. */
  @Test
  void theWrappersRebuildPrintsNoEscapeCodes() throws Exception {
    WrapperProject.Result r = WrapperProject.rebuild(dir.resolve("wrapper"));
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("fake-bft-paxos --version\n", r.stdout(), "only the command's output on stdout\n" + r.stderr());
    assertTrue(r.stderr().contains("bft-paxos: building "), r.stderr());
    assertFalse(r.stderr().contains("\u001b"), "escape codes in the build output:\n" + r.stderr().replace("\u001b", "ESC"));
  }

  /** 4: check-history takes several files and '-', one verdict line each, the worst exit code. */
  @Test
  void checkHistoryChecksSeveralFilesAndStandardInput() throws IOException {
    String good = "{\"type\":\"invoke\",\"process\":1,\"f\":\"put\",\"key\":\"a\",\"value\":1}\n"
        + "{\"type\":\"ok\",\"process\":1,\"f\":\"put\",\"key\":\"a\",\"value\":1}\n";
    String stale = good + "{\"type\":\"invoke\",\"process\":2,\"f\":\"get\",\"key\":\"a\"}\n"
        + "{\"type\":\"ok\",\"process\":2,\"f\":\"get\",\"key\":\"a\",\"value\":7}\n";
    Path a = Files.writeString(dir.resolve("a.jsonl"), good);
    Path b = Files.writeString(dir.resolve("b.jsonl"), stale);
    Path c = Files.writeString(dir.resolve("c.jsonl"), "{oops\n");

    Run allGood = run(good, List.of("check-history", a.toString(), "-"));
    assertEquals(0, allGood.exitCode(), allGood.all());
    assertEquals(a + ": LINEARIZABLE\n-: LINEARIZABLE\n", allGood.out(), allGood.all());

    Run mixed = run(good, List.of("check-history", a.toString(), c.toString(), b.toString(), "-"));
    assertEquals(1, mixed.exitCode(), "not linearizable is the worst verdict\n" + mixed.all());
    List<String> verdicts = mixed.out().lines().filter(l -> !l.startsWith(" ") && !l.isEmpty()).toList();
    assertEquals(List.of(a + ": LINEARIZABLE", c + ": BAD INPUT", b + ": NOT LINEARIZABLE", "-: LINEARIZABLE"), verdicts,
        mixed.all());
    assertTrue(mixed.err().contains(c + ": malformed history: line 1"), mixed.all());
    assertTrue(mixed.err().contains("checked 4 histories: 2 linearizable, 1 not linearizable, 0 unknown, 1 bad input"),
        mixed.all());

    Run badBeatsGood = run("", List.of("check-history", a.toString(), c.toString()));
    assertEquals(ExitCodes.BAD_INPUT, badBeatsGood.exitCode(), badBeatsGood.all());
    Run twice = run(good, List.of("check-history", "-", "-"));
    assertEquals(ExitCodes.BAD_INPUT, twice.exitCode(), twice.all());
    assertTrue(twice.err().contains("more than once"), twice.all());
    Run one = run(stale, List.of("check-history", "-"));
    assertEquals(1, one.exitCode(), one.all());
    assertTrue(one.out().startsWith("NOT LINEARIZABLE\n"), "one file: the verdict unprefixed, as before\n" + one.all());
  }

  /** 5: a certificate is read only in its canonical form: an upper-case digest is refused. */
  @Test
  void anUpperCaseDigestIsRefused() throws IOException {
    Path certs = dir.resolve("certs");
    Run sim = run("simulate", "--scenario", "byzantine-basic", "--scheme", "ed25519", "--clients", "1", "--requests", "1",
        "--export-certificates", certs.toString());
    assertEquals(ExitCodes.OK, sim.exitCode(), sim.all());
    Path cert = certs.resolve("slot-0000001.json");
    String config = certs.resolve("config.json").toString();
    assertEquals(ExitCodes.OK, run("verify-certificate", cert.toString(), "--config", config).exitCode());

    String text = Files.readString(cert);
    String digest = text.replaceAll("(?s).*\"digest\": \"([0-9a-f]{64})\".*", "$1");
    assertTrue(digest.matches(".*[a-f].*"), "the digest has letters to raise: " + digest);
    Path upper = Files.writeString(dir.resolve("upper.json"), text.replace(digest, digest.toUpperCase(java.util.Locale.ROOT)));
    Run r = run("verify-certificate", upper.toString(), "--config", config);
    assertEquals(1, r.exitCode(), r.all());
    assertTrue(r.out().startsWith("INVALID: MALFORMED_FILE: field \"digest\" must be lowercase hex"), r.all());
  }

  private String withDir(String s) {
    return s.replace("{dir}", dir.toString());
  }
}
