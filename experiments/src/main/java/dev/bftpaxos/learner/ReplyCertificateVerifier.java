package dev.bftpaxos.learner;

import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.crypto.Certificate;
import dev.bftpaxos.crypto.CertificateVerifier;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.crypto.PublicKeyRing;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.crypto.SignatureScheme;
import dev.bftpaxos.crypto.SignerSignature;
import dev.bftpaxos.crypto.Statements;
import dev.bftpaxos.crypto.VerificationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Checks a reply certificate against a cluster's public configuration, offline. A valid one proves,
 * if at most {@code f} replicas are faulty, that a correct replica executed request
 * {@code (clientId, seq)}, the op the client signed, at {@code slot} with {@code result}.
 *
 * <p><b>Threshold.</b> {@code f+1} distinct replicas, {@code f = floor((n-1)/3)}: at least one of any
 * f+1 is correct, and a correct replica signs REPLY only for what it executed. That is the same
 * rule the client applies before it accepts a result. It is less than a commit certificate's quorum
 * because it proves less: that one correct replica executed it, not that a quorum can never choose
 * otherwise; the two coincide because a correct replica executes only chosen slots.
 *
 * <p><b>Check order</b> (the first failing check decides the {@link InvalidReason}):
 * {@code MALFORMED_FILE}, {@code SCHEME_MISMATCH}, {@code CONFIG_MISMATCH}, {@code UNKNOWN_CLIENT} (the
 * client is not in the configuration), {@code BAD_REQUEST_SIGNATURE} (the client's signature over
 * {@code Statements.request(configId, clientId, seq, op)}), then the replicas' signatures over
 * {@code Statements.reply(configId, clientId, seq, slot, result)} by crypto's
 * {@link CertificateVerifier#direct()} with threshold f+1: {@code MALFORMED_SIGNATURE},
 * {@code DUPLICATE_SIGNER}, {@code UNKNOWN_SIGNER}, {@code TOO_FEW_SIGNERS}, {@code BAD_SIGNATURE}.
 *
 * <p>Nothing a certificate holds makes {@code verify} throw. Immutable and thread-safe.
 */
public final class ReplyCertificateVerifier {
  private final PublicConfiguration config;
  /** The id every statement names: the cluster's first public configuration. */
  private final dev.bftpaxos.crypto.Digest32 clusterId;
  private final PublicKeyRing replicas;
  private final PublicKeyRing clients;
  private final int threshold;

  /**
   * @throws IllegalArgumentException if {@code scheme} is not the configuration's or rejects a key
   */
  public ReplyCertificateVerifier(PublicConfiguration config, SignatureScheme scheme) {
    this(config, scheme, config);
  }

  /**
   * Signers, threshold and client keys from {@code members} (a later configuration,
   * {@link ConfigurationChain}); statements over {@code cluster}'s id, the cluster's first
   * public configuration.
   */
  public ReplyCertificateVerifier(PublicConfiguration members, SignatureScheme scheme, PublicConfiguration cluster) {
    this.clusterId = cluster.configId();
    this.config = Objects.requireNonNull(members, "members");
    this.replicas = PublicKeyRing.replicas(members, scheme);
    this.clients = PublicKeyRing.clients(members, scheme);
    this.threshold = threshold(members.size(Role.REPLICA));
  }

  /** Distinct replicas a reply certificate needs with {@code n} replicas: {@code f+1}. */
  public static int threshold(int n) {
    return OfflineVerifier.faultsTolerated(n) + 1;
  }

  /** The threshold this verifier requires. */
  public int threshold() {
    return threshold;
  }

  /** Verifies parsed file contents: from the scheme check on. */
  public OfflineVerifier.Result verify(ReplyCertificateFile.Contents contents) {
    if (!contents.scheme().equals(config.schemeName())) {
      return invalid(InvalidReason.SCHEME_MISMATCH, "reply certificate is signed with scheme " + contents.scheme()
          + ", configuration " + config.configId().shortHex() + " uses " + config.schemeName());
    }
    if (contents.configuration() != 0) {
      return invalid(InvalidReason.CONFIGURATION_MISMATCH, "the reply certificate names configuration C"
          + contents.configuration() + ", a later one than config.json's: give the chain of configuration changes "
          + "(--chain, docs/CERTIFICATES.md section 10)");
    }
    return verify(contents.certificate());
  }

  /** Verifies a certificate in memory: from the configuration id check on. */
  public OfflineVerifier.Result verify(ReplyCertificate c) {
    if (!c.configId().equals(clusterId)) {
      return invalid(InvalidReason.CONFIG_MISMATCH, "reply certificate is for configuration " + c.configId().hex()
          + ", the given configuration is " + clusterId.hex());
    }
    // Client ids are ints in a configuration; a larger one cannot be a member.
    if (c.clientId() < Integer.MIN_VALUE || c.clientId() > Integer.MAX_VALUE
        || !clients.isMember((int) c.clientId())) {
      return invalid(InvalidReason.UNKNOWN_CLIENT, "client " + c.clientId() + " is not a client of configuration "
          + config.configId().shortHex() + " (clients " + config.ids(Role.CLIENT) + ")");
    }
    byte[] request = Statements.request(clusterId, c.clientId(), c.seq(), c.op());
    if (!clients.verify((int) c.clientId(), request, c.requestSignature())) {
      return invalid(InvalidReason.BAD_REQUEST_SIGNATURE, "requestSignature does not verify over REQUEST(client "
          + c.clientId() + ", seq " + c.seq() + ", " + c.op().length + " op bytes) with the client's key");
    }
    byte[] statement = Statements.reply(clusterId, c.clientId(), c.seq(), c.slot(), c.result());
    VerificationResult r = CertificateVerifier.direct().verify(new Certificate(statement, c.signatures()), replicas,
        threshold);
    if (r.isValid()) {
      return new OfflineVerifier.ValidReply(c, threshold);
    }
    return new OfflineVerifier.Invalid(OfflineVerifier.reasonOf(r), r.signerId(), detail(r, c));
  }

  private static OfflineVerifier.Invalid invalid(InvalidReason reason, String detail) {
    return new OfflineVerifier.Invalid(reason, OptionalInt.empty(), detail);
  }

  /** The crypto verifier's finding restated in the file's terms. */
  private String detail(VerificationResult r, ReplyCertificate c) {
    List<SignerSignature> sigs = c.signatures();
    int n = config.size(Role.REPLICA);
    if (r.signerId().isEmpty()) {
      return sigs.size() + " distinct signers, a reply certificate needs f+1 = " + threshold + " (n = " + n
          + " replicas, f = " + OfflineVerifier.faultsTolerated(n) + ")";
    }
    int signer = r.signerId().getAsInt();
    String where = OfflineVerifier.positions(sigs, signer);
    return switch (r.reason()) {
      case MALFORMED, DUPLICATE_SIGNER, UNKNOWN_SIGNER -> OfflineVerifier.signerFinding(r, sigs, config, replicas);
      case BAD_SIGNATURE -> "signer " + signer + " (" + where + "): signature does not verify over REPLY(client "
          + c.clientId() + ", seq " + c.seq() + ", slot " + c.slot() + ", " + c.result().length
          + " result bytes, configuration " + config.configId().shortHex() + "...): another result, slot or "
          + "request, or another key";
      case TOO_FEW_SIGNERS -> r.detail();
    };
  }
}
