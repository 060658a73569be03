package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.log.ConfigChange;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner holding only the first configuration's keys follows the cluster through configuration
 * changes, each proved by its reply certificate, and checks every commit certificate with the keys
 * and quorum of the configuration governing its slot. Each refusal starts from a chain and a
 * certificate that verify, so a check that stopped working shows up as VALID.
 */
class ConfigurationChainTest {
  private static final Ed25519Scheme SCHEME = Ed25519Scheme.INSTANCE;
  /** Replicas 0..4 in config.json; the first configuration is 0..3, replica 4 a spare. */
  private static final TestCluster CLUSTER = new TestCluster(SCHEME, 31, 5, 2);
  private static final TreeSet<Integer> FIRST = new TreeSet<>(List.of(0, 1, 2, 3));
  private static final long ADMIN = TestCluster.FIRST_CLIENT;

  /** The keys each replica signs with now: config.json's, until a change gives it a new one. */
  private final Map<Integer, Signer> signing = new HashMap<>(CLUSTER.replicas);
  private long seq;

  private static KeyPair freshKey(int replica, long salt) {
    return SCHEME.generate(1000 + salt, Role.REPLICA, replica);
  }

  /** The change's reply certificate: executed at {@code slot}, answered {@code result}, signed by {@code signers}. */
  private ReplyCertificate link(ConfigChange change, long slot, String result, List<Integer> signers) {
    long s = ++seq;
    Request r = CLUSTER.request(ADMIN, s, change.encode());
    byte[] res = result.getBytes(StandardCharsets.UTF_8);
    byte[] statement = Statements.reply(CLUSTER.config.configId(), ADMIN, s, slot, res);
    List<SignerSignature> sigs = new ArrayList<>();
    for (int id : signers) {
      sigs.add(SignerSignature.sign(signing.get(id), statement));
    }
    return new ReplyCertificate(CLUSTER.config.configId(), ADMIN, s, slot, r.op(), r.signature(), res, sigs);
  }

  /** A commit certificate for {@code slot} over a one-request batch, signed with the current keys of {@code signers}. */
  private CommitCertificate commit(long slot, List<Integer> signers) {
    Batch batch = new Batch(List.of(CLUSTER.request(ADMIN + 1, slot, ("put k" + slot).getBytes(StandardCharsets.UTF_8))));
    Digest32 d = BatchDigest.of(batch);
    byte[] statement = Statements.commit(CLUSTER.config.configId(), 3, slot, d);
    List<SignerSignature> sigs = new ArrayList<>();
    for (int id : signers) {
      sigs.add(SignerSignature.sign(signing.get(id), statement));
    }
    return new CommitCertificate(CLUSTER.config.configId(), 3, slot, d, batch, sigs);
  }

  private ConfigurationChain first() {
    return new ConfigurationChain(CLUSTER.config, SCHEME, FIRST);
  }

  private static void assertRefused(InvalidReason reason, OfflineVerifier.Result r) {
    assertFalse(r.isValid(), r.render());
    assertEquals(reason, ((OfflineVerifier.Invalid) r).reason(), r.render());
  }

  private static void assertValidIn(long configuration, OfflineVerifier.Result r) {
    assertTrue(r.isValid(), r.render());
    assertEquals(configuration, assertInstanceOf(OfflineVerifier.Valid.class, r).configuration(), r.render());
  }

  /** C1 adds replica 4 with a key config.json does not have; returns the chain holding it. */
  private ConfigurationChain withReplicaFourAdded() {
    ConfigurationChain chain = first();
    KeyPair k4 = freshKey(4, 1);
    OfflineVerifier.Result r = chain.extend(link(ConfigChange.add(4, k4.publicKey()), 200, "ok C1 from 328",
        List.of(0, 1)));
    assertTrue(r.isValid(), r.render());
    signing.put(4, SCHEME.signer(4, k4));
    return chain;
  }

