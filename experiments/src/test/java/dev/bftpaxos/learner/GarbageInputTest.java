package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.crypto.FastSimScheme;
import dev.bftpaxos.crypto.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever bytes the verifier is given, it answers VALID or INVALID with a reason and a one-line
 * detail, and never throws. Fixed nasty inputs, random bytes, random JSON, every truncation of a
 * valid file, random character and byte edits, and random replacements of parts of the JSON tree.
 * An edit that leaves the file valid must leave it meaning the same certificate.
 *
 * <p>Seeded; the seed is printed and in every failure message ({@code -Dlearner.test.seed=<seed>}).
 */
class GarbageInputTest {
  private static final long SEED = OfflineVerifierPropertyTest.SEED;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] FIELDS = {"format", "scheme", "configId", "ballot", "slot", "digest", "batch",
      "signatures", "clientId", "seq", "op", "signature", "signer"};

  private static TestCluster cluster;
  private static CommitCertificate valid;
  private static String validText;

  @BeforeAll
  static void setUp() {
    System.out.println("GarbageInputTest seed=" + SEED + " (rerun with -Dlearner.test.seed=" + SEED + ")");
    cluster = new TestCluster(new FastSimScheme(), SEED, 4, 2);
    valid = cluster.randomCertificate(new Random(SEED));
    // A small batch keeps the per-character loops short; make sure it has at least one request.
    if (valid.batch().requests().isEmpty()) {
      valid = cluster.certificate(valid.ballot(), valid.slot(),
          new dev.bftpaxos.core.msg.Batch(List.of(cluster.request(TestCluster.FIRST_CLIENT, 1, new byte[] {7}))),
          valid.signatures().stream().map(s -> s.signerId()).toList());
    }
    validText = CertificateFile.format(valid, cluster.config);
  }

  /** Verifies, failing the test on an exception; checks the result's shape. */
  private static OfflineVerifier.Result verify(byte[] input, String ctx) {
    OfflineVerifier.Result r;
    try {
      r = cluster.verifier.verify(input);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError(ctx + ": verify threw on " + show(input), e);
    }
    assertFalse(r.render().contains("\n") || r.render().contains("\r"), ctx + ": not one line: " + r.render());
    if (r instanceof OfflineVerifier.Invalid inv) {
      assertFalse(inv.detail().isBlank(), ctx + ": empty detail");
    }
    return r;
  }

  private static OfflineVerifier.Result verify(String input, String ctx) {
    return verify(input.getBytes(StandardCharsets.UTF_8), ctx);
  }

  private static void expectMalformed(String input, String ctx) {
    OfflineVerifier.Result r = verify(input, ctx);
    OfflineVerifierPropertyTest.assertReason(r, InvalidReason.MALFORMED_FILE, null, ctx + " on " + show(input));
  }

  /** Valid, and meaning exactly the original certificate; or invalid. */
  private static void expectSameOrInvalid(OfflineVerifier.Result r, String ctx, byte[] input) {
    if (r instanceof OfflineVerifier.Valid v) {
      assertEquals(valid, v.certificate(), ctx + ": an edited file verified as a different certificate: " + show(input));
    }
  }

  private static String show(byte[] b) {
    String s = new String(b, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "...(" + b.length + " bytes)" : s;
  }

  private static String show(String s) {
    return show(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theUneditedFileIsValid() {
    assertTrue(verify(validText, "seed=" + SEED).isValid(), validText);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t ", "null", "true", "0", "-1", "\"text\"", "[]", "{}", "[{}]", "{\"a\":1}",
      "{", "}", "[", "{\"format\":", "{\"format\": \"bftpaxos-commit-certificate/v1\"",
      "{\"format\": \"bftpaxos-commit-certificate/v1\"}", "{\"format\": \"bftpaxos-commit-certificate/v2\"}",
      "{\"format\": 1}", "{\"format\": null}", "{'format': 'x'}", "{\"format\": \"x\",}", "// comment\n{}",
      "\uFEFF{}", "NaN", "Infinity", "1e999999", "[1,2,3", "\"unterminated", "{\"\\uZZZZ\": 1}", "\u0000"})
  void fixedGarbageIsMalformed(String input) {
    expectMalformed(input, "fixed garbage");
  }

  @Test
  void binaryNonUtf8AndHugeInputsAreMalformed() {
    expectMalformedBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0x7b}, "UTF-16 BOM");
    expectMalformedBytes(new byte[] {(byte) 0xc3, (byte) 0x28}, "invalid UTF-8");
    expectMalformedBytes(new byte[] {0x7b, (byte) 0x80, 0x7d}, "stray continuation byte");
    expectMalformed("[".repeat(100_000), "deep nesting of arrays");
    expectMalformed("{\"a\":".repeat(50_000), "deep nesting of objects");
    expectMalformed("9".repeat(100_000), "a huge number");
    expectMalformed(" ".repeat(1_000_000) + "{}", "much whitespace");
    byte[] tooBig = new byte[(int) CertificateFile.FILE_BYTES_MAX + 1];
    java.util.Arrays.fill(tooBig, (byte) ' ');
    expectMalformedBytes(tooBig, "over the size bound");
  }

  private static void expectMalformedBytes(byte[] input, String ctx) {
    OfflineVerifierPropertyTest.assertReason(verify(input, ctx), InvalidReason.MALFORMED_FILE, null, ctx);
  }

  @Test
  void otherFileFormatsAreNamed() {
    OfflineVerifier.Result r = verify(KeyFiles.formatPublicConfiguration(cluster.config), "config as certificate");
    OfflineVerifierPropertyTest.assertReason(r, InvalidReason.MALFORMED_FILE, null, "config as certificate");
    assertTrue(((OfflineVerifier.Invalid) r).detail().contains("public configuration file"), r.render());
  }

  @Test
  void everyFieldWithEveryWrongTypeOrValueIsRejected() throws Exception {
    JsonNode[] wrong = {NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(1), NODES.numberNode(1.5),
        NODES.numberNode(-1), NODES.textNode("x"), NODES.textNode(""), NODES.arrayNode(), NODES.objectNode(),
        NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
        NODES.textNode("A".repeat(64)), NODES.textNode("zz".repeat(32)), NODES.textNode("QQ"), NODES.textNode("QR=="),
        NODES.textNode("Q Q=="), NODES.textNode("-_-_"), NODES.arrayNode().add(NODES.arrayNode())};
    ObjectNode root = (ObjectNode) JSON.readTree(validText);
    int checked = 0;
    for (String path : allPaths(root)) {
      for (JsonNode w : wrong) {
        ObjectNode copy = root.deepCopy();
        replace(copy, path, w);
        String text = copy.toString();
        String ctx = "field " + path + " = " + w;
        OfflineVerifier.Result r = verify(text, ctx);
        expectSameOrInvalid(r, ctx, text.getBytes(StandardCharsets.UTF_8));
        JsonNode original = node(root, path);
        boolean wrongType = original.getNodeType() != w.getNodeType()
            || (original.isIntegralNumber() && !(w.isIntegralNumber() && w.canConvertToLong()));
        if (wrongType) {
          OfflineVerifierPropertyTest.assertReason(r, InvalidReason.MALFORMED_FILE, null, ctx);
        }
        checked++;
      }
      // Missing.
      ObjectNode copy = root.deepCopy();
      remove(copy, path);
      expectMalformed(copy.toString(), "field " + path + " removed");
      checked++;
    }
    // An unknown field at each level.
    for (String where : List.of("", "batch[0]", "signatures[0]")) {
      ObjectNode copy = root.deepCopy();
      ((ObjectNode) (where.isEmpty() ? copy : node(copy, where))).put("extra", 1);
      expectMalformed(copy.toString(), "unknown field in " + where);
    }
    // A duplicate field.
    expectMalformed(validText.replaceFirst("\"slot\"", "\"slot\": 1, \"slot\""), "duplicate field");
    // Trailing content.
    expectMalformed(validText + "{}", "trailing object");
    expectMalformed(validText + "x", "trailing garbage");
    System.out.println("GarbageInputTest: " + checked + " field replacements and removals");
  }

  @Test
  void everyTruncationIsMalformed() {
    int end = validText.lastIndexOf('}') + 1;
    for (int len = 0; len < validText.length(); len++) {
      String prefix = validText.substring(0, len);
      if (len < end) {
        expectMalformed(prefix, "truncated to " + len + " of " + validText.length() + " characters");
      } else {
        assertTrue(verify(prefix, "only trailing whitespace cut").isValid());
      }
    }
  }

  @Test
  void randomBytesAreMalformed() {
    Random rnd = new Random(SEED + 1);
    for (int i = 0; i < 5000 * OfflineVerifierPropertyTest.MULTIPLIER; i++) {
      byte[] b = new byte[rnd.nextInt(400)];
      rnd.nextBytes(b);
      if (rnd.nextBoolean() && b.length > 0) {
        b[0] = '{';
      }
      OfflineVerifierPropertyTest.assertReason(verify(b, "seed=" + SEED + " random bytes " + i),
          InvalidReason.MALFORMED_FILE, null, "seed=" + SEED + " random bytes " + i);
    }
  }

  @Test
  void randomJsonIsRejected() throws Exception {
    Random rnd = new Random(SEED + 2);
    for (int i = 0; i < 5000 * OfflineVerifierPropertyTest.MULTIPLIER; i++) {
      JsonNode v = rnd.nextInt(4) == 0 ? randomValue(rnd, 0) : randomObject(rnd, 0);
      String text = JSON.writeValueAsString(v);
      OfflineVerifier.Result r = verify(text, "seed=" + SEED + " random JSON " + i);
      assertFalse(r.isValid(), "seed=" + SEED + " random JSON verified: " + text);
    }
  }

  @Test
  void randomCharacterAndByteEditsNeverThrowAndNeverChangeTheMeaning() {
    Random rnd = new Random(SEED + 3);
    String alphabet = "{}[]:,\" \n0123456789-+.eEabcdefABCDEF=/+xyz\\\u00e9\u0000";
    byte[] bytes = validText.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 10_000 * OfflineVerifierPropertyTest.MULTIPLIER; i++) {
      String ctx = "seed=" + SEED + " edit " + i;
      if (i % 2 == 0) {
        StringBuilder b = new StringBuilder(validText);
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
          int at = rnd.nextInt(b.length());
          char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
          switch (rnd.nextInt(3)) {
            case 0 -> b.setCharAt(at, c);
            case 1 -> b.insert(at, c);
            default -> b.deleteCharAt(at);
          }
        }
        byte[] in = b.toString().getBytes(StandardCharsets.UTF_8);
        expectSameOrInvalid(verify(in, ctx), ctx, in);
      } else {
        byte[] in = bytes.clone();
        in[rnd.nextInt(in.length)] ^= (byte) (1 + rnd.nextInt(255));
        expectSameOrInvalid(verify(in, ctx), ctx, in);
      }
    }
  }

  @Test
  void randomTreeReplacementsNeverThrow() throws Exception {
    Random rnd = new Random(SEED + 4);
    ObjectNode root = (ObjectNode) JSON.readTree(validText);
    List<String> paths = allPaths(root);
    for (int i = 0; i < 3000 * OfflineVerifierPropertyTest.MULTIPLIER; i++) {
      ObjectNode copy = root.deepCopy();
      String path = paths.get(rnd.nextInt(paths.size()));
      replace(copy, path, randomValue(rnd, 0));
      byte[] in = copy.toString().getBytes(StandardCharsets.UTF_8);
      expectSameOrInvalid(verify(in, "seed=" + SEED + " replace " + path), "replace " + path, in);
    }
  }

  // ------------------------------------------------------------------------ random JSON

  private static JsonNode randomValue(Random rnd, int depth) {
    int kind = rnd.nextInt(depth > 3 ? 6 : 8);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(rnd.nextBoolean());
      case 2 -> NODES.numberNode(rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(20) - 2);
      case 3 -> NODES.numberNode(rnd.nextDouble() * 1e6);
      case 4 -> NODES.numberNode(new java.math.BigInteger(80, rnd));
      case 5 -> NODES.textNode(randomString(rnd));
      case 6 -> randomObject(rnd, depth + 1);
      default -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          a.add(rnd.nextBoolean() ? randomObject(rnd, depth + 1) : randomValue(rnd, depth + 1));
        }
        yield a;
      }
    };
  }

  private static ObjectNode randomObject(Random rnd, int depth) {
    ObjectNode o = NODES.objectNode();
    for (int i = rnd.nextInt(10); i > 0; i--) {
      String name = rnd.nextInt(6) == 0 ? randomString(rnd) : FIELDS[rnd.nextInt(FIELDS.length)];
      if (name.equals("format") && rnd.nextBoolean()) {
        o.put(name, CertificateFile.FORMAT);
      } else {
        o.set(name, depth > 4 ? NODES.nullNode() : randomValue(rnd, depth));
      }
    }
    return o;
  }

  private static String randomString(Random rnd) {
    return switch (rnd.nextInt(5)) {
      case 0 -> "";
      case 1 -> "0".repeat(64);
      case 2 -> "AAAA";
      case 3 -> cluster.config.schemeName();
      default -> Long.toHexString(rnd.nextLong());
    };
  }

  // ------------------------------------------------------------------------ JSON paths

  /** Every field path: "slot", "batch", "batch[0]", "batch[0].op", ... */
  private static List<String> allPaths(ObjectNode root) {
    List<String> out = new ArrayList<>();
    root.fieldNames().forEachRemaining(f -> {
      out.add(f);
      JsonNode v = root.get(f);
      if (v.isArray()) {
        for (int i = 0; i < v.size(); i++) {
          out.add(f + "[" + i + "]");
          int index = i;
          v.get(i).fieldNames().forEachRemaining(g -> out.add(f + "[" + index + "]." + g));
        }
      }
    });
    return out;
  }

  private static JsonNode node(JsonNode root, String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      if (bracket < 0) {
        n = n.get(part);
      } else {
        n = n.get(part.substring(0, bracket)).get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
      }
    }
    return n;
  }

  private static void replace(ObjectNode root, String path, JsonNode value) {
    int dot = path.lastIndexOf('.');
    String last = dot < 0 ? path : path.substring(dot + 1);
    JsonNode parent = dot < 0 ? root : node(root, path.substring(0, dot));
    int bracket = last.indexOf('[');
    if (bracket < 0) {
      ((ObjectNode) parent).set(last, value);
    } else {
      ArrayNode a = (ArrayNode) parent.get(last.substring(0, bracket));
      a.set(Integer.parseInt(last.substring(bracket + 1, last.length() - 1)), value);
    }
  }

  private static void remove(ObjectNode root, String path) {
    int dot = path.lastIndexOf('.');
    String last = dot < 0 ? path : path.substring(dot + 1);
    JsonNode parent = dot < 0 ? root : node(root, path.substring(0, dot));
    int bracket = last.indexOf('[');
    if (bracket < 0) {
      ((ObjectNode) parent).remove(last);
    } else {
      // "batch[0]" removed: drop the whole array, so that the field is missing (dropping one
      // element would make a different, well-formed file).
      ((ObjectNode) parent).remove(last.substring(0, bracket));
    }
  }

  @Test
  void failsIfTheFixtureIsBroken() {
    if (!validText.contains("\"batch\": [\n")) {
      fail("fixture should have a non-empty batch:\n" + validText);
    }
  }
}
