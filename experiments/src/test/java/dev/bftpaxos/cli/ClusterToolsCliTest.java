package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.config.ReplicaEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs of cas, load and cluster beyond CliContractTest's one each: every one is exit 2
 * with a one-line error naming the option or file, found before any connection or process.
 */
class ClusterToolsCliTest {
  @TempDir
  Path dir;
  private Path cfg;

  /** A crash n=3 cluster file with two client keys (1000, 1001); nothing listens at its ports. */
  @BeforeEach
  void clusterFileWithTwoClients() throws Exception {
    Path keys = dir.resolve("keys");
    KeygenCommand.writeKeys(Ed25519Scheme.INSTANCE, 3, 2, 1000, keys, 7L);
    List<ReplicaEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      entries.add(new ReplicaEntry(i, "127.0.0.1", 1 + i, keys.resolve("replica-" + i + ".key"),
          dir.resolve("data").resolve("" + i)));
    }
    cfg = dir.resolve("cluster.yaml");
    Files.writeString(cfg, ClusterConfigFile.format(new ClusterConfig(cfg, ClusterMode.CRASH, "ed25519",
        keys.resolve("config.json"), 1 << 20, entries), dir));
  }

  private static CliContractTest.Run bad(String named, String... args) {
    CliContractTest.Run r = CliContractTest.run(args);
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.all());
    assertTrue(r.err().startsWith("bft-paxos " + args[0] + ": "), r.all());
    assertTrue(r.err().contains(named), "names '" + named + "'\n" + r.all());
    assertFalse(r.err().contains("Exception"), r.all());
    return r;
  }

  /** keygen --mode writes the cluster file every replica reads: hosts, ports, keys, data, timing. */
  @Test
  void keygenWithAModeWritesAClusterFileTheReplicasRead() throws Exception {
    Path out = dir.resolve("kg");
    CliContractTest.Run r = CliContractTest.run("keygen", "--mode", "byzantine", "--replicas", "4", "--clients", "1",
        "--hosts", "10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4", "--base-port", "9000", "--out", out.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.all());
    ClusterConfig c = ClusterConfigFile.read(out.resolve("cluster.yaml"));
    assertEquals(ClusterMode.BYZANTINE, c.mode());
    assertEquals(4, c.n());
    assertEquals("10.0.0.3", c.replica(2).host());
    assertEquals(9003, c.replica(3).port());
    assertTrue(Files.exists(c.replica(1).privateKeyFile()), c.replica(1).privateKeyFile().toString());
    assertEquals(1000, c.tuning().electionTimeoutTicks(), "the timing cluster writes for real clusters");
    bad("already exist", "keygen", "--mode", "byzantine", "--replicas", "4", "--out", out.toString());
    bad("byzantine mode needs at least 4", "keygen", "--mode", "byzantine", "--replicas", "3", "--out",
        dir.resolve("kg2").toString());
    bad("--hosts lists 2 hosts", "keygen", "--mode", "crash", "--replicas", "3", "--hosts", "a,b", "--out",
        dir.resolve("kg2").toString());
    bad("--hosts needs --mode", "keygen", "--replicas", "3", "--hosts", "a", "--out", dir.resolve("kg2").toString());
    bad("--mode paxos", "keygen", "--mode", "paxos", "--replicas", "3", "--out", dir.resolve("kg2").toString());
  }

  @Test
  void loadNeedsOneClientKeyPerClientAndSaysHowManyThereAre() {
    bad("lists only 2 client keys (1000..1001)", "load", "--config", cfg.toString(), "--clients", "3");
    bad("lists only 1 client key with an id from --client-id-base 1001", "load", "--config", cfg.toString(),
        "--clients", "2", "--client-id-base", "1001");
    bad(dir.resolve("elsewhere").resolve("client-1000.key").toString(), "load", "--config", cfg.toString(),
        "--clients", "1", "--key-dir", dir.resolve("elsewhere").toString());
  }

  @Test
  void loadNamesEveryBadOption() {
    String c = cfg.toString();
    bad("--duration 10: give a unit", "load", "--config", c, "--duration", "10");
    bad("--duration must be longer than 0", "load", "--config", c, "--duration", "0s");
    bad("--warmup must be a duration", "load", "--config", c, "--warmup", "soon");
    bad("--outstanding must be in 1..64", "load", "--config", c, "--outstanding", "0");
    bad("--read-ratio must be in 0..1", "load", "--config", c, "--read-ratio", "1.5");
    bad("--value-bytes must be in 1..65536", "load", "--config", c, "--value-bytes", "0");
    bad("--keys must be in 1..", "load", "--config", c, "--keys", "0");
    bad("--op-timeout-ms must be at least 1", "load", "--config", c, "--op-timeout-ms", "0");
    bad("--out and --json/--csv exclude each other", "load", "--config", c, "--out", dir.toString(), "--json",
        dir.resolve("x.json").toString());
    bad(dir.resolve("none.yaml").toString(), "load", "--config", dir.resolve("none.yaml").toString());
  }

  /** Crash-mode replies are unsigned and its replicas hold no commit certificates: refused before anything runs. */
  @Test
  void certificateOptionsNeedByzantineMode() {
    String c = cfg.toString();
    String key = dir.resolve("keys").resolve("client-1000.key").toString();
    String file = dir.resolve("reply.json").toString();
    bad("--reply-certificate: " + c + " is a crash-mode cluster", "put", "--config", c, "--client-key", key,
        "--reply-certificate", file, "k", "v");
    bad("--reply-certificate", "cas", "--config", c, "--client-key", key, "--reply-certificate", file, "--key", "k",
        "--expect-absent", "--value", "v");
    assertFalse(Files.exists(Path.of(file)));
    bad("--export-certificates: " + c + " is a crash-mode cluster", "replica", "--config", c, "--id", "0",
        "--export-certificates", dir.resolve("certs").toString());
    bad("--export-certificates: a crash-mode cluster", "cluster", "--mode", "crash", "--dir",
        dir.resolve("b").toString(), "--export-certificates", dir.resolve("certs").toString());
    assertFalse(Files.exists(dir.resolve("certs")));
    bad("--reply-certificates: " + c + " is a crash-mode cluster", "load", "--config", c, "--clients", "1",
        "--reply-certificates", dir.resolve("replies").toString());
    bad("--reply-certificates-max must be in 1..", "load", "--config", c, "--reply-certificates-max", "0");
    assertFalse(Files.exists(dir.resolve("replies")));
  }

  @Test
  void casNeedsExactlyOneExpectation() {
    String c = cfg.toString();
    String key = dir.resolve("keys").resolve("client-1000.key").toString();
    bad("--expected", "cas", "--config", c, "--client-key", key, "--key", "k", "--value", "v");
    bad("mutually exclusive", "cas", "--config", c, "--client-key", key, "--key", "k", "--expected", "a",
        "--expect-absent", "--value", "v");
    bad("--value", "cas", "--config", c, "--client-key", key, "--key", "k", "--expect-absent");
    bad("expected a client key", "cas", "--config", c, "--client-key",
        dir.resolve("keys").resolve("replica-0.key").toString(), "--key", "k", "--expect-absent", "--value", "v");
  }

  @Test
  void clusterRefusesBadSizesModesAndAnExistingCluster() {
    bad("--n 3: byzantine mode needs 4", "cluster", "--mode", "byzantine", "--n", "3", "--dir",
        dir.resolve("b").toString());
    bad("--mode paxos", "cluster", "--mode", "paxos", "--dir", dir.resolve("b").toString());
    bad("--clients must be in 0..", "cluster", "--clients", "-1", "--dir", dir.resolve("b").toString());
    bad("already holds a cluster", "cluster", "--dir", dir.toString());
    String b = dir.resolve("b").toString();
    bad("timing.electionTimeoutTicks", "cluster", "--set", "timing.electionTimeoutTicks=5", "--dir", b);
    bad("timing.tickMillis", "cluster", "--set", "timing.tickMillis=0", "--dir", b);
    bad("batching.batchDelayTicks", "cluster", "--set", "batching.batchDelayTicks=-1", "--dir", b);
    bad("unknown field timing.electionTimeout", "cluster", "--set", "timing.electionTimeout=1000", "--dir", b);
    bad("expected FIELD=VALUE", "cluster", "--set", "timing.tickMillis", "--dir", b);
    bad("not an integer", "cluster", "--set", "timing.tickMillis=fast", "--dir", b);
    bad("--faulty names replica 5 but the cluster has 0..2", "cluster", "--faulty", "5=silent-node", "--dir", b);
    bad("unknown behaviour 'no-such-behaviour'", "cluster", "--faulty", "0=no-such-behaviour", "--dir", b);
    bad("unknown behaviour 'no-such-behaviour'", "replica", "--config", cfg.toString(), "--id", "0",
        "--faulty", "no-such-behaviour");
    assertFalse(Files.exists(dir.resolve("b")), "nothing written for bad input");
    assertEquals(List.of(), List.of(dir.resolve("keys").resolve(KeygenCommand.fileName(Role.CLIENT, 1002)))
        .stream().filter(Files::exists).toList(), "the existing cluster's keys untouched");
  }

  /** profile needs replicas it can find by pid on this machine: a cluster file alone is refused, saying why. */
  @Test
  void profileWithoutPidFilesOrWithADeadPidIsBadInput() throws Exception {
    bad("replica-0.pid", "profile", "--config", cfg.toString(), "--duration", "4s", "--out", dir.resolve("p").toString());
    for (int i = 0; i < 3; i++) {
      Files.writeString(dir.resolve("replica-" + i + ".pid"), i == 1 ? "not a pid\n" : ProcessHandle.current().pid() + "\n");
    }
    bad("does not hold a pid", "profile", "--config", cfg.toString(), "--duration", "4s");
    Files.writeString(dir.resolve("replica-1.pid"), Long.MAX_VALUE + "\n");
    bad("is not running", "profile", "--config", cfg.toString(), "--duration", "4s");
    assertFalse(Files.exists(dir.resolve("p")), "nothing written for bad input");
  }
}
