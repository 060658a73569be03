package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.SignerSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * docs/CERTIFICATES.md must stay true: its example files are what this code writes, its test
 * vectors are the bytes this code signs and hashes, and a verifier written from the doc alone
 * (below: JSON tree, ByteBuffer, SHA-256, BouncyCastle's raw Ed25519; nothing from this project)
 * agrees with {@link OfflineVerifier} on valid and mutated certificates.
 *
 * <p>If the format changes on purpose, the failure message prints the new example to paste.
 */
class CertificatesDocTest {
  private static final Path DOC = Path.of("..", "docs", "CERTIFICATES.md");
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The example cluster: 4 replicas, client 1000, Ed25519 keys derived from this seed. */
  static final long EXAMPLE_SEED = 2024;

  /** The example: slot 7, ballot 1, two requests by client 1000, signed by replicas 2, 0 and 3. */
  static CommitCertificate example(TestCluster c) {
    Batch batch = new Batch(List.of(
        c.request(1000, 1, "put x 1".getBytes(StandardCharsets.UTF_8)),
        c.request(1000, 2, "get x".getBytes(StandardCharsets.UTF_8))));
    return c.certificate(1, 7, batch, List.of(2, 0, 3));
  }

  static TestCluster exampleCluster() {
    return new TestCluster(Ed25519Scheme.INSTANCE, EXAMPLE_SEED, 4, 1);
  }

  @Test
  void theDocShowsWhatTheCodeWrites() throws IOException {
    TestCluster c = exampleCluster();
    CommitCertificate cert = example(c);
    String certText = CertificateFile.format(cert, c.config);
    String configText = KeyFiles.formatPublicConfiguration(c.config);
    JsonNode certTree = JSON.readTree(certText);
    JsonNode first = certTree.get("batch").get(0);
    Map<String, String> hex = new TreeMap<>();
    hex.put("configuration-bytes", HEX.formatHex(DocVerifier.configBytes(JSON.readTree(configText))));
    hex.put("request-statement", HEX.formatHex(DocVerifier.requestStatement(certTree.get("configId").asText(), first)));
    hex.put("batch-bytes", HEX.formatHex(DocVerifier.batchBytes(certTree)));
    hex.put("commit-statement", HEX.formatHex(DocVerifier.commitStatement(certTree)));
    String valid = c.verifier.verify(certText).render();
    StringBuilder now = new StringBuilder("config.json:\n" + configText + "\nslot-0000007.json:\n" + certText);
    hex.forEach((k, v) -> now.append('\n').append(k).append(":\n").append(v).append('\n'));
    now.append('\n').append(valid).append('\n');
    String hint = "\n" + DOC + " no longer shows what the code produces; the example is now:\n" + now;

    String doc = Files.readString(DOC);
    assertEquals(configText, block(doc, "example: config.json", hint), hint);
    assertEquals(certText, block(doc, "example: slot-0000007.json", hint), hint);
    for (Map.Entry<String, String> e : hex.entrySet()) {
      String annotated = block(doc, "test-vector: " + e.getKey(), hint);
      assertEquals(e.getValue(), annotated.replaceAll("#[^\n]*", "").replaceAll("\\s+", ""), e.getKey() + hint);
    }
    assertTrue(doc.contains(valid), "the VALID line" + hint);
    // The digest and configId the doc's prose quotes are the example's.
    assertTrue(doc.contains(cert.digest().hex()) && doc.contains(c.config.configId().hex()), hint);
  }

  /** The fenced block after {@code <!-- marker -->}, with its final newline. */
  private static String block(String doc, String marker, String hint) {
    int at = doc.indexOf("<!-- " + marker + " -->");
    if (at < 0) {
      fail("no <!-- " + marker + " --> in " + DOC + hint);
    }
    int open = doc.indexOf("```", at);
    int start = doc.indexOf('\n', open) + 1;
    int close = doc.indexOf("\n```", start);
    return doc.substring(start, close + 1);
  }

  @Test
  void theExampleIsValid() {
    TestCluster c = exampleCluster();
    OfflineVerifier.Result r = c.verifier.verify(CertificateFile.format(example(c), c.config));
    assertTrue(r.isValid(), r.render());
  }

  @Test
  void aVerifierWrittenFromTheDocAgrees() throws IOException {
    long seed = OfflineVerifierPropertyTest.SEED;
    System.out.println("CertificatesDocTest seed=" + seed + " (rerun with -Dlearner.test.seed=" + seed + ")");
    Random rnd = new Random(seed);
    for (int n : new int[] {4, 7}) {
      TestCluster c = new TestCluster(Ed25519Scheme.INSTANCE, seed, n, 2);
      TestCluster other = new TestCluster(Ed25519Scheme.INSTANCE, seed + 1, n, 2);
      JsonNode config = JSON.readTree(KeyFiles.formatPublicConfiguration(c.config));
      for (int it = 0; it < 15; it++) {
        String ctx = "seed=" + seed + " n=" + n + " iteration " + it;
        CommitCertificate cert = c.randomCertificate(rnd);
        List<CommitCertificate> variants = new ArrayList<>(List.of(cert));
        List<SignerSignature> sigs = new ArrayList<>(cert.signatures());
        byte[] s = sigs.get(0).signature();
        s[rnd.nextInt(s.length)] ^= 4;
        sigs.set(0, new SignerSignature(sigs.get(0).signerId(), s));
        variants.add(with(cert, sigs));
        variants.add(with(cert, cert.signatures().subList(0, c.quorum() - 1)));
        sigs = new ArrayList<>(cert.signatures());
        sigs.add(sigs.get(0));
        variants.add(with(cert, sigs));
        sigs = new ArrayList<>(cert.signatures());
        sigs.set(0, new SignerSignature(n + 3, sigs.get(0).signature()));
        variants.add(with(cert, sigs));
        sigs = new ArrayList<>(cert.signatures());
        sigs.set(0, new SignerSignature(sigs.get(0).signerId(), new byte[10]));
        variants.add(with(cert, sigs));
        variants.add(new CommitCertificate(cert.configId(), cert.ballot(), cert.slot(), cert.digest(),
            c.randomBatch(rnd, 2), cert.signatures()));
        for (CommitCertificate v : variants) {
          String text = CertificateFile.format(v, c.config);
          String mine = DocVerifier.verify(JSON.readTree(text), config);
          OfflineVerifier.Result r = c.verifier.verify(text);
          assertEquals(r.isValid() ? "VALID" : ((OfflineVerifier.Invalid) r).reason().name(), mine, ctx + "\n" + text);
        }
        // Another cluster's configuration.
        String text = CertificateFile.format(cert, c.config);
        assertEquals("CONFIG_MISMATCH", DocVerifier.verify(JSON.readTree(text),
            JSON.readTree(KeyFiles.formatPublicConfiguration(other.config))), ctx);
      }
    }
  }

  private static CommitCertificate with(CommitCertificate c, List<SignerSignature> sigs) {
    return new CommitCertificate(c.configId(), c.ballot(), c.slot(), c.digest(), c.batch(), sigs);
  }

  /**
   * The worked example of docs/CERTIFICATES.md in Java, from the doc only. Assumes a file that
   * parses (the doc's step 1); returns "VALID" or the reason's name.
   */
  static final class DocVerifier {
    static String verify(JsonNode cert, JsonNode config) {
      if (!cert.get("scheme").asText().equals(config.get("scheme").asText())) {
        return "SCHEME_MISMATCH";
      }
      byte[] configId = sha256(configBytes(config));
      if (!MessageDigest.isEqual(configId, HEX.parseHex(cert.get("configId").asText()))) {
        return "CONFIG_MISMATCH";
      }
      if (!MessageDigest.isEqual(sha256(batchBytes(cert)), HEX.parseHex(cert.get("digest").asText()))) {
        return "BATCH_DIGEST_MISMATCH";
      }
      Map<Integer, byte[]> keys = new TreeMap<>();
      config.get("replicas").forEach(m -> keys.put(m.get("id").asInt(), HEX.parseHex(m.get("publicKey").asText())));
      int n = keys.size();
      int f = (n - 1) / 3;
      int q = (n + f + 2) / 2;
      JsonNode sigs = cert.get("signatures");
      for (JsonNode s : sigs) {
        if (Base64.getDecoder().decode(s.get("signature").asText()).length != 64) {
          return "MALFORMED_SIGNATURE";
        }
      }
      Set<Integer> seen = new HashSet<>();
      for (JsonNode s : sigs) {
        if (!seen.add(s.get("signer").asInt())) {
          return "DUPLICATE_SIGNER";
        }
      }
      for (JsonNode s : sigs) {
        if (!keys.containsKey(s.get("signer").asInt())) {
          return "UNKNOWN_SIGNER";
        }
      }
      if (sigs.size() < q) {
        return "TOO_FEW_SIGNERS";
      }
      byte[] statement = commitStatement(cert);
      for (JsonNode s : sigs) {
        byte[] sig = Base64.getDecoder().decode(s.get("signature").asText());
        if (!Ed25519.verify(sig, 0, keys.get(s.get("signer").asInt()), 0, statement, 0, statement.length)) {
          return "BAD_SIGNATURE";
        }
      }
      return "VALID";
    }

    static byte[] configBytes(JsonNode config) {
      Out o = new Out().str("bftpaxos/public-configuration/v1").str(config.get("scheme").asText());
      for (String role : List.of("replicas", "clients")) {
        Map<Integer, byte[]> members = new TreeMap<>();
        config.get(role).forEach(m -> members.put(m.get("id").asInt(), HEX.parseHex(m.get("publicKey").asText())));
        o.i32(members.size());
        members.forEach((id, pk) -> o.i32(id).bytes(pk));
      }
      return o.done();
    }

    static byte[] requestStatement(String configIdHex, JsonNode r) {
      return new Out().str("bftpaxos/request/v1").raw(HEX.parseHex(configIdHex)).i64(r.get("clientId").asLong())
          .i64(r.get("seq").asLong()).bytes(Base64.getDecoder().decode(r.get("op").asText())).done();
    }

    static byte[] batchBytes(JsonNode cert) {
      Out o = new Out().str("bftpaxos/batch/v1").i32(cert.get("batch").size());
      for (JsonNode r : cert.get("batch")) {
        o.i64(r.get("clientId").asLong()).i64(r.get("seq").asLong())
            .bytes(Base64.getDecoder().decode(r.get("op").asText()))
            .bytes(Base64.getDecoder().decode(r.get("signature").asText()));
      }
      return o.done();
    }

    static byte[] commitStatement(JsonNode cert) {
      return new Out().str("bftpaxos/commit/v1").raw(HEX.parseHex(cert.get("configId").asText()))
          .i64(cert.get("ballot").asLong()).i64(cert.get("slot").asLong())
          .raw(HEX.parseHex(cert.get("digest").asText())).done();
    }

    static byte[] sha256(byte[] b) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(b);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    /** Big-endian fields; byte strings and text prefixed by their int32 length. */
    static final class Out {
      private final ByteArrayOutputStream b = new ByteArrayOutputStream();

      Out i32(int v) {
        return raw(ByteBuffer.allocate(4).putInt(v).array());
      }

      Out i64(long v) {
        return raw(ByteBuffer.allocate(8).putLong(v).array());
      }

      Out bytes(byte[] v) {
        return i32(v.length).raw(v);
      }

      Out str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
      }

      Out raw(byte[] v) {
        b.writeBytes(v);
        return this;
      }

      byte[] done() {
        return b.toByteArray();
      }
    }
  }
}
