package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's real-process test, both modes: replicas 0..m-1 members and replica m a running spare;
 * under a closed-loop load, {@code reconfigure --replace m-1 --with m}, then {@code kill -9} of the
 * removed replica (costs nothing) and of replica 0, so only the new configuration's smallest
 * quorum is left, which holds only if the added replica caught up and counts (crash {1, 3} of
 * {0, 1, 3}; Byzantine {1, 2, 4} of {0, 1, 2, 4}). Nothing acknowledged is lost (the load's history,
 * kills included, is linearizable), the cluster still answers, and the survivors reach the same
 * state digest. In Byzantine mode the changes' reply certificates form a configuration chain with
 * which the added replica's exported commit certificates verify, and without which they do not.
 */
class ReconfigureRealClusterTest {
  private static final int RECONFIGURER = ReconfigurableCluster.RECONFIGURER;
  private static final int OUTSIDER = ReconfigurableCluster.OUTSIDER;
  private static final long OP_MILLIS = 15_000;
  private static final Pattern STATUS = Pattern.compile("status replica=(\\d+) .*?executed=(\\d+) .*?digest=(\\w+)");

  @TempDir Path dir;
  private ReconfigurableCluster cluster;

  @AfterEach
  void killAll() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "{0} mode, {1} members and a spare")
  @CsvSource({"CRASH, 3", "BYZANTINE, 4"})
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void replacingAReplicaUnderLoadLosesNothingAndTheNewMemberCounts(ClusterMode mode, int members) throws Exception {
    boolean byzantine = mode == ClusterMode.BYZANTINE;
    int added = members;
    int removed = members - 1;
    cluster = ReconfigurableCluster.write(dir, mode, members + 1, members);
    Path cfgFile = cluster.cfg;
    cluster.start(members + 1);
    // Long enough that the kills below fall well inside the window: in Byzantine mode, losing the
    // leader with only the smallest quorum left took 2-4 s to order writes again on this machine
    // (more under load), and operations still waiting 5 s after the window count as timed out.
    CompletableFuture<CliContractTest.Run> load = cluster.startLoad(byzantine ? "24s" : "16s");
    Thread.sleep(4_000);
    CliContractTest.Run outsider = CliContractTest.run("reconfigure", "--config", cfgFile.toString(), "--client-key",
        dir.resolve("client-" + OUTSIDER + ".key").toString(), "--add", Integer.toString(added), "--timeout-ms",
        "30000");
    assertEquals(ExitCodes.BAD_INPUT, outsider.exitCode(), outsider.all());
    assertTrue(outsider.out().contains("refused: configuration change from a client not allowed to reconfigure"),
        outsider.all());
    String key = cluster.reconfigurerKey();
    Path chain = dir.resolve("chain");
    List<String> args = new ArrayList<>(List.of("reconfigure", "--config", cfgFile.toString(), "--client-key", key,
        "--replace", Integer.toString(removed), "--with", Integer.toString(added), "--timeout-ms", "60000"));
    if (byzantine) {
      args.addAll(List.of("--chain-dir", chain.toString()));
    }
    CliContractTest.Run reconf = CliContractTest.run("", args);
    System.out.println(reconf.all());
    assertEquals(ExitCodes.OK, reconf.exitCode(), reconf.all());
    assertTrue(reconf.out().contains("add " + added + ": decided") && reconf.out().contains("remove " + removed
        + ": decided") && reconf.out().contains("active:"), reconf.all());

    // The removed replica is out of every quorum once no slot the old configuration governs matters any
    // more: in Byzantine mode a ballot change needs a quorum of every configuration from the stable
    // checkpoint on, so reconfigure itself waits for a checkpoint at or after the activation slot
    // (docs/OPERATIONS.md); the kills below are what would stall if it returned too early.
    assertEquals(byzantine, reconf.out().contains("checkpoint stable at replicas "), reconf.all());
    assertTrue(byzantine || !reconf.out().contains("checkpoint"), reconf.all());
    // With replica 0 gone too, what is left is the new configuration's smallest quorum, so the added
    // replica must vote.
    cluster.kill(removed);
    Thread.sleep(1_000);
    cluster.kill(0);

    CliContractTest.Run loaded = load.get(120, TimeUnit.SECONDS);
    System.out.println(loaded.all());
    assertEquals(ExitCodes.OK, loaded.exitCode(), loaded.all());
    cluster.assertHistoryLinearizable();

    ClusterConfig config = ClusterConfigFile.read(cfgFile);
    ClusterKeys keys = ClusterKeys.read(config);
    MemberKey own = KeyFiles.readPrivateKey(Path.of(key), keys.scheme());
    // The reconfigurer's id, sequence numbers from the clock: reconfigure used that id with clock sequence numbers
    // too, and a session's requests numbered below its last executed one are answered by nobody.
    try (KvClient client = new KvClient(config, keys, own.signer(keys.scheme()), null, RECONFIGURER,
        KvClient.clockSeq())) {
      assertEquals(new KvResult.Ok(), client.put("after", "replace").get(OP_MILLIS, TimeUnit.MILLISECONDS),
          "the new configuration's smallest quorum still orders writes");
      assertEquals(new KvResult.Value("replace"), client.get("after").get(OP_MILLIS, TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the survivors did not answer in " + OP_MILLIS + " ms\n" + cluster.tails(1, added), e);
    }
    String newMembers = byzantine ? "0,1,2,4" : "0,1,3";
    assertSameDigest(1, added, newMembers);
    if (byzantine) {
      assertChainVerifiesTheAddedReplicasCertificates(chain, keys, added);
    }
  }

  /**
   * The added replica's latest exported commit certificate verifies with the two links
   * {@code reconfigure --chain-dir} wrote (configuration C2), and is refused without them (its own
   * signature is then an unknown signer's, or a quorum of the wrong size).
   */
  private void assertChainVerifiesTheAddedReplicasCertificates(Path chain, ClusterKeys keys, int added)
      throws Exception {
    Path config = dir.resolve("config.json");
    Path latest = cluster.latestCertificate(added);
    assertTrue(Files.readString(latest).contains("\"configuration\": 2,"), "the exported file names C2: " + latest);
    CliContractTest.Run withChain = CliContractTest.run("verify-certificate", latest.toString(), "--config",
        config.toString(), "--members", "0,1,2,3", "--chain", chain.resolve("C1.json").toString(), "--chain",
        chain.resolve("C2.json").toString());
    System.out.println(withChain.all());
    assertEquals(ExitCodes.OK, withChain.exitCode(), withChain.all());
    assertTrue(withChain.out().trim().endsWith("configuration=C2"), withChain.all());
    CliContractTest.Run firstOnly = CliContractTest.run("verify-certificate", latest.toString(), "--config",
        config.toString(), "--members", "0,1,2,3");
    assertEquals(VerifyCertificateCommand.INVALID, firstOnly.exitCode(), firstOnly.all());

    // A client started now follows the chain reconfigure left next to the cluster file: its reply
    // certificate is cut from C2's members with their keys there and names C2, which the chain
    // confirms. (Counted in C0 it would name C0 and be refused as CONFIGURATION_MISMATCH.)
    Path reply = dir.resolve("reply-after-replace.json");
    CliContractTest.Run put = CliContractTest.run("put", "--config", cluster.cfg.toString(), "--client-key",
        cluster.reconfigurerKey(), "--reply-certificate", reply.toString(), "certified", "C2");
    assertEquals(ExitCodes.OK, put.exitCode(), put.all());
    assertTrue(Files.readString(reply).contains("\"configuration\": 2,"), Files.readString(reply));
    CliContractTest.Run replyChecked = CliContractTest.run("verify-certificate", reply.toString(), "--config",
        config.toString(), "--members", "0,1,2,3", "--chain", chain.resolve("C1.json").toString(), "--chain",
        chain.resolve("C2.json").toString());
    assertEquals(ExitCodes.OK, replyChecked.exitCode(), replyChecked.all());
    assertTrue(replyChecked.out().startsWith("VALID reply "), replyChecked.all());
  }

  /**
   * Waits (bounded) until replicas {@code a} and {@code b} report the new configuration C2 (members
   * {@code members}, as the status line lists them) and the same executed slot and state digest.
   */
  private void assertSameDigest(int a, int b, String members) throws InterruptedException {
    cluster.awaitStatus("replicas " + a + " and " + b + " in C2 = {" + members + "} with one state", lines -> {
      String sa = state(lines.getOrDefault(a, ""), members);
      if (sa == null || !sa.equals(state(lines.getOrDefault(b, ""), members))) {
        return false;
      }
      System.out.println("replicas " + a + " and " + b + " agree: executed/digest " + sa);
      return true;
    });
  }

  /** "executed/digest" of a status line that names C2 with {@code members}; null otherwise. */
  private static String state(String line, String members) {
    Matcher m = STATUS.matcher(line);
    return m.find() && line.contains(" config=C2 members=" + members + " ") ? m.group(2) + "/" + m.group(3) : null;
  }
}
