package dev.bftpaxos.learner;

/**
 * Why {@link OfflineVerifier} rejected a commit certificate file, in the order the checks run
 * (docs/CERTIFICATES.md, "Check order"): the first failing check decides the reason.
 *
 * <p>Exists so that scripts, tests and metrics can act on the cause of a rejection without parsing
 * the detail text. A reply certificate has no batch, and its own two request checks come where a
 * commit certificate's batch check does. The last five mirror {@link dev.bftpaxos.crypto.Reason}, the quorum
 * certificate rules every replica applies.
 */
public enum InvalidReason {
  /**
   * The file is not a certificate file: not UTF-8, not JSON, too large, a missing, unknown or
   * mistyped field, bad hex or base64, a number out of range, another format string.
   */
  MALFORMED_FILE,
  /** The file names a signature scheme other than the configuration's. */
  SCHEME_MISMATCH,
  /** The file's {@code configId} is not the configuration's id: a certificate of another cluster. */
  CONFIG_MISMATCH,
  /**
   * The file names a configuration ({@code "configuration"}) other than the one that governs its
   * slot: a later one without the chain that proves it ({@code --chain}), or not the chain's.
   */
  CONFIGURATION_MISMATCH,
  /** The batch in the file does not hash to the file's {@code digest}. */
  BATCH_DIGEST_MISMATCH,
  /** Reply certificates only: the request's client is not a client of the configuration. */
  UNKNOWN_CLIENT,
  /**
   * Reply certificates only: {@code requestSignature} does not verify over
   * {@code REQUEST(configId, clientId, seq, op)} with the client's key.
   */
  BAD_REQUEST_SIGNATURE,
  /** A signature has the wrong length for the scheme. */
  MALFORMED_SIGNATURE,
  /** The same signer appears twice. */
  DUPLICATE_SIGNER,
  /** A signer is not a replica of the configuration. */
  UNKNOWN_SIGNER,
  /** Fewer signers than the quorum {@code q = ceil((n+f+1)/2)}. */
  TOO_FEW_SIGNERS,
  /**
   * A signature does not verify over {@code COMMIT(configId, ballot, slot, digest)}: forged,
   * damaged, or over a statement with another ballot, slot or digest.
   */
  BAD_SIGNATURE,
  /**
   * A configuration chain's link (docs/CERTIFICATES.md, section 10): a reply certificate whose op is
   * not a configuration change, or whose result says the replicas refused it.
   */
  NOT_A_CONFIGURATION_CHANGE,
  /**
   * A configuration chain's link out of order (not the next configuration's number, or a slot that
   * does not follow), or a change that cannot apply to the configuration before it.
   */
  CHAIN_BROKEN
}
