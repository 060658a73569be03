package dev.bftpaxos.learner;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

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

  private static final Set<String> ROOT_FIELDS =
      Set.of("format", "scheme", "configId", "ballot", "slot", "digest", "batch", "signatures");
  /** After configuration changes: the number of the configuration whose quorum signed (absent: the first). */
  private static final Set<String> OPTIONAL_ROOT_FIELDS = Set.of("configuration");
  private static final Set<String> REQUEST_FIELDS = Set.of("clientId", "seq", "op", "signature");

  private CertificateFile() {}

  /**
   * What a certificate file holds: the scheme it names, the certificate, and the configuration it
   * names ({@code "configuration"}: the number of the configuration whose quorum signed it, after
   * configuration changes; absent, 0, for the first).
   */
  public record Contents(String scheme, CommitCertificate certificate, long configuration) {
    public Contents(String scheme, CommitCertificate certificate) {
      this(scheme, certificate, 0);
    }
  }

  // ------------------------------------------------------------------------------------ writing

  /**
   * The file text for {@code certificate}, whose scheme is {@code config}'s. One request and one
   * signature per line, so a file diffs and greps well.
   *
   * @throws IllegalArgumentException if the certificate is for another configuration
   */
  public static String format(CommitCertificate certificate, PublicConfiguration config) {
    return format(certificate, config, 0);
  }

  /**
   * As above, naming {@code configuration}, the configuration whose quorum signed it: written as
   * {@code "configuration"} after {@code "slot"} when above 0, so a first-configuration
   * certificate keeps its old bytes.
   */
  public static String format(CommitCertificate certificate, PublicConfiguration config, long configuration) {
    if (configuration < 0) {
      throw new IllegalArgumentException("configuration must be >= 0, got " + configuration);
    }
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
    if (configuration > 0) {
      b.append("  \"configuration\": ").append(configuration).append(",\n");
    }
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
    appendSignatures(b, certificate.signatures());
    b.append("}\n");
    return b.toString();
  }

  /** The last field both certificate formats end with: {@code "signatures": [{signer, signature}, ...]}. */
  static void appendSignatures(StringBuilder b, List<SignerSignature> sigs) {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    b.append("  \"signatures\": [");
    for (int i = 0; i < sigs.size(); i++) {
      SignerSignature s = sigs.get(i);
      b.append(i == 0 ? "\n" : ",\n");
      b.append("    {\"signer\": ").append(s.signerId())
          .append(", \"signature\": \"").append(b64.encodeToString(s.signature())).append("\"}");
    }
    b.append(sigs.isEmpty() ? "]\n" : "\n  ]\n");
  }

  /** Writes {@link #format} to {@code out}. */
  public static void write(Writer out, CommitCertificate certificate, PublicConfiguration config) throws IOException {
    out.write(format(certificate, config));
  }

  /**
   * Writes {@link #format} to {@code file}, replacing it atomically (temporary file, then rename:
   * a verifier watching the folder never reads half a certificate); creates missing parent
   * directories.
   */
  public static void write(Path file, CommitCertificate certificate, PublicConfiguration config) throws IOException {
    AtomicFiles.write(file, format(certificate, config));
  }

  /** As above, naming {@code configuration} ({@link #format(CommitCertificate, PublicConfiguration, long)}). */
  public static void write(Path file, CommitCertificate certificate, PublicConfiguration config, long configuration)
      throws IOException {
    AtomicFiles.write(file, format(certificate, config, configuration));
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
    return certificate(StrictJson.root(bytes));
  }

  /** Parses the text of a certificate file. */
  public static Contents read(String text) throws CertificateFileException {
    return certificate(StrictJson.root(text));
  }

  /** Parses a certificate file already parsed as JSON (its root object). */
  static Contents certificate(JsonNode root) throws CertificateFileException {
    String format = StrictJson.string(root, "format", "");
    if (format.equals(KeyFiles.PUBLIC_CONFIGURATION_FORMAT)) {
      throw new CertificateFileException("this is a public configuration file (format \"" + format
          + "\"), not a commit certificate: give it with --config");
    }
    if (!format.equals(FORMAT)) {
      throw new CertificateFileException("unsupported format " + StrictJson.shown(root.get("format")) + ", expected \""
          + FORMAT + "\" (or \"" + ReplyCertificateFile.FORMAT + "\")");
    }
    StrictJson.allowOnly(root, ROOT_FIELDS, OPTIONAL_ROOT_FIELDS, "");
    String scheme = StrictJson.scheme(root);
    Digest32 configId = StrictJson.digest(root, "configId");
    long ballot = StrictJson.integer(root, "ballot", "", 0, Long.MAX_VALUE);
    long slot = StrictJson.integer(root, "slot", "", 1, Long.MAX_VALUE);
    long configuration = root.has("configuration") ? StrictJson.integer(root, "configuration", "", 1, Long.MAX_VALUE)
        : 0; // absent: the first configuration (0 is written as absence, so it has one spelling)
    Digest32 digest = StrictJson.digest(root, "digest");
    Batch batch = batch(StrictJson.array(root, "batch", BATCH_REQUESTS_MAX, "requests"));
    List<SignerSignature> signatures = StrictJson.signatures(StrictJson.array(root, "signatures", SIGNATURES_MAX, "signatures"));
    return new Contents(scheme, new CommitCertificate(configId, ballot, slot, digest, batch, signatures), configuration);
  }

  private static Batch batch(JsonNode array) throws CertificateFileException {
    List<Request> requests = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = "batch[" + i + "].";
      JsonNode r = array.get(i);
      StrictJson.requireObject(r, "batch[" + i + "]");
      StrictJson.allowOnly(r, REQUEST_FIELDS, where);
      long clientId = StrictJson.integer(r, "clientId", where, Long.MIN_VALUE, Long.MAX_VALUE);
      long seq = StrictJson.integer(r, "seq", where, Long.MIN_VALUE, Long.MAX_VALUE);
      byte[] op = StrictJson.base64(r, "op", where);
      byte[] signature = StrictJson.base64(r, "signature", where);
      requests.add(new Request(clientId, seq, op, signature));
    }
    return new Batch(requests);
  }

}