package dev.bftpaxos.learner;

import dev.bftpaxos.core.msg.BatchDigest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.crypto.Certificate;
import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Ed25519Scheme;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.crypto.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Checks a commit certificate file against a cluster's public configuration, with nothing else:
 * no replica, no network, no clock. A valid certificate proves that its batch was chosen for its
 * slot, provided at most {@code f} replicas are faulty.
 *
 * <p><b>Quorum.</b> With {@code n} replicas in the configuration, the verifier assumes the largest
 * {@code f} the Byzantine mode tolerates, {@code f = floor((n-1)/3)}, and requires
 * {@code q = ceil((n+f+1)/2)} distinct signers ({@code 2f+1} when {@code n = 3f+1}: 3 of 4, 5 of
 * 7, 7 of 10). Any two such quorums share at least {@code f+1} replicas, so at least one correct
 * one, and a correct replica signs COMMIT only for the batch it holds an accept certificate for.
 *
 * <p><b>Check order</b> (the first failing check decides the {@link InvalidReason}; within a check,
 * signatures are examined in file order):
 * <ol>
 *   <li>{@link InvalidReason#MALFORMED_FILE}: the file parses ({@link CertificateFile}).
 *   <li>{@link InvalidReason#SCHEME_MISMATCH}: its {@code scheme} is the configuration's.
 *   <li>{@link InvalidReason#CONFIG_MISMATCH}: its {@code configId} is the configuration's id.
 *   <li>{@link InvalidReason#BATCH_DIGEST_MISMATCH}: the batch hashes ({@link BatchDigest}) to
 *       {@code digest}.
 *   <li>The quorum certificate, by crypto's {@link CertificateVerifier#direct()} over the statement
 *       {@code Statements.commit(configId, ballot, slot, digest)} with the replicas'
 *       {@link PublicKeyRing}: {@link InvalidReason#MALFORMED_SIGNATURE} (a signature of the wrong
 *       length), {@link InvalidReason#DUPLICATE_SIGNER}, {@link InvalidReason#UNKNOWN_SIGNER},
 *       {@link InvalidReason#TOO_FEW_SIGNERS}, {@link InvalidReason#BAD_SIGNATURE}, in that order.
 * </ol>
 * There is one statement per certificate, so signatures over a different ballot, slot or digest
 * cannot be "mixed" in: each shows up as the {@code BAD_SIGNATURE} of its signer.
 *
 * <p>The clients' signatures inside the batch are covered by the digest but not checked here: the
 * certificate's soundness rests on the replicas, and at least {@code q - f >= f+1} correct ones
 * accepted the batch, each after checking every client signature in it (protocol.md, Byzantine
 * mode step 1).
 *
 * <p>Nothing a file holds makes {@code verify} throw. Construction fails (IllegalArgumentException)
 * only for a caller's mistake: a scheme that is not the configuration's, or that cannot verify its
 * keys. Immutable and thread-safe.
 */
public final class OfflineVerifier {
  private final PublicConfiguration config;
  /** The id every statement names: the cluster's first public configuration (config.json). */
  private final Digest32 clusterId;
  private final PublicKeyRing replicas;
  private final int quorum;
  private final ReplyCertificateVerifier replies;

  /**
   * A verifier for certificates of {@code config}, whose keys belong to {@code scheme}. For
   * {@link dev.bftpaxos.crypto.FastSimScheme} it must be the oracle instance that made (or
   * re-derived) the keys.
   *
   * @throws IllegalArgumentException if {@code scheme} is not the configuration's or rejects a key
   */
  public OfflineVerifier(PublicConfiguration config, SignatureScheme scheme) {
    this(config, scheme, config);
  }

  /**
   * A verifier whose signers and quorum are {@code members}' (a later configuration of the cluster,
   * {@link ConfigurationChain}) while certificates are still statements of {@code cluster}, the
   * cluster's first public configuration, whose id every statement carries.
   */
  public OfflineVerifier(PublicConfiguration members, SignatureScheme scheme, PublicConfiguration cluster) {
    this.config = Objects.requireNonNull(members, "members");
    this.clusterId = cluster.configId();
    this.replicas = PublicKeyRing.replicas(members, scheme);
    this.quorum = quorum(members.size(Role.REPLICA));
    this.replies = new ReplyCertificateVerifier(members, scheme, cluster);
  }

  /**
   * A verifier for an {@link Ed25519Scheme} configuration, the one scheme whose certificates can be
   * checked with public keys alone.
   *
   * @throws IllegalArgumentException if the configuration uses another scheme
   */
  public static OfflineVerifier forConfiguration(PublicConfiguration config) {
    if (!Ed25519Scheme.NAME.equals(config.schemeName())) {
      throw new IllegalArgumentException("configuration " + config.configId().shortHex() + " uses scheme "
          + config.schemeName() + ", which needs its SignatureScheme instance: use new OfflineVerifier(config, scheme)");
    }
    return new OfflineVerifier(config, Ed25519Scheme.INSTANCE);
  }

  /** Verifies certificate file {@code contents} against an Ed25519 {@code config}. */
  public static Result verify(byte[] contents, PublicConfiguration config) {
    return forConfiguration(config).verify(contents);
  }

  /** Verifies certificate file text {@code contents} against an Ed25519 {@code config}. */
  public static Result verify(String contents, PublicConfiguration config) {
    return forConfiguration(config).verify(contents);
  }

  /** The largest number of faulty replicas tolerated with {@code n} replicas: {@code floor((n-1)/3)}. */
  public static int faultsTolerated(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one replica, got " + n);
    }
    return (n - 1) / 3;
  }

  /** Distinct signers a certificate needs with {@code n} replicas: {@code ceil((n+f+1)/2)}. */
  public static int quorum(int n) {
    int f = faultsTolerated(n);
    return (n + f + 2) / 2;
  }

  /** The configuration certificates are checked against. */
  public PublicConfiguration configuration() {
    return config;
  }

  /** The quorum this verifier requires. */
  public int quorum() {
    return quorum;
  }

  /**
   * Verifies the bytes of a certificate file: a commit certificate, or a reply certificate
   * ({@link ReplyCertificateFile#FORMAT}), told apart by the {@code "format"} field.
   */
  public Result verify(byte[] contents) {
    try {
      JsonNode root = StrictJson.root(contents);
      JsonNode format = root.get("format");
      if (format != null && format.isTextual() && format.asText().equals(ReplyCertificateFile.FORMAT)) {
        return replies.verify(ReplyCertificateFile.certificate(root));
      }
      return verify(CertificateFile.certificate(root));
    } catch (CertificateFileException e) {
      return new Invalid(InvalidReason.MALFORMED_FILE, OptionalInt.empty(), e.getMessage());
    }
  }

  /** The verifier this one hands reply certificates to. */
  public ReplyCertificateVerifier replies() {
    return replies;
  }

  /** Verifies the text of a certificate file. */
  public Result verify(String contents) {
    return verify(contents.getBytes(StandardCharsets.UTF_8));
  }

  /** Verifies parsed file contents: from check 2 (scheme) on. */
  public Result verify(CertificateFile.Contents contents) {
    if (!contents.scheme().equals(config.schemeName())) {
      return new Invalid(InvalidReason.SCHEME_MISMATCH, OptionalInt.empty(), "certificate is signed with scheme "
          + contents.scheme() + ", configuration " + config.configId().shortHex() + " uses " + config.schemeName());
    }
    if (contents.configuration() != 0) {
      return new Invalid(InvalidReason.CONFIGURATION_MISMATCH, OptionalInt.empty(), "the certificate names "
          + "configuration C" + contents.configuration() + ", a later one than config.json's: give the chain of "
          + "configuration changes (--chain, docs/CERTIFICATES.md section 10)");
    }
    return verify(contents.certificate());
  }

  /**
   * Verifies a certificate already in memory (one a replica stored, say): from check 3
   * (configuration id) on.
   */
  public Result verify(CommitCertificate c) {
    if (!c.configId().equals(clusterId)) {
      return new Invalid(InvalidReason.CONFIG_MISMATCH, OptionalInt.empty(), "certificate is for configuration "
          + c.configId().hex() + ", the given configuration is " + clusterId.hex());
    }
    Digest32 actual = BatchDigest.of(c.batch());
    if (!actual.equals(c.digest())) {
      return new Invalid(InvalidReason.BATCH_DIGEST_MISMATCH, OptionalInt.empty(), "the batch of "
          + c.batch().requests().size() + " requests hashes to " + actual.hex() + ", the certificate names "
          + c.digest().hex());
    }
    byte[] statement = Statements.commit(clusterId, c.ballot(), c.slot(), c.digest());
    VerificationResult r = CertificateVerifier.direct().verify(new Certificate(statement, c.signatures()), replicas,
        quorum);
    if (r.isValid()) {
      return new Valid(c, quorum);
    }
    return new Invalid(reasonOf(r), r.signerId(), detail(r, c));
  }

  static InvalidReason reasonOf(VerificationResult r) {
    return switch (r.reason()) {
      case MALFORMED -> InvalidReason.MALFORMED_SIGNATURE;
      case DUPLICATE_SIGNER -> InvalidReason.DUPLICATE_SIGNER;
      case UNKNOWN_SIGNER -> InvalidReason.UNKNOWN_SIGNER;
      case TOO_FEW_SIGNERS -> InvalidReason.TOO_FEW_SIGNERS;
      case BAD_SIGNATURE -> InvalidReason.BAD_SIGNATURE;
    };
  }

  /** The crypto verifier's finding restated in the file's terms: field positions and the statement. */
  private String detail(VerificationResult r, CommitCertificate c) {
    List<SignerSignature> sigs = c.signatures();
    int n = config.size(Role.REPLICA);
    if (r.signerId().isEmpty()) {
      return sigs.size() + " distinct signers, the quorum is " + quorum + " (n = " + n + " replicas, f = "
          + faultsTolerated(n) + ", q = ceil((n+f+1)/2))";
    }
    int signer = r.signerId().getAsInt();
    String where = positions(sigs, signer);
    return switch (r.reason()) {
      case MALFORMED, DUPLICATE_SIGNER, UNKNOWN_SIGNER -> signerFinding(r, sigs, config, replicas);
      case BAD_SIGNATURE -> "signer " + signer + " (" + where + "): signature does not verify over COMMIT(ballot "
          + c.ballot() + ", slot " + c.slot() + ", digest " + c.digest().shortHex() + "..., configuration "
          + config.configId().shortHex() + "...); it was made over another ballot, slot, digest or configuration, "
          + "or with another key";
      case TOO_FEW_SIGNERS -> r.detail();
    };
  }

  /** Where {@code signer}'s signatures sit in the file: {@code signatures[i] and signatures[j]}. */
  static String positions(List<SignerSignature> sigs, int signer) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      if (sigs.get(i).signerId() == signer) {
        at.add(i);
      }
    }
    return at.stream().map(i -> "signatures[" + i + "]").collect(Collectors.joining(" and "));
  }

  /**
   * The finding for a signer-level refusal both certificate formats word alike (a malformed,
   * repeated or unknown signer); callers word a bad signature over their own statement.
   */
  static String signerFinding(VerificationResult r, List<SignerSignature> sigs, PublicConfiguration config,
      PublicKeyRing replicas) {
    int signer = r.signerId().getAsInt();
    String where = positions(sigs, signer);
    return switch (r.reason()) {
      case MALFORMED -> "signer " + signer + " (" + where + "): signature is not " + replicas.signatureLength()
          + " bytes, the length of every " + config.schemeName() + " signature";
      case DUPLICATE_SIGNER -> "signer " + signer + " appears twice: " + where;
      case UNKNOWN_SIGNER -> "signer " + signer + " (" + where + ") is not a replica of configuration "
          + config.configId().shortHex() + " (replicas " + config.ids(Role.REPLICA) + ")";
      case BAD_SIGNATURE, TOO_FEW_SIGNERS -> r.detail();
    };
  }

  /** The outcome of a verification. */
  public sealed interface Result permits Valid, ValidReply, Invalid {
    boolean isValid();

    /**
     * One line: {@code VALID slot=<s> digest=<hex> ballot=<b> signers=<ids>} or
     * {@code INVALID: <reason>: <detail>}.
     */
    String render();
  }

  /**
   * The certificate proves that its batch was chosen for its slot.
   *
   * @param certificate what the file holds
   * @param quorum the number of signers that was required
   * @param configuration the configuration whose keys and quorum it was checked with (0: the first;
   *     a later one through a {@link ConfigurationChain})
   */
  public record Valid(CommitCertificate certificate, int quorum, long configuration) implements Result {
    /** Valid in the first configuration. */
    public Valid(CommitCertificate certificate, int quorum) {
      this(certificate, quorum, 0);
    }

    @Override
    public boolean isValid() {
      return true;
    }

    public long slot() {
      return certificate.slot();
    }

    public long ballot() {
      return certificate.ballot();
    }

    public Digest32 digest() {
      return certificate.digest();
    }

    /** The signers, ascending. */
    public List<Integer> signers() {
      return certificate.signatures().stream().map(SignerSignature::signerId).sorted().toList();
    }

    @Override
    public String render() {
      return "VALID slot=" + slot() + " digest=" + digest().hex() + " ballot=" + ballot() + " signers="
          + signers().stream().map(String::valueOf).collect(Collectors.joining(","))
          + (configuration > 0 ? " configuration=C" + configuration : "");
    }
  }

  /**
   * The reply certificate proves that a correct replica executed request {@code (clientId, seq)}
   * at its slot with its result.
   *
   * @param certificate what the file holds
   * @param threshold the number of signers that was required (f+1)
   */
  public record ValidReply(ReplyCertificate certificate, int threshold) implements Result {
    @Override
    public boolean isValid() {
      return true;
    }

    /** The signers, ascending. */
    public List<Integer> signers() {
      return certificate.signatures().stream().map(SignerSignature::signerId).sorted().toList();
    }

    /** {@code VALID reply client=<c> seq=<s> slot=<slot> result=<base64> signers=<ids>}. */
    @Override
    public String render() {
      return "VALID reply client=" + certificate.clientId() + " seq=" + certificate.seq() + " slot="
          + certificate.slot() + " result=" + Base64.getEncoder().encodeToString(certificate.result()) + " signers="
          + signers().stream().map(String::valueOf).collect(Collectors.joining(","));
    }
  }

  /**
   * The certificate proves nothing.
   *
   * @param reason the first check that failed
   * @param signerId the signer the rejection is about, where there is one
   * @param detail a human-readable explanation on one line
   */
  public record Invalid(InvalidReason reason, OptionalInt signerId, String detail) implements Result {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(signerId, "signerId");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public String render() {
      return "INVALID: " + reason + ": " + detail;
    }
  }
}
