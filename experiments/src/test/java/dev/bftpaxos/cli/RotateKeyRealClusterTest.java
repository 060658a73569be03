package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.config.ClusterMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key rotation on a real Byzantine cluster of four members (and a running spare, whose rotation
 * is refused early): under a closed-loop load,
 * {@code reconfigure --rotate-key 1 --chain-dir D} writes replica 1's new private key beside its old
 * one and submits REPLACE(1, new key); the running replica finds the file. Once the change is
 * active and a checkpoint past its activation slot is stable (until then a ballot change still
 * needs the old configuration), {@code kill -9} of replica 2 leaves {0, 1, 3}: every quorum of three
 * holds replica 1, signing with its new key, so writes continuing proves the rotation. The history
 * is linearizable, and a commit certificate replica 1 exports after the activation verifies with the
 * chain link as configuration C1 (replica 1 among its signers) and is refused without it.
 */
class RotateKeyRealClusterTest {
  private static final int ROTATED = 1;
  private static final int KILLED = 2;
  private static final String LOAD_DURATION = "20s";
  /** How long a write must stay unanswered to count as stalled. */
  private static final long STALL_MILLIS = 4_000;
  /** Ballot-change timeouts double per failed ballot (up to 16 x 1 s here): the recovery may wait for one. */
  private static final long RECOVER_MILLIS = 60_000;

  @TempDir Path dir;
  private ReconfigurableCluster cluster;

