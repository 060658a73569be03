package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command-line tools end to end on real processes: {@code cluster} starts a cluster on
 * 127.0.0.1 (a child JVM that starts the replica JVMs), {@code load} runs against it for a few
 * seconds with {@code --history}, its JSON and CSV reports parse, the history passes {@code
 * check-history}, and stopping {@code cluster} with SIGTERM stops every replica it started. Every
 * wait is bounded; whatever is left is killed by its own pid.
 *
 * <p>Tagged {@code real-cluster} like the replica module's RealClusterTest: {@code mvn -B test -pl
 * experiments -am -Preal-cluster -Dtest=ClusterLoadRealClusterTest}.
 */
@Tag("real-cluster")
class ClusterLoadRealClusterTest {
  private static final long START_MILLIS = 90_000;
  private static final long STOP_MILLIS = 20_000;

  @TempDir
  Path tmp;
  private Process cluster;
  private final List<Long> replicaPids = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (cluster != null) {
      cluster.destroyForcibly();
      cluster.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS);
    }
    for (long pid : replicaPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * {@code answers}: whether the cluster must answer within the few seconds measured. A cold
   * Byzantine n=4 on two shared cores sometimes answers nothing for several seconds (its ballot
   * changes from the first request on: docs/OPERATIONS.md, "Measured with cluster and load", an open
   * finding for the core), so there load may exit 3 with an empty measurement; its reports and
   * history must be right either way.
   */
  @ParameterizedTest(name = "{0} n={1}")
  @CsvSource({"crash, 3, true", "byzantine, 4, false"})
  void clusterThenLoadGivesReportsAndALinearizableHistory(String mode, int n, boolean answers) throws Exception {
    Path dir = tmp.resolve("cluster");
    Path clusterOut = tmp.resolve("cluster.out");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "cluster", "--mode", mode,
        "--n", Integer.toString(n), "--dir", dir.toString(), "--clients", "4");
    pb.redirectErrorStream(true).redirectOutput(clusterOut.toFile());
    cluster = pb.start();
    awaitReady(clusterOut, dir, n);
    // Few clients: on two shared cores a cold Byzantine cluster under more keeps changing ballots
    // (docs/OPERATIONS.md, "Measured with cluster and load"), and this test is about the tools.
    for (int i = 0; i < n; i++) {
      replicaPids.add(Long.parseLong(Files.readString(dir.resolve("replica-" + i + ".pid")).trim()));
    }

    Path history = tmp.resolve("history.jsonl");
    Path reports = tmp.resolve("load");
    CliContractTest.Run load = CliContractTest.run("load", "--config", dir.resolve("cluster.yaml").toString(),
        "--clients", "2", "--outstanding", "2", "--duration", "4s", "--warmup", "2s", "--keys", "10",
        "--history", history.toString(), "--out", reports.toString(), "-q");
    System.out.println(mode + " n=" + n + ":\n" + load.out());
    assertTrue(load.out().contains("throughput "), load.all());
    JsonNode json = new ObjectMapper().readTree(reports.resolve("load.json").toFile());
    assertEquals(LoadStats.JSON_FORMAT, json.get("format").asText());
    assertEquals(mode, json.get("settings").get("mode").asText());
    boolean empty = json.get("ops").asLong() == 0 || json.get("timedOut").asLong() + json.get("warmupTimedOut").asLong() > 0;
    if (answers || !empty) {
      assertEquals(ExitCodes.OK, load.exitCode(), load.all());
      assertTrue(json.get("ops").asLong() > 0, json.toString());
      assertTrue(json.get("latency").get("p99Micros").asLong() > 0, json.toString());
    } else {
      assertEquals(ExitCodes.LIVENESS, load.exitCode(), "an empty measurement is exit 3\n" + load.all());
      System.out.println(mode + " n=" + n + ": nothing answered in the measurement (exit 3), see the class comment");
    }
    assertEquals(4, json.get("perSecond").size(), json.toString());
    List<String> csv = Files.readAllLines(reports.resolve("load.csv"));
    assertEquals(LoadStats.CSV_HEADER, csv.get(0));
    assertEquals(5, csv.size(), String.join("\n", csv));
    long csvOps = csv.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[1])).sum();
    assertEquals(json.get("ops").asLong(), csvOps, "the series adds up to the total");

    CliContractTest.Run check = CliContractTest.run("check-history", history.toString());
    assertEquals(ExitCodes.OK, check.exitCode(), check.all());
    assertTrue(check.out().startsWith("LINEARIZABLE"), check.all());

    cluster.destroy(); // SIGTERM: its shutdown hook stops the replicas
    assertTrue(cluster.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS), "cluster did not stop on SIGTERM");
    for (long pid : replicaPids) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      long deadline = System.currentTimeMillis() + STOP_MILLIS;
      while (h.isPresent() && h.get().isAlive() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(h.isPresent() && h.get().isAlive(), "replica pid " + pid + " still runs after cluster stopped");
    }
    assertTrue(Files.readString(clusterOut).contains("stopping " + n + " replicas"), Files.readString(clusterOut));
    for (int i = 0; i < n; i++) {
      assertFalse(Files.exists(dir.resolve("replica-" + i + ".pid")), "pid file of a stopped replica removed");
    }
  }

  /** A replica that cannot start (here: a JVM option that stops every replica JVM at once) stops the run. */
  @org.junit.jupiter.api.Test
  void aReplicaThatDoesNotStartStopsTheOthersAndExitsThree() throws Exception {
    Path dir = tmp.resolve("broken");
    CliContractTest.Run r = CliContractTest.run("cluster", "--mode", "crash", "--n", "3", "--dir", dir.toString(),
        "--clients", "0", "--replica-jvm-option=-Xmx1k", "--start-timeout-ms", "30000");
    assertEquals(ExitCodes.LIVENESS, r.exitCode(), r.all());
    assertTrue(r.err().startsWith("bft-paxos cluster: replica 0 did not start: it exited with code 1"), r.all());
    assertTrue(r.err().contains("Too small maximum heap"), "the end of its log is shown\n" + r.all());
    assertTrue(r.err().contains("stopping the other replicas"), r.all());
    for (int i = 0; i < 3; i++) {
      assertFalse(Files.exists(dir.resolve("replica-" + i + ".pid")), "replica " + i + " stopped, pid file removed");
    }
  }

  /** Until cluster says every replica listens; fails with its output if it exits or takes too long. */
  private void awaitReady(Path out, Path dir, int n) throws Exception {
    long deadline = System.currentTimeMillis() + START_MILLIS;
    while (true) {
      String text = Files.exists(out) ? Files.readString(out) : "";
      if (text.contains("Ctrl-C stops every replica.")) {
        return;
      }
      if (!cluster.isAlive() || System.currentTimeMillis() > deadline) {
        StringBuilder logs = new StringBuilder(text);
        for (int i = 0; i < n; i++) {
          Path log = dir.resolve("replica-" + i + ".log");
          if (Files.exists(log)) {
            logs.append("\n--- replica ").append(i).append('\n').append(Files.readString(log));
          }
        }
        fail("cluster not ready (" + (cluster.isAlive() ? "timed out" : "exited " + cluster.exitValue()) + "):\n"
            + logs);
      }
      Thread.sleep(100);
    }
  }
}
