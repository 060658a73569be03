package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reply certificate files: what is written reads back to the same certificate and verifies, and
 * every way of breaking one is refused for its own reason. Each refusal starts from a certificate
 * that verifies, so a check that stopped working would show up as VALID here.
 */
class ReplyCertificateTest {
  private static final TestCluster CLUSTER = new TestCluster(Ed25519Scheme.INSTANCE, 77, 4, 2);
  private static final long CLIENT = TestCluster.FIRST_CLIENT;
  private static final byte[] OP = "put x 1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESULT = "ok".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  /** Client 1000's request #5, answered at slot 9 with RESULT and signed by {@code signers}. */
  private static ReplyCertificate certificate(byte[] result, List<Signer> signers) {
    Request r = CLUSTER.request(CLIENT, 5, OP);
    byte[] statement = Statements.reply(CLUSTER.config.configId(), CLIENT, 5, 9, result);
    List<SignerSignature> sigs = new ArrayList<>();
    for (Signer s : signers) {
      sigs.add(SignerSignature.sign(s, statement));
    }
    return new ReplyCertificate(CLUSTER.config.configId(), CLIENT, 5, 9, r.op(), r.signature(), result, sigs);
  }

  private static ReplyCertificate valid() {
    return certificate(RESULT, List.of(CLUSTER.replicas.get(2), CLUSTER.replicas.get(0)));
  }

  private static OfflineVerifier.Result verify(ReplyCertificate c) {
    return CLUSTER.verifier.verify(ReplyCertificateFile.format(c, CLUSTER.config));
  }

  private static void assertRefused(InvalidReason reason, OfflineVerifier.Result r) {
    assertFalse(r.isValid(), r.render());
    assertEquals(reason, ((OfflineVerifier.Invalid) r).reason(), r.render());
  }

