package dev.bftpaxos.learner;

/**
 * A commit certificate file's content is not a well-formed certificate file; the message says
 * where (a JSON field path such as {@code batch[2].op}) and what is wrong.
 *
 * <p>Checked, because every reader of untrusted files must decide what a malformed one means:
 * {@link OfflineVerifier} turns it into {@link InvalidReason#MALFORMED_FILE}.
 */
public final class CertificateFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public CertificateFileException(String message) {
    super(message);
  }
}