  @AfterEach
  void stopReplicas() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aRotatedKeySignsTheNewConfigurationsQuorums() throws Exception {
    cluster = ReconfigurableCluster.write(dir, ClusterMode.BYZANTINE, 5, 4); // replica 4 a spare
    cluster.start(5);
    cluster.awaitUp(5); // so the load's seconds after the kill do not depend on how slowly five JVMs start
    Path oldKey = dir.resolve("replica-" + ROTATED + ".key"); // LoopbackReplicas' layout: every key in dir
    byte[] oldKeyBytes = Files.readAllBytes(oldKey);
    long loadStart = System.nanoTime();
    CompletableFuture<CliContractTest.Run> load = cluster.startLoad(LOAD_DURATION);
    Thread.sleep(2_000);

    Path chain = dir.resolve("chain");
    CliContractTest.Run reconf = CliContractTest.run("reconfigure", "--config", cluster.cfg.toString(), "--client-key",
        cluster.reconfigurerKey(), "--rotate-key", Integer.toString(ROTATED), "--chain-dir", chain.toString(),
        "--timeout-ms", "30000");
    System.out.println(reconf.all());
    assertEquals(ExitCodes.OK, reconf.exitCode(), reconf.all() + cluster.tails(ROTATED));
    Matcher written = Pattern.compile("rotate-key " + ROTATED + ": new private key written to (\\S+) ")
        .matcher(reconf.out());
    Matcher from = Pattern.compile("replace " + ROTATED + ": decided; configuration C1 governs from slot (\\d+)")
        .matcher(reconf.out());
    assertTrue(written.find() && from.find(), reconf.all());
    assertTrue(reconf.out().contains("configuration C1 holds replica " + ROTATED + "'s new key")
        && reconf.out().contains("active:"), reconf.all());
    long activation = Long.parseLong(from.group(1));

    // The new key is a new file in the replica's key directory (its key file's); the old one is untouched.
    Path newKey = Path.of(written.group(1));
    assertEquals(dir.toAbsolutePath(), newKey.getParent().toAbsolutePath(), "written beside the old key");
    MemberKey fresh = KeyFiles.readPrivateKey(newKey, Ed25519Scheme.INSTANCE);
    MemberKey old = KeyFiles.readPrivateKey(oldKey, Ed25519Scheme.INSTANCE);
    assertEquals(Role.REPLICA, fresh.role());
    assertEquals(ROTATED, fresh.id());
    assertFalse(Arrays.equals(old.keyPair().publicKey(), fresh.keyPair().publicKey()), "a new key pair");
    assertArrayEquals(oldKeyBytes, Files.readAllBytes(oldKey), "the old key file is untouched");
    assertTrue(Files.exists(chain.resolve("C1.json")), "the chain link");

    // Spare 4 is no member: its rotation is refused before anything is written or submitted (the
    // replicas' status lines say so; asked now, when every replica is surely up and reports one).
    CliContractTest.Run spare = CliContractTest.run("reconfigure", "--config", cluster.cfg.toString(), "--client-key",
        cluster.reconfigurerKey(), "--rotate-key", "4", "--timeout-ms", "30000");
    assertEquals(ExitCodes.BAD_INPUT, spare.exitCode(), spare.all());
    assertTrue(spare.err().contains("replica 4 is not a member"), spare.all());
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("replica-4.rotated")), "nothing written");
    }

    // Only once a checkpoint at or after the activation is stable does a ballot change need C1's
    // quorum alone (reconfigure waited for it); then losing replica 2 leaves quorums that all hold
    // replica 1's new key.
    assertTrue(reconf.out().contains("checkpoint stable at replicas "), reconf.all());
    long killedAt = System.nanoTime();
    cluster.kill(KILLED);

    CliContractTest.Run loaded = load.get(120, TimeUnit.SECONDS);
    System.out.println(loaded.all());
    assertEquals(ExitCodes.OK, loaded.exitCode(), loaded.all() + cluster.tails(0, ROTATED, 3));
    long writesAfterKill = writesInSecondsAfter(loadStart, killedAt);
    System.out.println("writes completed in the load's seconds after the kill: " + writesAfterKill);
    assertTrue(writesAfterKill > 0, "no write completed after replica " + KILLED + " was killed:\n"
        + Files.readString(cluster.loadReports().resolve("load.csv")) + cluster.tails(0, ROTATED, 3));
    cluster.assertHistoryLinearizable();
    assertFalse(Files.readString(dir.resolve("replica-" + ROTATED + ".out")).contains("ignoring key file"),
        cluster.tails(ROTATED));

    assertChainVerifiesACertificateSignedWithTheNewKey(chain, activation);
  }

  /** No processes: what --rotate-key refuses before it talks to a cluster, and that it never overwrites a key file. */
  @Test
  void refusedInCrashModeWithOtherChangesAndOverExistingFiles() throws Exception {
    ReconfigurableCluster crash = ReconfigurableCluster.write(dir, ClusterMode.CRASH, 3, 3);
    CliContractTest.Run inCrash = CliContractTest.run("reconfigure", "--config", crash.cfg.toString(), "--client-key",
        crash.reconfigurerKey(), "--rotate-key", "1", "--timeout-ms", "1000");
    assertEquals(ExitCodes.BAD_INPUT, inCrash.exitCode(), inCrash.all());
    assertTrue(inCrash.err().contains("crash mode has no keys"), inCrash.all());
    CliContractTest.Run both = CliContractTest.run("reconfigure", "--config", crash.cfg.toString(), "--client-key",
        crash.reconfigurerKey(), "--rotate-key", "1", "--remove", "2");
    assertEquals(ExitCodes.BAD_INPUT, both.exitCode(), both.all());
    assertTrue(both.err().contains("mutually exclusive"), both.all());
    CliContractTest.Run keyDirAlone = CliContractTest.run("reconfigure", "--config", crash.cfg.toString(),
        "--client-key", crash.reconfigurerKey(), "--remove", "2", "--key-dir", dir.toString());
    assertEquals(ExitCodes.BAD_INPUT, keyDirAlone.exitCode(), keyDirAlone.all());
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("rotated")), "nothing written");
    }

    MemberKey key = new MemberKey(Role.REPLICA, ROTATED, Ed25519Scheme.INSTANCE.generate(7, Role.REPLICA, ROTATED));
    Path file = RotatedKeyFile.write(dir, key);
    byte[] bytes = Files.readAllBytes(file);
    BadInputException again = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
        () -> RotatedKeyFile.write(dir, key));
    assertTrue(again.getMessage().contains("exists already"), again.getMessage());
    assertArrayEquals(bytes, Files.readAllBytes(file));
    assertEquals(ROTATED, KeyFiles.readPrivateKey(file, Ed25519Scheme.INSTANCE).id());
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no hidden file left behind");
    }
  }

  /**
   * A rotated key that is not in the replica's key directory: {@code --key-dir} writes it elsewhere.
   * From the activation on, replica 1 cannot sign C1's slots and counts as crashed: {0, 2, 3} go on
   * (the load completes), but with replica 2 killed too a write stalls. Once the key file is moved
   * into replica 1's directory, the running replica finds it (a miss rescans the directory at most
   * once a second) and the stalled write completes, without a restart. On demand (-Preal-cluster):
   * the stall and the ballot changes it causes, whose timeouts double, make it slower.
   */
  @Test
  @Tag("real-cluster")
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void withoutItsNewKeyAReplicaCountsAsCrashedUntilTheKeyFileAppears() throws Exception {
    cluster = ReconfigurableCluster.write(dir, ClusterMode.BYZANTINE, 4, 4);
    cluster.start(4);
    cluster.awaitUp(4);
    CompletableFuture<CliContractTest.Run> load = cluster.startLoad("10s");
    Thread.sleep(3_000);
    Path elsewhere = Files.createDirectories(dir.resolve("not-the-key-directory"));
    CliContractTest.Run reconf = CliContractTest.run("reconfigure", "--config", cluster.cfg.toString(), "--client-key",
        cluster.reconfigurerKey(), "--rotate-key", Integer.toString(ROTATED), "--key-dir", elsewhere.toString(),
        "--timeout-ms", "30000");
    System.out.println(reconf.all());
    assertEquals(ExitCodes.OK, reconf.exitCode(), reconf.all());
    Matcher written = Pattern.compile("new private key written to (\\S+) ").matcher(reconf.out());
    Matcher from = Pattern.compile("configuration C1 governs from slot (\\d+)").matcher(reconf.out());
    assertTrue(written.find() && from.find(), reconf.all());
    Path newKey = Path.of(written.group(1));
    assertEquals(elsewhere.toAbsolutePath(), newKey.getParent().toAbsolutePath());

    // Replica 1 is C1's crashed member: the other three still make checkpoints and serve the load.
    cluster.awaitCheckpoint(Long.parseLong(from.group(1)), 0, 2, 3);
    CliContractTest.Run loaded = load.get(120, TimeUnit.SECONDS);
    System.out.println(loaded.all());
    assertEquals(ExitCodes.OK, loaded.exitCode(), loaded.all());
    cluster.assertHistoryLinearizable();
    cluster.kill(KILLED);

    dev.bftpaxos.replica.config.ClusterConfig config = dev.bftpaxos.replica.config.ClusterConfigFile.read(cluster.cfg);
    dev.bftpaxos.replica.node.ClusterKeys keys = dev.bftpaxos.replica.node.ClusterKeys.read(config);
    MemberKey own = KeyFiles.readPrivateKey(Path.of(cluster.reconfigurerKey()), keys.scheme());
    try (dev.bftpaxos.replica.client.KvClient client = new dev.bftpaxos.replica.client.KvClient(config, keys,
        own.signer(keys.scheme()), null, ReconfigurableCluster.RECONFIGURER,
        dev.bftpaxos.replica.client.KvClient.clockSeq())) {
      CompletableFuture<dev.bftpaxos.core.kv.KvResult> write = client.put("after-kill", "1");
      assertThrows(TimeoutException.class, () -> write.get(STALL_MILLIS, TimeUnit.MILLISECONDS),
          "{0, 3} and a replica without its key in C1 are no quorum");
      Files.move(newKey, dir.resolve(newKey.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      long moved = System.nanoTime();
      try {
        assertEquals(new dev.bftpaxos.core.kv.KvResult.Ok(), write.get(RECOVER_MILLIS, TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        throw new AssertionError("the write did not complete in " + RECOVER_MILLIS + " ms after the key file was "
            + "moved into replica " + ROTATED + "'s key directory\n" + cluster.tails(0, ROTATED, 3), e);
      }
      System.out.printf("the stalled write completed %.1f s after the key file appeared%n",
          (System.nanoTime() - moved) / 1e9);
    }
  }

  /**
   * Replica 1's latest exported commit certificate, for a slot past the activation, verifies with
   * the link {@code reconfigure --chain-dir} wrote as configuration C1, replica 1 among its signers;
   * without the link it is refused (it names C1, and replica 1's signature is not under its first key).
   */
  private void assertChainVerifiesACertificateSignedWithTheNewKey(Path chain, long activation) throws Exception {
    Path config = dir.resolve("config.json");
    Path latest = cluster.latestCertificate(ROTATED);
    Matcher slot = Pattern.compile("slot-0*(\\d+)\\.json").matcher(latest.getFileName().toString());
    assertTrue(slot.matches() && Long.parseLong(slot.group(1)) >= activation, latest + " is past slot " + activation);
    assertTrue(Files.readString(latest).contains("\"configuration\": 1,"), "the exported file names C1: " + latest);
    CliContractTest.Run withChain = CliContractTest.run("verify-certificate", latest.toString(), "--config",
        config.toString(), "--members", "0,1,2,3", "--chain", chain.resolve("C1.json").toString());
    System.out.println(withChain.all());
    assertEquals(ExitCodes.OK, withChain.exitCode(), withChain.all());
    String line = withChain.out().trim();
    assertTrue(line.startsWith("VALID ") && line.endsWith("configuration=C1"), withChain.all());
    Matcher signers = Pattern.compile(" signers=([0-9,]+) ").matcher(line);
    assertTrue(signers.find(), line);
    assertTrue(List.of(signers.group(1).split(",")).contains(Integer.toString(ROTATED)),
        "replica " + ROTATED + " signed: " + line);
    CliContractTest.Run firstOnly = CliContractTest.run("verify-certificate", latest.toString(), "--config",
        config.toString(), "--members", "0,1,2,3");
    System.out.println(firstOnly.all());
    assertEquals(VerifyCertificateCommand.INVALID, firstOnly.exitCode(), firstOnly.all());
    // The configuration field is an unsigned label: without it (C0's spelling) the certificate is
    // checked with the first keys, and replica 1's signature, made with its new key, fails under them.
    Path relabelled = dir.resolve("relabelled-" + latest.getFileName());
    String text = Files.readString(latest);
    String asFirst = text.replaceFirst("\\n\\s*\"configuration\": 1,", "");
    assertFalse(asFirst.equals(text), text);
    Files.writeString(relabelled, asFirst);
    CliContractTest.Run asC0 = CliContractTest.run("verify-certificate", relabelled.toString(), "--config",
        config.toString(), "--members", "0,1,2,3");
    System.out.println(asC0.all());
    assertEquals(VerifyCertificateCommand.INVALID, asC0.exitCode(), asC0.all());
    assertFalse(asC0.out().contains("CONFIGURATION_MISMATCH"), asC0.all());
  }

  /**
   * Writes the load completed in its seconds that began after {@code killedAt}: second i of the
   * series starts no earlier than {@code loadStart} + i s (the load measures from when it is
   * connected), so every second from ceil((killedAt - loadStart) / 1 s) on is wholly after the kill.
   */
  private long writesInSecondsAfter(long loadStart, long killedAt) throws Exception {
    long first = (killedAt - loadStart + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    List<String> rows = Files.readAllLines(cluster.loadReports().resolve("load.csv"));
    assertEquals(LoadStats.CSV_HEADER, rows.get(0));
    assertTrue(rows.size() - 1 > first, "the load ended before second " + first + " (the kill): " + rows);
    long writes = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      if (Long.parseLong(f[0]) >= first) {
        writes += Long.parseLong(f[3]);
      }
    }
    return writes;
  }
}
