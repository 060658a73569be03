package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.experiment.RealCompareReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --real} on real processes, in the default run: a crash n=3 cluster measured for a
 * few seconds with one kill -9 (and restart) and one SIGSTOP/SIGCONT. The report files exist, the
 * perturbations happened (the report names the pids killed, paused and restarted, and the killed
 * replica's log shows a second start), the clients' history is linearizable, and no process started
 * is left running. Also the seeded schedule and the option checks, which need no processes.
 */
class CompareRealTest {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");
  @TempDir Path tmp;

  @Test
  void crashThreeWithAKillAndAPauseIsLinearizableAndLeavesNothingRunning() throws Exception {
    Path out = tmp.resolve("real");
    CliContractTest.Run r = CliContractTest.run("compare", "--real", "--mode", "crash", "--replicas", "3",
        "--duration", "7s", "--warmup", "1s", "--perturb", "kill,pause", "--no-baseline", "--clients", "2",
        "--seed", "3", "--out", out.toString(), "-q");
    System.out.println(r.all());
    assertEquals(ExitCodes.OK, r.exitCode(), r.all());
    for (String f : List.of(RealCompareReport.SUMMARY_CSV, RealCompareReport.SUMMARY_MD, RealCompareReport.EVENTS_CSV,
        RealCompareReport.JSON, "throughput.png", "throughput.svg", "latency.png", "latency.svg")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    assertTrue(Files.readString(out.resolve(RealCompareReport.SUMMARY_MD)).contains("real processes, 127.0.0.1"));
    assertTrue(Files.readString(out.resolve("throughput.svg")).contains("real processes, 127.0.0.1"));

    JsonNode json = new ObjectMapper().readTree(out.resolve(RealCompareReport.JSON).toFile());
    assertEquals(1, json.get("runs").size(), json.toPrettyString());
    JsonNode run = json.get("runs").get(0);
    assertEquals("LINEARIZABLE", run.get("verdict").asText(), "the checker's verdict on the history");
    assertTrue(run.get("historyOperations").asInt() > 0, run.toString());
    assertTrue(run.get("ops").asLong() > 0, run.toString());
    List<String> kinds = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    for (JsonNode e : run.get("events")) {
      kinds.add(e.get("kind").asText());
      Matcher m = PID.matcher(e.get("outcome").asText());
      while (m.find()) {
        pids.add(Long.parseLong(m.group(1)));
      }
      if (e.get("kind").asText().equals("kill")) {
        assertTrue(e.get("outcome").asText().contains("restarted as pid"), e.toString());
        int killed = e.get("targets").get(0).asInt();
        Path log = out.resolve("runs/crash-n3-perturbed/replica-" + killed + ".log");
        long starts = Files.readAllLines(log).stream().filter(l -> l.contains(LocalCluster.LISTENING)).count();
        assertEquals(2, starts, "the killed replica started twice, on its data directory: " + log);
      }
    }
    assertEquals(List.of("kill", "pause"), kinds.stream().sorted().toList(), run.toString());
    assertEquals(3, pids.size(), "killed, restarted and paused pids: " + pids);
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
    }
    try (Stream<Path> files = Files.list(out.resolve("runs/crash-n3-perturbed"))) {
      assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".pid")).toList(), "pid files of stopped replicas removed");
    }
  }

  @Test
  void theSameSeedDrawsTheSameScheduleAndTheSizeMovesOnlyTheIds() {
    List<Perturbation.Kind> all = List.of(Perturbation.Kind.values());
    List<Perturbation> a = PerturbationSchedule.draw(7, 3, all, 20_000, 3);
    assertEquals(a, PerturbationSchedule.draw(7, 3, all, 20_000, 3));
    assertNotEquals(a, PerturbationSchedule.draw(8, 3, all, 20_000, 3));
    List<Perturbation> five = PerturbationSchedule.draw(7, 5, all, 20_000, 3);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).atMillis(), five.get(i).atMillis());
      assertEquals(a.get(i).kind(), five.get(i).kind());
      assertEquals(a.get(i).leader(), five.get(i).leader());
    }
    assertEquals(3, a.stream().map(Perturbation::kind).distinct().count(), "each kind once: " + a);
    for (int i = 1; i < a.size(); i++) {
      assertTrue(a.get(i - 1).atMillis() + a.get(i - 1).lengthMillis() < a.get(i).atMillis(), "no overlap: " + a);
    }
    assertEquals(List.of(4, 1), new Perturbation(Perturbation.Kind.PARTITION, 0, 1, true, 0, List.of(4, 1, 0, 2, 3))
        .targets(4, 2), "a partition's minority: the target, filled up to f from the seeded order");
  }

  @Test
  void badRealOptionsAreExitTwoNamingTheOption() {
    assertBad("--seeds", "compare", "--real", "--seeds", "3");
    assertBad("--duration", "compare", "--duration", "5s");
    assertBad("--perturb", "compare", "--real", "--perturb", "flood");
    assertBad("--events", "compare", "--real", "--duration", "5s", "--events", "4");
    assertBad("--duration", "compare", "--real", "--duration", "5");
    assertBad("--faulty", "compare", "--real", "--faulty", "9=silent-node");
    assertBad("--perturb", "compare", "--real", "--reads", "--perturb", "kill");
  }

  private static void assertBad(String option, String... args) {
    CliContractTest.Run r = CliContractTest.run(args);
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
    assertTrue(r.err().contains(option), "names " + option + ": " + r.all());
  }
}