  @Test
  void anAddedReplicasSignatureCountsFromTheActivationSlotOnly() {
    ConfigurationChain chain = withReplicaFourAdded();
    assertEquals(List.of(0L, 1L), chain.links().stream().map(ConfigurationChain.Link::id).toList());
    assertEquals(328, chain.last().fromSlot());
    assertValidIn(1, chain.verify(commit(400, List.of(1, 2, 3, 4))));
    assertTrue(chain.verify(commit(400, List.of(1, 2, 3, 4))).render().endsWith(" configuration=C1"));
    // Before the activation slot C0 governs, where replica 4 is no member.
    assertRefused(InvalidReason.UNKNOWN_SIGNER, chain.verify(commit(327, List.of(1, 2, 3, 4))));
    assertValidIn(0, chain.verify(commit(327, List.of(1, 2, 3))));
    // Without the chain the learner knows replica 4 by config.json's key only, which it no longer uses.
    assertRefused(InvalidReason.BAD_SIGNATURE, CLUSTER.verifier.verify(commit(400, List.of(1, 2, 3, 4))));
    assertRefused(InvalidReason.UNKNOWN_SIGNER, first().verify(commit(400, List.of(1, 2, 3, 4))));
  }

  @Test
  void aQuorumOfTheOldSizeIsRefusedOnceNGrew() {
    ConfigurationChain chain = withReplicaFourAdded();
    // Three signers were a quorum of four; with five the quorum is four (BFT-SMaRt's f not updated, #118).
    assertRefused(InvalidReason.TOO_FEW_SIGNERS, chain.verify(commit(400, List.of(0, 1, 2))));
  }

  @Test
  void aRotatedKeyReplacesTheOldOneAtItsActivation() {
    ConfigurationChain chain = withReplicaFourAdded();
    KeyPair k2 = freshKey(2, 2);
    Signer oldTwo = signing.get(2);
    assertTrue(chain.extend(link(ConfigChange.replace(2, k2.publicKey()), 500, "ok C2 from 628", List.of(2, 4)))
        .isValid());
    assertValidIn(1, chain.verify(commit(600, List.of(0, 1, 2, 3)))); // C1: 2's old key
    signing.put(2, SCHEME.signer(2, k2));
    assertValidIn(2, chain.verify(commit(700, List.of(0, 1, 2, 3))));
    signing.put(2, oldTwo);
    assertRefused(InvalidReason.BAD_SIGNATURE, chain.verify(commit(700, List.of(0, 1, 2, 3))));
  }

  @Test
  void aRemovedReplicaNoLongerCounts() {
    ConfigurationChain chain = withReplicaFourAdded();
    assertTrue(chain.extend(link(ConfigChange.remove(0), 400, "ok C2 from 528", List.of(3, 4))).isValid());
    assertRefused(InvalidReason.UNKNOWN_SIGNER, chain.verify(commit(600, List.of(0, 1, 2, 3))));
    assertValidIn(2, chain.verify(commit(600, List.of(1, 2, 3))));
  }

  @Test
  void everyBrokenLinkIsRefusedForItsReasonAndLeavesTheChainAsItWas() {
    KeyPair k4 = freshKey(4, 1);
    ConfigChange add4 = ConfigChange.add(4, k4.publicKey());
    assertTrue(first().extend(link(add4, 200, "ok C1 from 328", List.of(0, 1))).isValid(), "the base case holds");
    ConfigurationChain chain = first();
    assertRefused(InvalidReason.NOT_A_CONFIGURATION_CHANGE,
        chain.extend(link(add4, 200, "refused: configuration change while another is pending", List.of(0, 1))));
    assertRefused(InvalidReason.CHAIN_BROKEN, chain.extend(link(add4, 200, "ok C2 from 328", List.of(0, 1))));
    assertRefused(InvalidReason.CHAIN_BROKEN, chain.extend(link(add4, 200, "ok C1 from 200", List.of(0, 1))));
    assertRefused(InvalidReason.CHAIN_BROKEN, chain.extend(link(ConfigChange.add(3, k4.publicKey()), 200,
        "ok C1 from 328", List.of(0, 1))));
    assertRefused(InvalidReason.CHAIN_BROKEN, chain.extend(link(ConfigChange.remove(4), 200, "ok C1 from 328",
        List.of(0, 1))));
    assertRefused(InvalidReason.TOO_FEW_SIGNERS, chain.extend(link(add4, 200, "ok C1 from 328", List.of(0))));
    // Signed by the replica being added and one member: the link is the old configuration's to sign.
    signing.put(4, SCHEME.signer(4, k4));
    assertRefused(InvalidReason.UNKNOWN_SIGNER, chain.extend(link(add4, 200, "ok C1 from 328", List.of(4, 0))));
    ReplyCertificate good = link(add4, 200, "ok C1 from 328", List.of(0, 1));
    ReplyCertificate tampered = new ReplyCertificate(good.configId(), good.clientId(), good.seq(), good.slot(),
        good.op(), good.requestSignature(), "ok C1 from 201".getBytes(StandardCharsets.UTF_8), good.signatures());
    assertRefused(InvalidReason.BAD_SIGNATURE, chain.extend(tampered));
    Request notAChange = CLUSTER.request(ADMIN, 99, "put x 1".getBytes(StandardCharsets.UTF_8));
    assertRefused(InvalidReason.NOT_A_CONFIGURATION_CHANGE, chain.extend(new ReplyCertificate(good.configId(), ADMIN,
        99, 200, notAChange.op(), notAChange.signature(), good.result(), good.signatures())));
    assertEquals(1, chain.links().size(), "no refused link changed the chain: " + chain);
  }

