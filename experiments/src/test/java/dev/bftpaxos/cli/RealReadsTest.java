package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterTuning;
import dev.bftpaxos.replica.config.ClusterMode;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every read kind on real replica processes (127.0.0.1, one JVM each), through the real client
 * library: written keys read back by each kind (stale: eventually, at a slot at or above the one a
 * log read of the same key had), crash linearizable and lease reads served outside the log,
 * Byzantine linearizable reads served by a quorum of matching signed answers and Byzantine lease
 * reads sent through the log, crash lease reads refused at once (no clock drift bound configured); then {@code load --read-kind mixed --history} for two seconds, whose
 * history {@code check-history} finds linearizable, its stale reads each consistent with the slot it claims. Every wait is bounded;
 * every process is killed by its own handle afterwards.
 */
class RealReadsTest {
  private static final long OP_MILLIS = 10_000;
  private static final long STALE_WAIT_MILLIS = 5_000;
  private static final int CLIENT = 1000;
  private static final int KEYS = 5;

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0} n={1}")
  @CsvSource({"CRASH, 3", "BYZANTINE, 4"})
  void everyReadKindReturnsTheWrittenValue(ClusterMode mode, int n) throws Exception {
    Path cfgFile = writeCluster(mode, n);
    ClusterConfig config = ClusterConfigFile.read(cfgFile);
    ClusterKeys keys = ClusterKeys.read(config);
    MemberKey clientKey = KeyFiles.readPrivateKey(dir.resolve("client-" + CLIENT + ".key"), keys.scheme());
    for (int r = 0; r < n; r++) {
      launch(cfgFile, r);
    }
    boolean byzantine = mode == ClusterMode.BYZANTINE;
    int outsideLogLinearizable = 0;
    try (KvClient client = new KvClient(config, keys, clientKey.signer(keys.scheme()), CLIENT)) {
      for (int i = 0; i < KEYS; i++) {
        assertEquals(new KvResult.Ok(), client.put("k" + i, "v" + i).get(OP_MILLIS, TimeUnit.MILLISECONDS));
      }
      for (int i = 0; i < KEYS; i++) {
        KvResult.Value want = new KvResult.Value("v" + i);
        KvClient.ReadResult log = client.get("k" + i, null).get(OP_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(want, log.result());
        assertTrue(log.throughLog());

        long deadline = System.currentTimeMillis() + STALE_WAIT_MILLIS;
        KvClient.ReadResult stale;
        do {
          stale = client.get("k" + i, Read.Kind.STALE).get(OP_MILLIS, TimeUnit.MILLISECONDS);
          assertFalse(stale.throughLog(), "a stale read is served outside the log");
        } while (!(stale.result().equals(want) && stale.slot() >= log.slot())
            && System.currentTimeMillis() < deadline);
        assertEquals(want, stale.result(), "stale read of k" + i + " never caught up: " + stale);
        assertTrue(stale.slot() >= log.slot(), stale + " reflects a slot below the log read's " + log.slot());

        KvClient.ReadResult lin = client.get("k" + i, Read.Kind.LINEARIZABLE).get(OP_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(want, lin.result());
        if (!lin.throughLog()) {
          outsideLogLinearizable++;
        }

        KvClient.ReadResult lease = client.get("k" + i, Read.Kind.LEASE).get(OP_MILLIS, TimeUnit.MILLISECONDS);
        assertEquals(want, lease.result());
        if (byzantine) {
          assertTrue(lease.throughLog(), "Byzantine mode has no leases: through the log");
        } else {
          // The cluster file assumes a drift bound (timing.clockDriftMaxPermille): the leader answers under its lease.
          assertFalse(lease.throughLog(), "a crash-mode lease read is the leader's, outside the log: " + lease);
        }
      }
      if (byzantine) {
        // A quiet cluster's replicas agree: q matching signed answers, without the log, for most reads.
        assertTrue(outsideLogLinearizable > 0, "no Byzantine linearizable read got q matching answers");
      } else {
        assertEquals(KEYS, outsideLogLinearizable, "crash linearizable reads are the leader's read-index");
      }
      if (!byzantine) {
        leaseRefusedWithoutDriftBound(config, keys, clientKey);
      }
      System.out.printf("%s n=%d: %d of %d linearizable reads outside the log, %d reads through the log%n", mode, n,
          outsideLogLinearizable, KEYS, client.readsThroughLog());
    }

    Path history = dir.resolve("history.jsonl");
    Path reports = dir.resolve("load");
    CliContractTest.Run load = CliContractTest.run("load", "--config", cfgFile.toString(), "--clients", "2",
        "--duration", "2s", "--warmup", "1s", "--keys", "5", "--read-ratio", "0.7", "--read-kind", "mixed",
        "--history", history.toString(), "--out", reports.toString(), "-q");
    System.out.println(mode + " n=" + n + ":\n" + load.out());
    assertEquals(ExitCodes.OK, load.exitCode(), load.all());
    assertTrue(load.out().contains("reads (mixed)"), load.all());
    assertTrue(Files.readString(reports.resolve("load.json")).contains("\"readKind\" : \"mixed\""));
    CliContractTest.Run check = CliContractTest.run("check-history", history.toString());
    assertEquals(ExitCodes.OK, check.exitCode(), check.all());
    assertTrue(check.out().startsWith("LINEARIZABLE"), check.all());
    assertTrue(Files.readString(history).contains("\"read\":\"stale\""), "stale reads are in the history");
    assertTrue(check.out().contains(", each consistent with the slot it claims"), check.all());
  }

  /** The same cluster's file without a drift bound: a client refuses lease reads at once, clearly, not retried for ever. */
  private void leaseRefusedWithoutDriftBound(ClusterConfig config, ClusterKeys keys, MemberKey clientKey)
      throws Exception {
    ClusterConfig noBound = new ClusterConfig(config.file(), config.mode(), config.scheme(),
        config.publicConfigurationFile(), config.frameBytesMax(), config.replicas(),
        config.tuning().with("timing.clockDriftMaxPermille", 0));
    try (KvClient client = new KvClient(noBound, keys, clientKey.signer(keys.scheme()), CLIENT + 1)) {
      assertFalse(client.serves(Read.Kind.LEASE));
      java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.ExecutionException.class,
          () -> client.get("k0", Read.Kind.LEASE).get(OP_MILLIS, TimeUnit.MILLISECONDS));
      assertTrue(e.getCause().getMessage().contains("clock drift"), e.toString());
    }
  }

  private void launch(Path cfg, int id) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ReplicaProcess.class.getName(), cfg.toString(), Integer.toString(id));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("replica-" + id + ".out")
        .toFile()));
    processes.add(pb.start());
  }

  /** Replica keys, and client keys 1000..1002 (the test's client and load's two). */
  private Path writeCluster(ClusterMode mode, int n) throws Exception {
    Ed25519Scheme scheme = Ed25519Scheme.INSTANCE;
    Map<Integer, byte[]> replicaKeys = new HashMap<>();
    List<ReplicaEntry> entries = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      KeyPair kp = scheme.generate(7, Role.REPLICA, r);
      replicaKeys.put(r, kp.publicKey());
      Path key = dir.resolve("replica-" + r + ".key");
      KeyFiles.writePrivateKey(key, new MemberKey(Role.REPLICA, r, kp));
      entries.add(new ReplicaEntry(r, "127.0.0.1", freePort(), key, dir.resolve("data-" + r)));
    }
    Map<Integer, byte[]> clientKeys = new HashMap<>();
    for (int c = CLIENT; c < CLIENT + 3; c++) {
      KeyPair client = scheme.generate(7, Role.CLIENT, c);
      KeyFiles.writePrivateKey(dir.resolve("client-" + c + ".key"), new MemberKey(Role.CLIENT, c, client));
      clientKeys.put(c, client.publicKey());
    }
    Path pub = dir.resolve("config.json");
    KeyFiles.writePublicConfiguration(pub, PublicConfiguration.of(scheme.name(), replicaKeys, clientKeys));
    Path cfg = dir.resolve("cluster.yaml");
    // Crash mode assumes a clock drift bound, so its leaders serve lease reads (Byzantine mode ignores it).
    ClusterConfig c = new ClusterConfig(cfg, mode, scheme.name(), pub, 1 << 20, entries,
        ClusterTuning.CORE_DEFAULTS.with("timing.clockDriftMaxPermille", 10));
    Files.writeString(cfg, ClusterConfigFile.format(c, dir));
    return cfg;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
