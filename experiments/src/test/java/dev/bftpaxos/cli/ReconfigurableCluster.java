package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ClusterTuning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the real-process reconfiguration tests share ({@link ReconfigureRealClusterTest},
 * {@link RotateKeyRealClusterTest}): a cluster file in one folder whose reconfigurer client is the
 * only one allowed to reconfigure, its replica processes (started through the command line, so
 * {@code replica --export-certificates} is there; killed by {@link #close}), a closed-loop load
 * with a history, and waits on the replicas' status lines.
 */
final class ReconfigurableCluster implements AutoCloseable {
  static final int RECONFIGURER = 1000;
  static final int LOAD_CLIENTS = 3;
  /** A client with a key but not in reconfigureClients (and not one of the load's). */
  static final int OUTSIDER = RECONFIGURER + LOAD_CLIENTS + 1;
  static final long CONVERGE_MILLIS = 30_000;

  final Path dir;
  final Path cfg;
  final ClusterMode mode;
  private final List<Process> processes = new ArrayList<>();

  private ReconfigurableCluster(Path dir, Path cfg, ClusterMode mode) {
    this.dir = dir;
    this.cfg = cfg;
    this.mode = mode;
  }

  /**
   * Writes {@code replicas} replicas into {@code dir} (keys, as {@link LoopbackReplicas} writes them,
   * and {@code cluster.yaml}) of which the first {@code members} are the first configuration; client
   * keys for the reconfigurer (the only one allowed to reconfigure), the load and an outsider.
   */
  static ReconfigurableCluster write(Path dir, ClusterMode mode, int replicas, int members) throws Exception {
    LoopbackReplicas.Keys keys = LoopbackReplicas.write(dir, 11, replicas, RECONFIGURER, OUTSIDER - RECONFIGURER + 1);
    Path cfg = dir.resolve("cluster.yaml");
    // The real-cluster timeouts (a loaded 2-core machine).
    ClusterConfig c = new ClusterConfig(cfg, mode, "ed25519", keys.publicConfiguration(), 1 << 20, keys.entries(),
        ClusterTuning.REAL_CLUSTER_DEFAULTS, dev.bftpaxos.replica.transport.LinkShaping.NONE,
        ClusterConfig.allOf(members), List.of((long) RECONFIGURER));
    Files.writeString(cfg, ClusterConfigFile.format(c, dir));
    if (members < replicas) { // every replica a member: the file has no members: line
      assertTrue(Files.readString(cfg).contains("members: " + ClusterConfig.allOf(members)), Files.readString(cfg));
    }
    return new ReconfigurableCluster(dir, cfg, mode);
  }

  boolean byzantine() {
    return mode == ClusterMode.BYZANTINE;
  }

  /** The reconfigurer's private key file. */
  String reconfigurerKey() {
    return dir.resolve("client-" + RECONFIGURER + ".key").toString();
  }

  /**
   * Starts replicas 0..count-1 ({@code replica --config --id}); in Byzantine mode each exports its
   * commit certificates to {@link #certificates}.
   */
  void start(int count) throws IOException {
    for (int r = 0; r < count; r++) {
      List<String> replica = new ArrayList<>(List.of("replica", "--config", cfg.toString(), "--id",
          Integer.toString(r)));
      if (byzantine()) { // crash mode has no certificates to export
        replica.addAll(List.of("--export-certificates", certificates(r).toString()));
      }
      processes.add(LoopbackReplicas.launchCommand(dir, r, replica.toArray(String[]::new)));
    }
  }

  /**
   * Waits (bounded) until replicas 0..count-1 all answer status naming a configuration: started,
   * connected and past their first status line (on a busy machine that can take ten seconds).
   */
  void awaitUp(int count) throws InterruptedException {
    awaitStatus("replicas 0.." + (count - 1) + " up", lines -> java.util.stream.IntStream.range(0, count)
        .allMatch(r -> lines.getOrDefault(r, "").contains(" config=C")));
  }

  /** Where replica {@code r} exports its commit certificates. */
  Path certificates(int r) {
    return dir.resolve("certs").resolve("replica-" + r);
  }

  /** Replica {@code r}'s exported commit certificate of the highest slot. */
  Path latestCertificate(int r) throws IOException {
    try (var files = Files.list(certificates(r))) {
      return files.filter(f -> f.getFileName().toString().startsWith("slot-")).max(Path::compareTo).orElseThrow();
    }
  }

  Path history() {
    return dir.resolve("history.jsonl");
  }

  /** Where the load writes load.json and load.csv (its per-second series). */
  Path loadReports() {
    return dir.resolve("load");
  }

  /**
   * A closed-loop load of {@link #LOAD_CLIENTS} clients for {@code duration} (no warm-up), half
   * reads, over 20 keys, writing {@link #history()}; runs in the background.
   */
  CompletableFuture<CliContractTest.Run> startLoad(String duration) {
    return CompletableFuture.supplyAsync(() -> CliContractTest.run("load", "--config", cfg.toString(), "--clients",
        Integer.toString(LOAD_CLIENTS), "--client-id-base", Integer.toString(RECONFIGURER + 1), "--duration",
        duration, "--warmup", "0s", "--keys", "20", "--read-ratio", "0.5", "--history", history().toString(), "--out",
        loadReports().toString(), "-q"));
  }

  /** The load's history, kills included, checks linearizable. */
  void assertHistoryLinearizable() {
    CliContractTest.Run check = CliContractTest.run("check-history", history().toString());
    System.out.println(check.out().lines().findFirst().orElse(""));
    assertEquals(ExitCodes.OK, check.exitCode(), check.all());
    assertTrue(check.out().startsWith("LINEARIZABLE"), check.all());
  }

  /** Waits (bounded) until each of {@code replicas} reports a stable checkpoint at or above {@code slot}. */
  void awaitCheckpoint(long slot, int... replicas) throws InterruptedException {
    Pattern checkpoint = Pattern.compile(" checkpoint=(\\d+) ");
    awaitStatus("a stable checkpoint at or above slot " + slot + " at replicas "
        + java.util.Arrays.toString(replicas), lines -> java.util.Arrays.stream(replicas).allMatch(r -> {
          Matcher m = checkpoint.matcher(lines.getOrDefault(r, ""));
          return m.find() && Long.parseLong(m.group(1)) >= slot;
        }));
  }

  /**
   * Asks every replica for its status line until {@code done} holds for them (replica id to line),
   * at most {@link #CONVERGE_MILLIS}; fails naming {@code what} with the last answers otherwise.
   */
  void awaitStatus(String what, Predicate<Map<Integer, String>> done) throws InterruptedException {
    Pattern replica = Pattern.compile("^status replica=(\\d+) ");
    long deadline = System.currentTimeMillis() + CONVERGE_MILLIS;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      CliContractTest.Run s = CliContractTest.run("status", "--config", cfg.toString(), "--client-key",
          reconfigurerKey(), "--timeout-ms", "2000");
      last = s.all();
      Map<Integer, String> lines = new HashMap<>();
      for (String line : s.out().lines().toList()) {
        Matcher m = replica.matcher(line);
        if (m.find()) {
          lines.put(Integer.parseInt(m.group(1)), line + " ");
        }
      }
      if (done.test(lines)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("never saw " + what + ":\n" + last);
  }

  /** The last 15 lines of each of {@code replicas}' output, for a failure message. */
  String tails(int... replicas) {
    StringBuilder b = new StringBuilder();
    for (int r : replicas) {
      b.append("--- replica ").append(r).append(":\n");
      try {
        List<String> lines = Files.readAllLines(dir.resolve("replica-" + r + ".out"));
        lines.subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> b.append(l, 0, Math.min(l.length(), 400)).append('\n'));
      } catch (IOException e) {
        b.append(e).append('\n');
      }
    }
    return b.toString();
  }

  /** SIGKILL (kill -9) of replica {@code r}'s process. */
  void kill(int r) throws InterruptedException {
    processes.get(r).destroyForcibly();
    assertTrue(processes.get(r).waitFor(10, TimeUnit.SECONDS), "replica " + r + " did not die");
  }

  /** Kills every replica process this cluster started (each by its own handle). */
  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
