package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ClusterTuning;
import dev.bftpaxos.replica.config.ReplicaEntry;
import dev.bftpaxos.replica.node.ClusterKeys;
import dev.bftpaxos.replica.node.ReplicaProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's real-process test: a crash-mode cluster of replicas 0, 1, 2 with replica 3 running as
 * a spare; under a closed-loop load, {@code reconfigure --replace 2 --with 3}, then {@code kill -9}
 * of replica 2 (removed: costs nothing) and of replica 0, so only {1, 3} are left: the new
 * configuration's majority, which holds only if replica 3 caught up and counts. Nothing
 * acknowledged is lost (the load's history, kills included, is linearizable), the cluster still
 * answers, and the two survivors reach the same state digest.
 */
class ReconfigureRealClusterTest {
  private static final int UNIVERSE = 4;
  private static final int RECONFIGURER = 1000;
  private static final int LOAD_CLIENTS = 3;
  /** A client with a key but not in reconfigureClients (and not one of the load's). */
  private static final int OUTSIDER = RECONFIGURER + LOAD_CLIENTS + 1;
  private static final long OP_MILLIS = 15_000;
  private static final long CONVERGE_MILLIS = 20_000;
  private static final Pattern STATUS = Pattern.compile("status replica=(\\d+) .*?executed=(\\d+) .*?digest=(\\w+)");

  @TempDir Path dir;
  private final Process[] processes = new Process[UNIVERSE];

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes) {
      if (p != null) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void replacingAReplicaUnderLoadLosesNothingAndTheNewMemberCounts() throws Exception {
    Path cfgFile = writeCluster();
    for (int r = 0; r < UNIVERSE; r++) {
      launch(cfgFile, r);
    }
    Path history = dir.resolve("history.jsonl");
    Path reports = dir.resolve("load");
    CompletableFuture<CliContractTest.Run> load = CompletableFuture.supplyAsync(() -> CliContractTest.run("load",
        "--config", cfgFile.toString(), "--clients", Integer.toString(LOAD_CLIENTS), "--client-id-base",
        Integer.toString(RECONFIGURER + 1), "--duration", "14s", "--warmup", "0s", "--keys", "20", "--read-ratio",
        "0.5", "--history", history.toString(), "--out", reports.toString(), "-q"));
    Thread.sleep(3_000);
    CliContractTest.Run outsider = CliContractTest.run("reconfigure", "--config", cfgFile.toString(), "--client-key",
        dir.resolve("client-" + OUTSIDER + ".key").toString(), "--add", "3", "--timeout-ms", "30000");
    assertEquals(ExitCodes.BAD_INPUT, outsider.exitCode(), outsider.all());
    assertTrue(outsider.out().contains("refused: configuration change from a client not allowed to reconfigure"),
        outsider.all());
    String key = dir.resolve("client-" + RECONFIGURER + ".key").toString();
    CliContractTest.Run reconf = CliContractTest.run("reconfigure", "--config", cfgFile.toString(), "--client-key", key,
        "--replace", "2", "--with", "3", "--timeout-ms", "60000");
    System.out.println(reconf.all());
    assertEquals(ExitCodes.OK, reconf.exitCode(), reconf.all());
    assertTrue(reconf.out().contains("add 3: decided") && reconf.out().contains("remove 2: decided")
        && reconf.out().contains("active:"), reconf.all());

    // Replica 2 is out of every quorum now, and with 0 gone too only {1, 3} remain: a majority of
    // {0, 1, 3} only if replica 3 votes.
    kill(2);
    Thread.sleep(1_000);
    kill(0);

    CliContractTest.Run loaded = load.get(120, TimeUnit.SECONDS);
    System.out.println(loaded.all());
    assertEquals(ExitCodes.OK, loaded.exitCode(), loaded.all());
    CliContractTest.Run check = CliContractTest.run("check-history", history.toString());
    System.out.println(check.out().lines().findFirst().orElse(""));
    assertEquals(ExitCodes.OK, check.exitCode(), check.all());
    assertTrue(check.out().startsWith("LINEARIZABLE"), check.all());

    ClusterConfig config = ClusterConfigFile.read(cfgFile);
    ClusterKeys keys = ClusterKeys.read(config);
    MemberKey own = KeyFiles.readPrivateKey(Path.of(key), keys.scheme());
    // The reconfigurer's id, sequence numbers from the clock: reconfigure used that id with clock sequence numbers
    // too, and a session's requests numbered below its last executed one are answered by nobody.
    try (KvClient client = new KvClient(config, keys, own.signer(keys.scheme()), null, RECONFIGURER,
        KvClient.clockSeq())) {
      assertEquals(new KvResult.Ok(), client.put("after", "replace").get(OP_MILLIS, TimeUnit.MILLISECONDS),
          "replicas 1 and 3 alone still order writes");
      assertEquals(new KvResult.Value("replace"), client.get("after").get(OP_MILLIS, TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("replicas 1 and 3 did not answer in " + OP_MILLIS + " ms\n" + tails(1, 3), e);
    }
    assertSameDigest(cfgFile, key, 1, 3);
  }

  /**
   * Waits (bounded) until replicas {@code a} and {@code b} report the new configuration C2 = {0, 1, 3}
   * and the same executed slot and state digest.
   */
  private void assertSameDigest(Path cfg, String key, int a, int b) throws InterruptedException {
    long deadline = System.currentTimeMillis() + CONVERGE_MILLIS;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      CliContractTest.Run s = CliContractTest.run("status", "--config", cfg.toString(), "--client-key", key,
          "--timeout-ms", "2000");
      last = s.all();
      Map<Integer, String> state = new HashMap<>();
      for (String line : s.out().lines().toList()) {
        Matcher m = STATUS.matcher(line);
        if (m.find() && line.contains(" config=C2 members=0,1,3 ")) { // the status names the new configuration
          state.put(Integer.parseInt(m.group(1)), m.group(2) + "/" + m.group(3));
        }
      }
      if (state.get(a) != null && state.get(a).equals(state.get(b))) {
        System.out.println("replicas " + a + " and " + b + " agree: executed/digest " + state.get(a));
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("replicas " + a + " and " + b + " did not reach the same state:\n" + last);
  }

  private String tails(int... replicas) {
    StringBuilder b = new StringBuilder();
    for (int r : replicas) {
      b.append("--- replica ").append(r).append(":\n");
      try {
        List<String> lines = Files.readAllLines(dir.resolve("replica-" + r + ".out"));
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l, 0, Math.min(l.length(), 400)).append('\n'));
      } catch (java.io.IOException e) {
        b.append(e).append('\n');
      }
    }
    return b.toString();
  }

  private void kill(int r) throws InterruptedException {
    processes[r].destroyForcibly(); // SIGKILL: kill -9
    assertTrue(processes[r].waitFor(10, TimeUnit.SECONDS), "replica " + r + " did not die");
  }

  private void launch(Path cfg, int id) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ReplicaProcess.class.getName(), cfg.toString(), Integer.toString(id));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replica-" + id + ".out")
        .toFile()));
    processes[id] = pb.start();
  }

  /** Four replicas listed, the first three members; client keys for the reconfigurer, the load and an outsider. */
  private Path writeCluster() throws Exception {
    Ed25519Scheme scheme = Ed25519Scheme.INSTANCE;
    Map<Integer, byte[]> replicaKeys = new HashMap<>();
    List<ReplicaEntry> entries = new ArrayList<>();
    for (int r = 0; r < UNIVERSE; r++) {
      KeyPair kp = scheme.generate(11, Role.REPLICA, r);
      replicaKeys.put(r, kp.publicKey());
      Path key = dir.resolve("replica-" + r + ".key");
      KeyFiles.writePrivateKey(key, new MemberKey(Role.REPLICA, r, kp));
      entries.add(new ReplicaEntry(r, "127.0.0.1", freePort(), key, dir.resolve("data-" + r)));
    }
    Map<Integer, byte[]> clientKeys = new HashMap<>();
    for (int c = RECONFIGURER; c <= OUTSIDER; c++) {
      KeyPair client = scheme.generate(11, Role.CLIENT, c);
      KeyFiles.writePrivateKey(dir.resolve("client-" + c + ".key"), new MemberKey(Role.CLIENT, c, client));
      clientKeys.put(c, client.publicKey());
    }
    Path pub = dir.resolve("config.json");
    KeyFiles.writePublicConfiguration(pub, PublicConfiguration.of(scheme.name(), replicaKeys, clientKeys));
    Path cfg = dir.resolve("cluster.yaml");
    // The real-cluster timeouts (a loaded 2-core machine), the first configuration {0, 1, 2}.
    ClusterConfig c = new ClusterConfig(cfg, ClusterMode.CRASH, scheme.name(), pub, 1 << 20, entries,
        ClusterTuning.REAL_CLUSTER_DEFAULTS, dev.bftpaxos.replica.transport.LinkShaping.NONE, List.of(0, 1, 2),
        List.of((long) RECONFIGURER));
    Files.writeString(cfg, ClusterConfigFile.format(c, dir));
    assertTrue(Files.readString(cfg).contains("members: [0, 1, 2]"), Files.readString(cfg));
    return cfg;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