  /**
   * Random chains of valid changes (adds of fresh replicas, removes, key rotations): a certificate
   * signed by a quorum of the configuration governing its slot verifies and names it; one signed by
   * a quorum of the configuration before, where that is not also a quorum of the governing one, is
   * refused. The search would catch a verifier that kept the first configuration, or looked up the
   * wrong one.
   */
  @Test
  void randomChainsCheckEachSlotWithItsOwnConfiguration() {
    int refusedOld = 0;
    for (int seed = 1; seed <= 60; seed++) {
      Random rnd = new Random(seed);
      signing.clear();
      signing.putAll(CLUSTER.replicas);
      ConfigurationChain chain = first();
      TreeMap<Integer, Signer> members = new TreeMap<>();
      FIRST.forEach(r -> members.put(r, CLUSTER.replicas.get(r)));
      List<TreeMap<Integer, Signer>> history = new ArrayList<>(List.of(new TreeMap<>(members)));
      long slot = 1 + rnd.nextInt(50);
      int nextId = 5;
      int changes = 1 + rnd.nextInt(4);
      for (int c = 0; c < changes; c++) {
        ConfigurationChain.Link prev = chain.last();
        slot = Math.max(slot, prev.fromSlot()) + rnd.nextInt(40);
        List<Integer> ids = new ArrayList<>(members.keySet());
        List<Integer> signers = ids.subList(0, prev.f() + 1);
        int kind = members.size() <= 4 ? rnd.nextInt(2) * 2 : rnd.nextInt(3); // 0 add, 1 remove, 2 replace
        ConfigChange change;
        Signer newSigner = null;
        if (kind == 0) {
          KeyPair k = freshKey(nextId, seed);
          change = ConfigChange.add(nextId, k.publicKey());
          newSigner = SCHEME.signer(nextId, k);
        } else if (kind == 1) {
          change = ConfigChange.remove(ids.get(rnd.nextInt(ids.size())));
        } else {
          int r = ids.get(rnd.nextInt(ids.size()));
          KeyPair k = freshKey(r, seed * 10L + c);
          change = ConfigChange.replace(r, k.publicKey());
          newSigner = SCHEME.signer(r, k);
        }
        long from = slot + 128;
        signing.clear();
        signing.putAll(members);
        OfflineVerifier.Result r = chain.extend(link(change, slot, "ok C" + (prev.id() + 1) + " from " + from, signers));
        assertTrue(r.isValid(), "seed " + seed + ": " + r.render());
        if (change.kind() == ConfigChange.Kind.REMOVE) {
          members.remove(change.replica());
        } else {
          members.put(change.replica(), newSigner);
          if (change.kind() == ConfigChange.Kind.ADD) {
            nextId++;
          }
        }
        history.add(new TreeMap<>(members));
        slot = from;
      }
      // A slot of the last configuration: its quorum verifies; the one before's quorum, with its keys, does not.
      long target = chain.last().fromSlot() + rnd.nextInt(100);
      ConfigurationChain.Link last = chain.last();
      assertValidIn(last.id(), signedBy(chain, target, history.get(history.size() - 1), last.quorum()));
      TreeMap<Integer, Signer> before = history.get(history.size() - 2);
      OfflineVerifier.Result old = signedBy(chain, target, before, OfflineVerifier.quorum(before.size()));
      TreeMap<Integer, Signer> used = new TreeMap<>();
      new ArrayList<>(before.keySet()).subList(0, Math.min(OfflineVerifier.quorum(before.size()), before.size()))
          .forEach(id -> used.put(id, before.get(id)));
      // Valid after all where the old quorum's signers are, keys and all, a quorum of the new configuration.
      boolean alsoAQuorumNow = used.size() >= last.quorum() && sameSigners(used, history.get(history.size() - 1));
      if (!alsoAQuorumNow) {
        assertFalse(old.isValid(), "seed " + seed + ": the previous configuration's quorum verified at slot " + target
            + " governed by " + chain + ": " + old.render());
        refusedOld++;
      }
    }
    assertTrue(refusedOld > 30, "the search exercised old quorums " + refusedOld + " times");
  }

