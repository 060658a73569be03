package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.BatchDigest;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.learner.CertificateExport;
import dev.bftpaxos.learner.CertificateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** keygen, verify-certificate and the export folder, run in-process as {@code bft-paxos ...} would run them. */
class CertificateCommandsTest {
  @TempDir
  Path dir;

  record Run(int exitCode, String out, String err) {
    String all() {
      return "exit " + exitCode + "\nout:\n" + out + "err:\n" + err;
    }
  }

  static Run run(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    String[] a = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      a[i] = args[i].toString();
    }
    return new Run(cmd.execute(a), out.toString(), err.toString());
  }

  /** The keys keygen wrote, read back through {@code scheme}. */
  private static List<Signer> replicaSigners(Path keys, int n, SignatureScheme scheme) throws IOException {
    List<Signer> out = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      MemberKey k = KeyFiles.readPrivateKey(keys.resolve("replica-" + id + ".key"), scheme);
      assertEquals(Role.REPLICA, k.role());
      assertEquals(id, k.id());
      out.add(k.signer(scheme));
    }
    return out;
  }

  /** A certificate for slot, signed by the given replicas with the keys from the key files. */
  private static CommitCertificate certificate(Path keys, SignatureScheme scheme, PublicConfiguration config, long ballot,
      long slot, int... signers) throws IOException {
    MemberKey client = KeyFiles.readPrivateKey(keys.resolve("client-1000.key"), scheme);
    byte[] op = ("put x " + slot).getBytes(StandardCharsets.UTF_8);
    Request r = new Request(1000, slot, op,
        client.signer(scheme).sign(Statements.request(config.configId(), 1000, slot, op)));
    Batch batch = new Batch(List.of(r));
    Digest32 d = BatchDigest.of(batch);
    List<Signer> all = replicaSigners(keys, config.size(Role.REPLICA), scheme);
    List<SignerSignature> sigs = new ArrayList<>();
    for (int id : signers) {
      sigs.add(SignerSignature.sign(all.get(id), Statements.commit(config.configId(), ballot, slot, d)));
    }
    return new CommitCertificate(config.configId(), ballot, slot, d, batch, sigs);
  }

  @Test
  void keygenThenVerifyRoundTripWithEd25519() throws IOException {
    Path keys = dir.resolve("keys");
    Run k = run("keygen", "--replicas", 4, "--clients", 2, "--out", keys);
    assertEquals(ExitCodes.OK, k.exitCode(), k.all());
    for (String f : List.of("replica-0.key", "replica-3.key", "client-1000.key", "client-1001.key", "config.json")) {
      assertTrue(Files.isRegularFile(keys.resolve(f)), f + "\n" + k.all());
    }
    assertFalse(Files.exists(keys.resolve("replica-4.key")));
    if (keys.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(keys.resolve("replica-0.key")));
    }
    PublicConfiguration config = KeyFiles.readPublicConfiguration(keys.resolve("config.json"), Ed25519Scheme.INSTANCE);
    assertTrue(k.out().contains("configId   " + config.configId().hex()), k.all());
    assertTrue(k.out().contains("f = 1, certificates need 3 signers"), k.all());

    CommitCertificate cert = certificate(keys, Ed25519Scheme.INSTANCE, config, 2, 9, 3, 0, 2);
    Path file = dir.resolve("cert.json");
    CertificateFile.write(file, cert, config);
    Run v = run("verify-certificate", file, "--config", keys.resolve("config.json"));
    assertEquals(ExitCodes.OK, v.exitCode(), v.all());
    assertEquals("VALID slot=9 digest=" + cert.digest().hex() + " ballot=2 signers=0,2,3\n", v.out(), v.all());
    assertEquals("", v.err());

    // One byte of signer 0's signature changed: INVALID, exit 1, the signer named.
    List<SignerSignature> sigs = new ArrayList<>(cert.signatures());
    byte[] s = sigs.get(1).signature();
    s[5] ^= 0x10;
    sigs.set(1, new SignerSignature(0, s));
    CertificateFile.write(file, new CommitCertificate(cert.configId(), 2, 9, cert.digest(), cert.batch(), sigs), config);
    Run bad = run("verify-certificate", file, "--config", keys.resolve("config.json"));
    assertEquals(1, bad.exitCode(), bad.all());
    assertTrue(bad.out().startsWith("INVALID: BAD_SIGNATURE: signer 0 (signatures[1])"), bad.all());
  }

  @Test
  void keygenRefusesToOverwriteUnlessForced() throws IOException {
    Path keys = dir.resolve("keys");
    assertEquals(ExitCodes.OK, run("keygen", "--replicas", 4, "--out", keys).exitCode());
    String before = Files.readString(keys.resolve("config.json"));
    Run again = run("keygen", "--replicas", 7, "--out", keys);
    assertEquals(ExitCodes.BAD_INPUT, again.exitCode(), again.all());
    assertTrue(again.err().contains("already exist") && again.err().contains("--force"), again.all());
    assertFalse(Files.exists(keys.resolve("replica-6.key")), "nothing may be written when refusing");
    assertEquals(before, Files.readString(keys.resolve("config.json")));
    Run forced = run("keygen", "--replicas", 7, "--out", keys, "--force");
    assertEquals(ExitCodes.OK, forced.exitCode(), forced.all());
    assertNotEquals(before, Files.readString(keys.resolve("config.json")));
    assertTrue(Files.exists(keys.resolve("replica-6.key")));
  }

  @Test
  void keygenWithASeedIsReproducible() throws IOException {
    for (String scheme : List.of("ed25519", "fastsim")) {
      Path a = dir.resolve(scheme + "-a");
      Path b = dir.resolve(scheme + "-b");
      Path c = dir.resolve(scheme + "-c");
      assertEquals(0, run("keygen", "--replicas", 4, "--clients", 1, "--scheme", scheme, "--seed", 7, "--out", a).exitCode());
      assertEquals(0, run("keygen", "--replicas", 4, "--clients", 1, "--scheme", scheme, "--seed", 7, "--out", b).exitCode());
      assertEquals(0, run("keygen", "--replicas", 4, "--clients", 1, "--scheme", scheme, "--seed", 8, "--out", c).exitCode());
      assertEquals(Files.readString(a.resolve("config.json")), Files.readString(b.resolve("config.json")), scheme);
      assertEquals(Files.readString(a.resolve("replica-2.key")), Files.readString(b.resolve("replica-2.key")), scheme);
      assertNotEquals(Files.readString(a.resolve("config.json")), Files.readString(c.resolve("config.json")), scheme);
    }
    // Without a seed, two runs differ.
    run("keygen", "--replicas", 4, "--out", dir.resolve("r1"));
    run("keygen", "--replicas", 4, "--out", dir.resolve("r2"));
    assertNotEquals(Files.readString(dir.resolve("r1/config.json")), Files.readString(dir.resolve("r2/config.json")));
  }

  @Test
  void keygenRejectsBadOptions() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    List<List<Object>> bad = List.of(
        List.of("keygen", "--replicas", 0, "--out", dir.resolve("a")),
        List.of("keygen", "--replicas", 100_000, "--out", dir.resolve("a")),
        List.of("keygen", "--replicas", 4, "--clients", -1, "--out", dir.resolve("a")),
        List.of("keygen", "--replicas", 4, "--scheme", "rsa", "--out", dir.resolve("a")),
        List.of("keygen", "--replicas", 4, "--out", file),
        List.of("keygen", "--replicas", "four", "--out", dir.resolve("a")),
        List.of("keygen", "--out", dir.resolve("a")),
        List.of("keygen", "--replicas", 4));
    for (List<Object> args : bad) {
      Run r = run(args.toArray());
      assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), args + "\n" + r.all());
      assertFalse(r.err().isBlank(), args + "\n" + r.all());
      assertFalse(r.err().contains("Exception"), args + "\n" + r.all());
    }
    assertFalse(Files.exists(dir.resolve("a/config.json")));
  }

  @Test
  void fastsimCertificatesVerifyWithTheKeysOrTheSeed() throws IOException {
    Path keys = dir.resolve("sim");
    assertEquals(0, run("keygen", "--replicas", 7, "--clients", 1, "--scheme", "fastsim", "--seed", 42, "--out", keys)
        .exitCode());
    FastSimScheme oracle = new FastSimScheme();
    for (int id = 0; id < 7; id++) {
      KeyFiles.readPrivateKey(keys.resolve("replica-" + id + ".key"), oracle);
    }
    KeyFiles.readPrivateKey(keys.resolve("client-1000.key"), oracle);
    PublicConfiguration config = KeyFiles.readPublicConfiguration(keys.resolve("config.json"), oracle);
    CommitCertificate cert = certificate(keys, oracle, config, 0, 1, 6, 5, 4, 3, 2);
    Path file = dir.resolve("slot.json");
    CertificateFile.write(file, cert, config);
    Path cfg = keys.resolve("config.json");
    String expected = "VALID slot=1 digest=" + cert.digest().hex() + " ballot=0 signers=2,3,4,5,6\n";

    Run withKeys = run("verify-certificate", file, "--config", cfg, "--keys", keys);
    assertEquals(0, withKeys.exitCode(), withKeys.all());
    assertEquals(expected, withKeys.out());
    Run withSeed = run("verify-certificate", file, "--config", cfg, "--seed", 42);
    assertEquals(0, withSeed.exitCode(), withSeed.all());
    assertEquals(expected, withSeed.out());

    Run without = run("verify-certificate", file, "--config", cfg);
    assertEquals(ExitCodes.BAD_INPUT, without.exitCode(), without.all());
    assertTrue(without.err().contains("--keys DIR or --seed S"), without.all());
    Run wrongSeed = run("verify-certificate", file, "--config", cfg, "--seed", 43);
    assertEquals(ExitCodes.BAD_INPUT, wrongSeed.exitCode(), wrongSeed.all());
    assertTrue(wrongSeed.err().contains("not this configuration's"), wrongSeed.all());
  }

  @Test
  void exitCodesForBadConfigurationsAndCertificates() throws IOException {
    Path keys = dir.resolve("keys");
    run("keygen", "--replicas", 4, "--clients", 1, "--seed", 1, "--out", keys);
    Path cfg = keys.resolve("config.json");
    PublicConfiguration config = KeyFiles.readPublicConfiguration(cfg, Ed25519Scheme.INSTANCE);
    Path good = dir.resolve("good.json");
    CertificateFile.write(good, certificate(keys, Ed25519Scheme.INSTANCE, config, 1, 3, 0, 1, 2, 3), config);

    // Unreadable configurations: exit 2 with a message naming the file.
    Path garbageConfig = Files.write(dir.resolve("garbage-config.json"), new byte[] {1, 2, (byte) 0xff});
    for (Path c : List.of(dir.resolve("missing.json"), garbageConfig, good, keys.resolve("replica-0.key"), dir)) {
      Run r = run("verify-certificate", good, "--config", c);
      assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), c + "\n" + r.all());
      assertTrue(r.err().contains(c.toString()), r.all());
      assertEquals("", r.out());
    }
    // Keys for an ed25519 configuration: a mistake worth saying.
    Run keysForEd = run("verify-certificate", good, "--config", cfg, "--keys", keys);
    assertEquals(ExitCodes.BAD_INPUT, keysForEd.exitCode(), keysForEd.all());

    // A certificate file that does not exist, or is a directory: bad input, not INVALID.
    assertEquals(ExitCodes.BAD_INPUT, run("verify-certificate", dir.resolve("nope.json"), "--config", cfg).exitCode());
    assertEquals(ExitCodes.BAD_INPUT, run("verify-certificate", dir, "--config", cfg).exitCode());

    // Garbage certificates: INVALID, exit 1, one line, no stack trace.
    Random rnd = new Random(5);
    byte[] noise = new byte[300];
    rnd.nextBytes(noise);
    String goodText = Files.readString(good);
    List<byte[]> garbage = List.of(new byte[0], noise, "{".getBytes(StandardCharsets.UTF_8),
        goodText.substring(0, goodText.length() / 2).getBytes(StandardCharsets.UTF_8),
        "{\"format\": \"bftpaxos-commit-certificate/v1\", \"slot\": 1e999}".getBytes(StandardCharsets.UTF_8),
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(cfg));
    for (byte[] g : garbage) {
      Path f = Files.write(dir.resolve("garbage.json"), g);
      Run r = run("verify-certificate", f, "--config", cfg);
      assertEquals(1, r.exitCode(), r.all());
      assertTrue(r.out().startsWith("INVALID: MALFORMED_FILE: "), r.all());
      assertEquals(1, r.out().lines().count(), r.all());
      assertEquals("", r.err(), r.all());
    }
  }

  @Test
  void severalFilesArePrefixedAndOneInvalidFailsTheRun() throws IOException {
    Path keys = dir.resolve("keys");
    run("keygen", "--replicas", 4, "--clients", 1, "--out", keys);
    Path cfg = keys.resolve("config.json");
    PublicConfiguration config = KeyFiles.readPublicConfiguration(cfg, Ed25519Scheme.INSTANCE);
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    CertificateFile.write(a, certificate(keys, Ed25519Scheme.INSTANCE, config, 1, 1, 0, 1, 2), config);
    CertificateFile.write(b, certificate(keys, Ed25519Scheme.INSTANCE, config, 1, 2, 0, 1), config);
    Run r = run("verify-certificate", a, b, "--config", cfg);
    assertEquals(1, r.exitCode(), r.all());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.all());
    assertTrue(lines.get(0).startsWith(a + ": VALID slot=1 "), r.all());
    assertTrue(lines.get(1).startsWith(b + ": INVALID: TOO_FEW_SIGNERS: 2 distinct signers, the quorum is 3"), r.all());
  }

  @Test
  void anExportFolderVerifiesWithItsOwnConfig() throws IOException {
    Path keys = dir.resolve("keys");
    run("keygen", "--replicas", 4, "--clients", 1, "--seed", 3, "--out", keys);
    PublicConfiguration config = KeyFiles.readPublicConfiguration(keys.resolve("config.json"), Ed25519Scheme.INSTANCE);
    Path out = dir.resolve("export");
    Files.createDirectories(out);
    Files.writeString(out.resolve("slot-0000099.json"), "stale");
    Files.writeString(out.resolve("notes.txt"), "kept");
    List<CommitCertificate> certs = new ArrayList<>();
    for (long slot = 3; slot >= 1; slot--) {
      certs.add(certificate(keys, Ed25519Scheme.INSTANCE, config, 0, slot, 0, 1, 2));
    }
    certs.add(certificate(keys, Ed25519Scheme.INSTANCE, config, 1, 2, 1, 2, 3)); // slot 2 again, same batch
    List<Path> written = CertificateExport.exportAll(out, config, certs);
    assertEquals(List.of(out.resolve("slot-0000001.json"), out.resolve("slot-0000002.json"),
        out.resolve("slot-0000003.json")), written);
    assertFalse(Files.exists(out.resolve("slot-0000099.json")), "stale certificates are removed");
    assertTrue(Files.exists(out.resolve("notes.txt")), "other files are kept");
    assertEquals(config, KeyFiles.readPublicConfiguration(out.resolve("config.json"), Ed25519Scheme.INSTANCE));
    List<Object> args = new ArrayList<>(List.of("verify-certificate"));
    args.addAll(written);
    args.addAll(List.of("--config", out.resolve("config.json")));
    Run r = run(args.toArray());
    assertEquals(0, r.exitCode(), r.all());
    assertEquals(3, r.out().lines().filter(l -> l.contains(": VALID slot=")).count(), r.all());
    assertTrue(r.out().contains("slot-0000002.json: VALID slot=2 digest=") && r.out().contains("ballot=0 signers=0,1,2"),
        "the first certificate of a slot is kept\n" + r.all());
  }

  @Test
  void exportRefusesConflictsAndForeignCertificatesBeforeWritingAnything() throws IOException {
    Path keys = dir.resolve("keys");
    run("keygen", "--replicas", 4, "--clients", 1, "--seed", 3, "--out", keys);
    PublicConfiguration config = KeyFiles.readPublicConfiguration(keys.resolve("config.json"), Ed25519Scheme.INSTANCE);
    CommitCertificate one = certificate(keys, Ed25519Scheme.INSTANCE, config, 0, 1, 0, 1, 2);
    CommitCertificate otherBatch = new CommitCertificate(config.configId(), 1, 1, Digest32.of(new byte[32]), Batch.NOOP,
        one.signatures());
    Path out = dir.resolve("export");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CertificateExport.exportAll(out, config, List.of(one, otherBatch)));
    assertTrue(e.getMessage().contains("slot 1"), e.getMessage());
    CommitCertificate foreign = new CommitCertificate(Digest32.of(new byte[32]), 0, 2, one.digest(), one.batch(),
        one.signatures());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CertificateExport.exportAll(out, config, List.of(one, foreign)));
    assertFalse(Files.exists(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"keygen", "verify-certificate"})
  void helpExplainsTheFormatsAndExitCodes(String command) {
    Run r = run(command, "--help");
    assertEquals(0, r.exitCode(), r.all());
    assertTrue(r.out().contains("Usage: bft-paxos " + command), r.out());
    assertTrue(r.out().contains("docs/CERTIFICATES.md"), r.out());
    assertTrue(r.out().contains("Examples:") && r.out().contains("Exit codes:"), r.out());
    assertTrue(r.out().contains("bftpaxos-public-configuration/v1"), r.out());
    Run top = run("--help");
    assertTrue(top.out().contains(command), top.out());
    assertTrue(top.out().contains("bft-paxos " + command + " "), "top-level examples show " + command + "\n" + top.out());
  }
}