  @Test
  void fileRoundTripsAndVerifies(@TempDir Path tmp) throws Exception {
    ReplyCertificate c = valid();
    Path file = tmp.resolve("sub/reply.json");
    ReplyCertificateFile.write(file, c, CLUSTER.config);
    String text = Files.readString(file);
    assertTrue(text.contains("\"format\": \"" + ReplyCertificateFile.FORMAT + "\""), text);
    ReplyCertificateFile.Contents back = ReplyCertificateFile.read(text);
    assertEquals(CLUSTER.config.schemeName(), back.scheme());
    ReplyCertificate b = back.certificate();
    assertEquals(List.of(c.configId(), c.clientId(), c.seq(), c.slot()),
        List.of(b.configId(), b.clientId(), b.seq(), b.slot()));
    assertArrayEquals(c.op(), b.op());
    assertArrayEquals(c.requestSignature(), b.requestSignature());
    assertArrayEquals(c.result(), b.result());
    assertEquals(c.signatures().size(), b.signatures().size());
    for (int i = 0; i < c.signatures().size(); i++) {
      assertEquals(c.signatures().get(i).signerId(), b.signatures().get(i).signerId());
      assertArrayEquals(c.signatures().get(i).signature(), b.signatures().get(i).signature());
    }
    // One spelling per certificate: writing what was read gives the same bytes.
    assertEquals(text, ReplyCertificateFile.format(b, CLUSTER.config));
    OfflineVerifier.Result r = CLUSTER.verifier.verify(Files.readAllBytes(file));
    assertInstanceOf(OfflineVerifier.ValidReply.class, r, r.render());
    assertEquals(List.of(0, 2), ((OfflineVerifier.ValidReply) r).signers());
    assertTrue(r.render().startsWith("VALID reply client=1000 seq=5 slot=9 "), r.render());
    // No temporary file is left behind next to it.
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file.getFileName()), files.map(Path::getFileName).toList());
    }
  }

  @Test
  void tamperedResultIsABadSignature() {
    ReplyCertificate c = valid();
    ReplyCertificate tampered = new ReplyCertificate(c.configId(), c.clientId(), c.seq(), c.slot(), c.op(),
        c.requestSignature(), "not found".getBytes(StandardCharsets.UTF_8), c.signatures());
    assertTrue(verify(c).isValid());
    assertRefused(InvalidReason.BAD_SIGNATURE, verify(tampered));
  }

  @Test
  void tamperedSlotIsABadSignature() {
    ReplyCertificate c = valid();
    ReplyCertificate tampered = new ReplyCertificate(c.configId(), c.clientId(), c.seq(), c.slot() + 1, c.op(),
        c.requestSignature(), c.result(), c.signatures());
    assertRefused(InvalidReason.BAD_SIGNATURE, verify(tampered));
  }

  @Test
  void tamperedOpIsABadRequestSignature() {
    ReplyCertificate c = valid();
    ReplyCertificate tampered = new ReplyCertificate(c.configId(), c.clientId(), c.seq(), c.slot(),
        "put x 2".getBytes(StandardCharsets.UTF_8), c.requestSignature(), c.result(), c.signatures());
    assertRefused(InvalidReason.BAD_REQUEST_SIGNATURE, verify(tampered));
  }

  @Test
  void aClientOutsideTheConfigurationIsRefused() {
    ReplyCertificate c = valid();
    ReplyCertificate other = new ReplyCertificate(c.configId(), 4242, c.seq(), c.slot(), c.op(),
        c.requestSignature(), c.result(), c.signatures());
    assertRefused(InvalidReason.UNKNOWN_CLIENT, verify(other));
  }

  @Test
  void duplicateSignerIsRefused() {
    Signer r2 = CLUSTER.replicas.get(2);
    assertRefused(InvalidReason.DUPLICATE_SIGNER, verify(certificate(RESULT, List.of(r2, r2))));
  }

  @Test
  void unknownSignerIsRefused() {
    OfflineVerifier.Result r = verify(certificate(RESULT, List.of(CLUSTER.replicas.get(1), CLUSTER.outsider(9))));
    assertRefused(InvalidReason.UNKNOWN_SIGNER, r);
    assertEquals(9, ((OfflineVerifier.Invalid) r).signerId().getAsInt());
  }

  @Test
  void fewerThanFPlusOneSignersAreRefused() {
    assertEquals(2, CLUSTER.verifier.replies().threshold());
    assertRefused(InvalidReason.TOO_FEW_SIGNERS, verify(certificate(RESULT, List.of(CLUSTER.replicas.get(3)))));
  }

  @Test
  void aCertificateOfAnotherConfigurationIsRefused() {
    TestCluster other = new TestCluster(Ed25519Scheme.INSTANCE, 78, 4, 2);
    OfflineVerifier.Result r = other.verifier.verify(ReplyCertificateFile.format(valid(), CLUSTER.config));
    assertRefused(InvalidReason.CONFIG_MISMATCH, r);
  }

  @Test
  void anotherSchemeIsRefused() {
    String text = ReplyCertificateFile.format(valid(), CLUSTER.config).replace("\"ed25519\"", "\"fastsim\"");
    assertRefused(InvalidReason.SCHEME_MISMATCH, CLUSTER.verifier.verify(text));
  }

  @Test
  void unknownAndMissingFieldsAreMalformed() {
    String text = ReplyCertificateFile.format(valid(), CLUSTER.config);
    OfflineVerifier.Result extra = CLUSTER.verifier.verify(text.replace("\"slot\": 9,", "\"slot\": 9, \"note\": 1,"));
    assertRefused(InvalidReason.MALFORMED_FILE, extra);
    assertTrue(extra.render().contains("unknown field \"note\""), extra.render());
    OfflineVerifier.Result missing = CLUSTER.verifier.verify(text.replaceAll("\"requestSignature\": \"[^\"]*\",", ""));
    assertRefused(InvalidReason.MALFORMED_FILE, missing);
    assertTrue(missing.render().contains("missing field \"requestSignature\""), missing.render());
  }

  @Test
  void writingForAnotherConfigurationIsACallersMistake() throws IOException {
    TestCluster other = new TestCluster(Ed25519Scheme.INSTANCE, 78, 4, 2);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ReplyCertificateFile.write(dir.resolve("x.json"), valid(), other.config));
    assertFalse(Files.exists(dir.resolve("x.json")));
  }
}