  private OfflineVerifier.Result signedBy(ConfigurationChain chain, long slot, Map<Integer, Signer> keys, int count) {
    signing.clear();
    signing.putAll(keys);
    return chain.verify(commit(slot, new ArrayList<>(keys.keySet()).subList(0, Math.min(count, keys.size()))));
  }

  /** Whether every signer of {@code a} signs as {@code b} does (same ids, same keys). */
  private static boolean sameSigners(Map<Integer, Signer> a, Map<Integer, Signer> b) {
    return b.keySet().containsAll(a.keySet()) && a.keySet().stream().allMatch(id -> a.get(id) == b.get(id));
  }

  @Test
  void theConfigurationFieldHasOneSpellingPerNumber() {
    String named = CertificateFile.format(commit(400, List.of(1, 2, 3)), CLUSTER.config, 3);
    assertTrue(named.contains("  \"configuration\": 3,\n"), named);
    assertEquals(CertificateFile.format(commit(400, List.of(1, 2, 3)), CLUSTER.config),
        CertificateFile.format(commit(400, List.of(1, 2, 3)), CLUSTER.config, 0), "the first configuration is unnamed");
    for (String bad : List.of("0", "-1", "\"3\"", "3.0", "1e1", "null")) {
      OfflineVerifier.Result r = CLUSTER.verifier.verify(named.replace("\"configuration\": 3", "\"configuration\": " + bad));
      assertRefused(InvalidReason.MALFORMED_FILE, r);
    }
    assertRefused(InvalidReason.CONFIGURATION_MISMATCH, CLUSTER.verifier.verify(named));
  }

  /** A reply certificate file names its configuration as a commit certificate file does, and the chain checks it. */
  @Test
  void aReplyCertificateFileNamesItsConfigurationAndTheChainChecksIt() {
    ConfigurationChain chain = withReplicaFourAdded();
    // Any reply certificate will do (this one's op happens to be a change): slot 400, signed by 1 and 4 of C1.
    ReplyCertificate at400 = link(ConfigChange.remove(0), 400, "ok", List.of(1, 4));
    String named = ReplyCertificateFile.format(at400, CLUSTER.config, 1);
    assertTrue(named.contains("  \"slot\": 400,\n  \"configuration\": 1,\n"), named);
    assertEquals(ReplyCertificateFile.format(at400, CLUSTER.config), ReplyCertificateFile.format(at400, CLUSTER.config,
        0), "the first configuration is unnamed");
    OfflineVerifier.Result r = chain.verify(named.getBytes(StandardCharsets.UTF_8));
    assertTrue(r.isValid(), r.render());
    assertRefused(InvalidReason.CONFIGURATION_MISMATCH, chain.verify(ReplyCertificateFile.format(at400, CLUSTER.config,
        0).getBytes(StandardCharsets.UTF_8)));
    assertRefused(InvalidReason.CONFIGURATION_MISMATCH, chain.verify(ReplyCertificateFile.format(at400, CLUSTER.config,
        2).getBytes(StandardCharsets.UTF_8)));
    assertRefused(InvalidReason.CONFIGURATION_MISMATCH, CLUSTER.verifier.verify(named));
    for (String bad : List.of("0", "-1", "\"1\"", "null")) {
      assertRefused(InvalidReason.MALFORMED_FILE, chain.verify(named.replace("\"configuration\": 1",
          "\"configuration\": " + bad).getBytes(StandardCharsets.UTF_8)));
    }
    // A link names the configuration its change executed in: the last one of the chain.
    ReplyCertificate next = link(ConfigChange.remove(0), 450, "ok C2 from 600", List.of(1, 4));
    assertRefused(InvalidReason.CONFIGURATION_MISMATCH, chain.extend(ReplyCertificateFile.format(next, CLUSTER.config,
        0).getBytes(StandardCharsets.UTF_8)));
    r = chain.extend(ReplyCertificateFile.format(next, CLUSTER.config, 1).getBytes(StandardCharsets.UTF_8));
    assertTrue(r.isValid(), r.render());
    assertEquals(2, chain.last().id());
  }

