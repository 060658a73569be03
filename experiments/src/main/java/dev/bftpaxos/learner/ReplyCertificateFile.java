package dev.bftpaxos.learner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.SignerSignature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes reply certificate files: one {@link ReplyCertificate} as UTF-8 JSON, checkable
 * offline against the cluster's public configuration ({@link ReplyCertificateVerifier},
 * {@code bft-paxos verify-certificate}; docs/CERTIFICATES.md, "Reply certificates").
 *
 * <pre>
 * {
 *   "format": "bftpaxos-reply-certificate/v1",
 *   "scheme": "ed25519",
 *   "configId": "&lt;64 hex digits&gt;",
 *   "clientId": 1000,
 *   "seq": 4,
 *   "op": "&lt;base64: the request's op bytes&gt;",
 *   "requestSignature": "&lt;base64: the client's signature over REQUEST(configId, clientId, seq, op)&gt;",
 *   "slot": 17,
 *   "configuration": 2,                 (optional: after configuration changes, the one governing the slot)
 *   "result": "&lt;base64: the result bytes&gt;",
 *   "signatures": [ {"signer": 0, "signature": "&lt;base64 over REPLY(configId, clientId, seq, slot, result)&gt;"} ]
 * }
 * </pre>
 *
 * <p>Every field is signed by someone: there is no convenience copy of the result as text, since
 * a reader would trust it without checking. Reading is as strict as {@link CertificateFile}'s
 * ({@link StrictJson}), so a file means one thing and the files this class writes for one
 * certificate are byte-identical.
 */
public final class ReplyCertificateFile {
  /** Value of the {@code "format"} field. */
  public static final String FORMAT = "bftpaxos-reply-certificate/v1";

  private static final Set<String> ROOT_FIELDS = Set.of("format", "scheme", "configId", "clientId", "seq", "op",
      "requestSignature", "slot", "result", "signatures");
  /** After configuration changes: the configuration governing the slot (absent: the first). */
  private static final Set<String> OPTIONAL_ROOT_FIELDS = Set.of("configuration");

  private ReplyCertificateFile() {}

  /**
   * What a reply certificate file holds: the scheme it names, the certificate, and the configuration
   * it names ({@code "configuration"}: the number of the configuration governing its slot, whose
   * members signed, after configuration changes; absent, 0, for the first). Like a commit
   * certificate's, the number is a label the chain checks against the slot, not a signed claim.
   */
  public record Contents(String scheme, ReplyCertificate certificate, long configuration) {
    public Contents(String scheme, ReplyCertificate certificate) {
      this(scheme, certificate, 0);
    }
  }

  /**
   * The file text for {@code c}, whose scheme is {@code config}'s; one signature per line.
   *
   * @throws IllegalArgumentException if the certificate is for another configuration
   */
  public static String format(ReplyCertificate c, PublicConfiguration config) {
    return format(c, config, 0);
  }

  /**
   * As above, naming {@code configuration}, the one governing the certificate's slot: written as
   * {@code "configuration"} after {@code "slot"} when above 0, so a first-configuration certificate
   * keeps its old bytes.
   */
  public static String format(ReplyCertificate c, PublicConfiguration config, long configuration) {
    if (configuration < 0) {
      throw new IllegalArgumentException("configuration must be >= 0, got " + configuration);
    }
    if (!c.configId().equals(config.configId())) {
      throw new IllegalArgumentException("reply certificate for client " + c.clientId() + " #" + c.seq()
          + " is for configuration " + c.configId().shortHex() + ", not " + config.configId().shortHex());
    }
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder b = new StringBuilder(512);
    b.append("{\n");
    b.append("  \"format\": \"").append(FORMAT).append("\",\n");
    // Scheme names match [a-z0-9.-]+ (PublicConfiguration checks), so they need no escaping.
    b.append("  \"scheme\": \"").append(config.schemeName()).append("\",\n");
    b.append("  \"configId\": \"").append(c.configId().hex()).append("\",\n");
    b.append("  \"clientId\": ").append(c.clientId()).append(",\n");
    b.append("  \"seq\": ").append(c.seq()).append(",\n");
    b.append("  \"op\": \"").append(b64.encodeToString(c.op())).append("\",\n");
    b.append("  \"requestSignature\": \"").append(b64.encodeToString(c.requestSignature())).append("\",\n");
    b.append("  \"slot\": ").append(c.slot()).append(",\n");
    if (configuration > 0) {
      b.append("  \"configuration\": ").append(configuration).append(",\n");
    }
    b.append("  \"result\": \"").append(b64.encodeToString(c.result())).append("\",\n");
    CertificateFile.appendSignatures(b, c.signatures());
    b.append("}\n");
    return b.toString();
  }

  /**
   * Writes {@link #format} to {@code file} atomically (a temporary file in the same folder, then a
   * rename), so that a reader never sees half a certificate; creates missing parent directories.
   */
  public static void write(Path file, ReplyCertificate c, PublicConfiguration config) throws IOException {
    write(file, c, config, 0);
  }

  /** As above, naming {@code configuration} ({@link #format(ReplyCertificate, PublicConfiguration, long)}). */
  public static void write(Path file, ReplyCertificate c, PublicConfiguration config, long configuration)
      throws IOException {
    AtomicFiles.write(file, format(c, config, configuration));
  }

  /** Parses the bytes of a reply certificate file, which must be UTF-8. */
  public static Contents read(byte[] bytes) throws CertificateFileException {
    return certificate(StrictJson.root(bytes));
  }

  /** Parses the text of a reply certificate file. */
  public static Contents read(String text) throws CertificateFileException {
    return certificate(StrictJson.root(text));
  }

  /** Parses a reply certificate file already parsed as JSON (its root object). */
  static Contents certificate(JsonNode root) throws CertificateFileException {
    String format = StrictJson.string(root, "format", "");
    if (!format.equals(FORMAT)) {
      throw new CertificateFileException("unsupported format " + StrictJson.shown(root.get("format"))
          + ", expected \"" + FORMAT + "\"");
    }
    StrictJson.allowOnly(root, ROOT_FIELDS, OPTIONAL_ROOT_FIELDS, "");
    String scheme = StrictJson.scheme(root);
    Digest32 configId = StrictJson.digest(root, "configId");
    long clientId = StrictJson.integer(root, "clientId", "", Long.MIN_VALUE, Long.MAX_VALUE);
    long seq = StrictJson.integer(root, "seq", "", 1, Long.MAX_VALUE);
    byte[] op = StrictJson.base64(root, "op", "");
    byte[] requestSignature = StrictJson.base64(root, "requestSignature", "");
    long slot = StrictJson.integer(root, "slot", "", 1, Long.MAX_VALUE);
    byte[] result = StrictJson.base64(root, "result", "");
    List<SignerSignature> signatures = StrictJson.signatures(
        StrictJson.array(root, "signatures", CertificateFile.SIGNATURES_MAX, "signatures"));
    long configuration = root.has("configuration") ? StrictJson.integer(root, "configuration", "", 1, Long.MAX_VALUE)
        : 0; // absent: the first configuration (0 is written as absence, so it has one spelling)
    return new Contents(scheme,
        new ReplyCertificate(configId, clientId, seq, slot, op, requestSignature, result, signatures), configuration);
  }
}
