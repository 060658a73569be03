package dev.bftpaxos.learner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.wire.WireCodec;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.SignerSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and writes commit certificate files: one {@link CommitCertificate} as UTF-8 JSON that
 * anyone holding the cluster's public configuration file can check offline, with this code
 * ({@link OfflineVerifier}, {@code bft-paxos verify-certificate}) or without it
 * (docs/CERTIFICATES.md describes every byte).
 *
 * <pre>
 * {
 *   "format": "bftpaxos-commit-certificate/v1",
 *   "scheme": "ed25519",
 *   "configId": "&lt;64 hex digits: PublicConfiguration#configId()&gt;",
 *   "ballot": 3,
 *   "slot": 17,
 *   "digest": "&lt;64 hex digits: BatchDigest of the batch&gt;",
 *   "batch": [ {"clientId": 1000, "seq": 4, "op": "&lt;base64&gt;", "signature": "&lt;base64&gt;"} ],
 *   "signatures": [ {"signer": 0, "signature": "&lt;base64&gt;"} ]
 * }
 * </pre>
 *
 * <p>Reading is strict, so that a file means one thing or is rejected: every field is required,
 * unknown and duplicate fields are errors, numbers must be integers in range (no fractions or
 * exponents), hex is exactly 64 lowercase digits, base64 is the standard alphabet with padding
 * and in canonical form (the one {@link Base64#getEncoder()} produces). Every value has one
 * accepted spelling, so the files this class writes for one certificate are byte-identical and can
 * be compared and deduplicated as bytes; another writer's file can differ only in field order and
 * whitespace, which are free on reading. Bounds: {@value #FILE_BYTES_MAX} bytes,
 * {@value #BATCH_REQUESTS_MAX} requests (the wire format's bound on a batch),
 * {@value #SIGNATURES_MAX} signatures. Every problem is a {@link CertificateFileException} whose
 * message names the field; no input makes the reader throw anything else.
 *
 * <p>Reading checks the shape of the file only; whether the certificate proves anything is
 * {@link OfflineVerifier}'s job.
 */
public final class CertificateFile {
  /** Value of the {@code "format"} field. */
  public static final String FORMAT = "bftpaxos-commit-certificate/v1";
  /** Largest file read. A 16 MiB batch (the wire's largest frame) in base64 fits with room. */
  public static final long FILE_BYTES_MAX = 64L << 20;
  /** Most requests in the batch: no larger batch can have been proposed over the wire. */
  public static final int BATCH_REQUESTS_MAX = WireCodec.BATCH_REQUESTS_MAX;
  /** Most signatures; far above any quorum the project runs (the core counts votes in a long). */
  public static final int SIGNATURES_MAX = 1024;

  /** Root object, batch array, request object: anything deeper is garbage. */
  private static final int NESTING_DEPTH_MAX = 8;
  private static final int SHOWN_VALUE_CHARS_MAX = 40;
  private static final Pattern SCHEME_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
  private static final HexFormat HEX = HexFormat.of();
  private static final Set<String> ROOT_FIELDS =
      Set.of("format", "scheme", "configId", "ballot", "slot", "digest", "batch", "signatures");
  private static final Set<String> REQUEST_FIELDS = Set.of("clientId", "seq", "op", "signature");
  private static final Set<String> SIGNATURE_FIELDS = Set.of("signer", "signature");

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(NESTING_DEPTH_MAX)
          .maxNumberLength(64)
          .maxStringLength((int) FILE_BYTES_MAX)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CertificateFile() {}

  /** What a certificate file holds: the scheme it names and the certificate. */
  public record Contents(String scheme, CommitCertificate certificate) {}

  // ------------------------------------------------------------------------------------ writing

  /**
   * The file text for {@code certificate}, whose scheme is {@code config}'s. One request and one
   * signature per line, so a file diffs and greps well.
   *
   * @throws IllegalArgumentException if the certificate is for another configuration
   */
  public static String format(CommitCertificate certificate, PublicConfiguration config) {
    if (!certificate.configId().equals(config.configId())) {
      throw new IllegalArgumentException("certificate for slot " + certificate.slot() + " is for configuration "
          + certificate.configId().shortHex() + ", not " + config.configId().shortHex());
    }
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder b = new StringBuilder(512);
    b.append("{\n");
    b.append("  \"format\": \"").append(FORMAT).append("\",\n");
    // Scheme names match [a-z0-9.-]+ (PublicConfiguration checks), so they need no escaping.
    b.append("  \"scheme\": \"").append(config.schemeName()).append("\",\n");
    b.append("  \"configId\": \"").append(certificate.configId().hex()).append("\",\n");
    b.append("  \"ballot\": ").append(certificate.ballot()).append(",\n");
    b.append("  \"slot\": ").append(certificate.slot()).append(",\n");
    b.append("  \"digest\": \"").append(certificate.digest().hex()).append("\",\n");
    b.append("  \"batch\": [");
    List<Request> requests = certificate.batch().requests();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      b.append(i == 0 ? "\n" : ",\n");
      b.append("    {\"clientId\": ").append(r.clientId())
          .append(", \"seq\": ").append(r.seq())
          .append(", \"op\": \"").append(b64.encodeToString(r.op()))
          .append("\", \"signature\": \"").append(b64.encodeToString(r.signature())).append("\"}");
    }
    b.append(requests.isEmpty() ? "],\n" : "\n  ],\n");
    b.append("  \"signatures\": [");
    List<SignerSignature> sigs = certificate.signatures();
    for (int i = 0; i < sigs.size(); i++) {
      SignerSignature s = sigs.get(i);
      b.append(i == 0 ? "\n" : ",\n");
      b.append("    {\"signer\": ").append(s.signerId())
          .append(", \"signature\": \"").append(b64.encodeToString(s.signature())).append("\"}");
    }
    b.append(sigs.isEmpty() ? "]\n" : "\n  ]\n");
    b.append("}\n");
    return b.toString();
  }

  /** Writes {@link #format} to {@code out}. */
  public static void write(Writer out, CommitCertificate certificate, PublicConfiguration config) throws IOException {
    out.write(format(certificate, config));
  }

  /** Writes {@link #format} to {@code file}, replacing it; creates missing parent directories. */
  public static void write(Path file, CommitCertificate certificate, PublicConfiguration config) throws IOException {
    String text = format(certificate, config);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------ reading

  /**
   * Reads a certificate file.
   *
   * @throws IOException if the file cannot be read (missing, a directory, no permission)
   * @throws CertificateFileException if what it holds is not a well-formed certificate file
   */
  public static Contents read(Path file) throws IOException, CertificateFileException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) FILE_BYTES_MAX + 1);
    }
    return read(bytes);
  }

  /** Parses the bytes of a certificate file, which must be UTF-8. */
  public static Contents read(byte[] bytes) throws CertificateFileException {
    if (bytes.length > FILE_BYTES_MAX) {
      throw new CertificateFileException("file is larger than the " + FILE_BYTES_MAX + " bytes allowed");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CertificateFileException("file is not UTF-8 text");
    }
    return read(text);
  }

  /** Parses the text of a certificate file. */
  public static Contents read(String text) throws CertificateFileException {
    if (text.length() > FILE_BYTES_MAX) {
      throw new CertificateFileException("file is larger than the " + FILE_BYTES_MAX + " bytes allowed");
    }
    if (text.isBlank()) {
      throw new CertificateFileException("file is empty");
    }
    JsonNode root = parseJson(text);
    return certificate(root);
  }

  private static JsonNode parseJson(String text) throws CertificateFileException {
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new CertificateFileException("file is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new CertificateFileException("not valid JSON" + where + ": " + oneLine(e.getOriginalMessage()));
    } catch (RuntimeException e) {
      // Jackson promises JsonProcessingException for bad input; this keeps the reader's contract
      // (nothing but CertificateFileException) should some corner of it not.
      throw new CertificateFileException("not valid JSON: " + oneLine(String.valueOf(e.getMessage())));
    }
  }

  private static Contents certificate(JsonNode root) throws CertificateFileException {
    requireObject(root, "the top level");
    String format = string(root, "format", "");
    if (format.equals(KeyFiles.PUBLIC_CONFIGURATION_FORMAT)) {
      throw new CertificateFileException("this is a public configuration file (format \"" + format
          + "\"), not a commit certificate: give it with --config");
    }
    if (!format.equals(FORMAT)) {
      throw new CertificateFileException("unsupported format " + shown(root.get("format")) + ", expected \""
          + FORMAT + "\"");
    }
    allowOnly(root, ROOT_FIELDS, "");
    String scheme = string(root, "scheme", "");
    if (!SCHEME_NAME.matcher(scheme).matches()) {
      throw new CertificateFileException("field \"scheme\" is not a scheme name: " + shown(root.get("scheme")));
    }
    Digest32 configId = digest(root, "configId");
    long ballot = integer(root, "ballot", "", 0, Long.MAX_VALUE);
    long slot = integer(root, "slot", "", 1, Long.MAX_VALUE);
    Digest32 digest = digest(root, "digest");
    Batch batch = batch(array(root, "batch", BATCH_REQUESTS_MAX, "requests"));
    List<SignerSignature> signatures = signatures(array(root, "signatures", SIGNATURES_MAX, "signatures"));
    return new Contents(scheme, new CommitCertificate(configId, ballot, slot, digest, batch, signatures));
  }

  private static Batch batch(JsonNode array) throws CertificateFileException {
    List<Request> requests = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = "batch[" + i + "].";
      JsonNode r = array.get(i);
      requireObject(r, "batch[" + i + "]");
      allowOnly(r, REQUEST_FIELDS, where);
      long clientId = integer(r, "clientId", where, Long.MIN_VALUE, Long.MAX_VALUE);
      long seq = integer(r, "seq", where, Long.MIN_VALUE, Long.MAX_VALUE);
      byte[] op = base64(r, "op", where);
      byte[] signature = base64(r, "signature", where);
      requests.add(new Request(clientId, seq, op, signature));
    }
    return new Batch(requests);
  }

  private static List<SignerSignature> signatures(JsonNode array) throws CertificateFileException {
    List<SignerSignature> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = "signatures[" + i + "].";
      JsonNode s = array.get(i);
      requireObject(s, "signatures[" + i + "]");
      allowOnly(s, SIGNATURE_FIELDS, where);
      int signer = (int) integer(s, "signer", where, Integer.MIN_VALUE, Integer.MAX_VALUE);
      out.add(new SignerSignature(signer, base64(s, "signature", where)));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------ fields

  private static void requireObject(JsonNode node, String what) throws CertificateFileException {
    if (!node.isObject()) {
      throw new CertificateFileException(what + " must be a JSON object, found " + shown(node));
    }
  }

  private static void allowOnly(JsonNode object, Set<String> allowed, String where) throws CertificateFileException {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new CertificateFileException("unknown field \"" + where + clip(name) + "\" (allowed: "
            + new TreeSet<>(allowed) + ")");
      }
    }
    for (String name : new TreeSet<>(allowed)) {
      if (!object.has(name)) {
        throw new CertificateFileException("missing field \"" + where + name + "\"");
      }
    }
  }

  private static JsonNode field(JsonNode object, String name, String where) throws CertificateFileException {
    JsonNode v = object.get(name);
    if (v == null) {
      throw new CertificateFileException("missing field \"" + where + name + "\"");
    }
    return v;
  }

  private static String string(JsonNode object, String name, String where) throws CertificateFileException {
    JsonNode v = field(object, name, where);
    if (!v.isTextual()) {
      throw new CertificateFileException("field \"" + where + name + "\" must be a string, found " + shown(v));
    }
    return v.textValue();
  }

  private static long integer(JsonNode object, String name, String where, long min, long max)
      throws CertificateFileException {
    JsonNode v = field(object, name, where);
    if (!v.isIntegralNumber()) {
      throw new CertificateFileException("field \"" + where + name + "\" must be an integer, found " + shown(v));
    }
    if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw new CertificateFileException("field \"" + where + name + "\" must be in " + min + ".." + max + ", found "
          + shown(v));
    }
    return v.longValue();
  }

  private static Digest32 digest(JsonNode object, String name) throws CertificateFileException {
    String s = string(object, name, "");
    if (s.length() != 2 * Digest32.LENGTH) {
      throw new CertificateFileException("field \"" + name + "\" must be " + 2 * Digest32.LENGTH
          + " hex digits (a SHA-256 digest), found " + s.length() + " characters");
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new CertificateFileException("field \"" + name + "\" is not valid hex: " + shown(object.get(name)));
    }
    // One byte-exact form per certificate, so that files can be compared and deduplicated as bytes.
    if (!HEX.formatHex(bytes).equals(s)) {
      throw new CertificateFileException("field \"" + name + "\" must be lowercase hex (the one canonical form), found "
          + shown(object.get(name)));
    }
    return Digest32.of(bytes);
  }

  private static byte[] base64(JsonNode object, String name, String where) throws CertificateFileException {
    String s = string(object, name, where);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new CertificateFileException("field \"" + where + name + "\" is not valid base64 (" + oneLine(e.getMessage())
          + ")");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(s)) {
      throw new CertificateFileException("field \"" + where + name + "\" is not canonical base64 (standard alphabet, "
          + "'=' padding, unused bits zero)");
    }
    return bytes;
  }

  private static JsonNode array(JsonNode object, String name, int max, String what) throws CertificateFileException {
    JsonNode v = field(object, name, "");
    if (!v.isArray()) {
      throw new CertificateFileException("field \"" + name + "\" must be an array, found " + shown(v));
    }
    if (v.size() > max) {
      throw new CertificateFileException("field \"" + name + "\" has " + v.size() + " " + what + ", at most " + max
          + " are allowed");
    }
    return v;
  }

  /** A value for an error message: its JSON type and, if short, the value itself. */
  private static String shown(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    if (v.isNull()) {
      return "null";
    }
    String type = v.getNodeType().name().toLowerCase(Locale.ROOT);
    if (v.isContainerNode()) {
      return "an " + (v.isArray() ? "array" : "object");
    }
    return type + " " + clip(v.toString());
  }

  private static String clip(String s) {
    String one = oneLine(s);
    return one.length() <= SHOWN_VALUE_CHARS_MAX ? one : one.substring(0, SHOWN_VALUE_CHARS_MAX) + "...";
  }

  private static String oneLine(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString().strip();
  }
}