  @Test
  void verifyCertificateFollowsTheChainGivenOnTheCommandLine(@TempDir Path dir) throws Exception {
    KeyPair k4 = freshKey(4, 1);
    Path config = dir.resolve("config.json");
    KeyFiles.writePublicConfiguration(config, CLUSTER.config);
    Path linkFile = dir.resolve("add-4.json");
    ReplyCertificateFile.write(linkFile, link(ConfigChange.add(4, k4.publicKey()), 200, "ok C1 from 328",
        List.of(0, 1)), CLUSTER.config);
    signing.put(4, SCHEME.signer(4, k4));
    Path cert = dir.resolve("slot-0000400.json");
    CommitCertificate at400 = commit(400, List.of(1, 2, 3, 4));
    CertificateFile.write(cert, at400, CLUSTER.config, 1);
    assertTrue(Files.readString(cert).contains("\"configuration\": 1,"), "the file names its configuration");

    String[] withChain = {"verify-certificate", cert.toString(), "--config", config.toString(), "--members", "0,1,2,3",
        "--chain", linkFile.toString()};
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cmd = dev.bftpaxos.cli.Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    assertEquals(0, cmd.execute(withChain), out + "\n" + err);
    assertTrue(out.toString().startsWith("VALID slot=400 ") && out.toString().trim().endsWith("configuration=C1"),
        out.toString());
    assertTrue(err.toString().contains("C1 from slot 328 members [0, 1, 2, 3, 4]"), err.toString());

    StringWriter out2 = new StringWriter();
    var cmd2 = dev.bftpaxos.cli.Main.commandLine();
    cmd2.setOut(new PrintWriter(out2, true));
    cmd2.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(1, cmd2.execute("verify-certificate", cert.toString(), "--config", config.toString(), "--members",
        "0,1,2,3"), out2.toString());
    assertTrue(out2.toString().startsWith("INVALID: CONFIGURATION_MISMATCH"), out2.toString());
    // A file naming another configuration than the chain's for its slot is refused for that.
    Path wrong = dir.resolve("slot-0000400-c2.json");
    CertificateFile.write(wrong, at400, CLUSTER.config, 2);
    StringWriter outWrong = new StringWriter();
    var cmdWrong = dev.bftpaxos.cli.Main.commandLine();
    cmdWrong.setOut(new PrintWriter(outWrong, true));
    cmdWrong.setErr(new PrintWriter(new StringWriter(), true));
    String[] wrongArgs = withChain.clone();
    wrongArgs[1] = wrong.toString();
    assertEquals(1, cmdWrong.execute(wrongArgs), outWrong.toString());
    assertTrue(outWrong.toString().startsWith("INVALID: CONFIGURATION_MISMATCH") && outWrong.toString().contains(
        "slot 400 is governed by C1"), outWrong.toString());
    Files.writeString(linkFile, Files.readString(linkFile).replace("\"slot\": 200", "\"slot\": 201"));
    StringWriter out3 = new StringWriter();
    var cmd3 = dev.bftpaxos.cli.Main.commandLine();
    cmd3.setOut(new PrintWriter(out3, true));
    cmd3.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(1, cmd3.execute(withChain), out3.toString());
    assertTrue(out3.toString().startsWith("chain " + linkFile + ": INVALID: BAD_SIGNATURE"), out3.toString());
  }
}
