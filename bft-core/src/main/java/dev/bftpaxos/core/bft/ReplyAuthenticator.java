package dev.bftpaxos.core.bft;

import dev.bftpaxos.crypto.Signer;

/**
 * How a Byzantine-mode replica authenticates a reply to a client: by default it signs the reply
 * statement (anyone can check it, so f+1 replies form a reply certificate); with MAC client
 * authentication it tags it with the key it shares with that client (only the client can check it).
 */
@FunctionalInterface
public interface ReplyAuthenticator {
  /** The authentication of {@code statement}, a reply to {@code clientId}. */
  byte[] authenticate(long clientId, byte[] statement);

  /** Signs every reply with {@code signer}. */
  static ReplyAuthenticator signing(Signer signer) {
    return (clientId, statement) -> signer.sign(statement);
  }
}
