package dev.bftpaxos.core.bft;

import dev.bftpaxos.crypto.Signer;

/**
 * How a Byzantine-mode replica authenticates a reply to a client: by default it signs the reply
 * statement (anyone can check it, so f+1 replies form a reply certificate); with MAC client
 * authentication it tags it with the key it shares with that client (only the client can check it).
 */
@FunctionalInterface
public interface ReplyAuthenticator {
  /**
   * The authentication of {@code statement}, a reply to {@code clientId}; {@code signer} is this
   * replica's key in the configuration governing the reply's slot, the key a client that follows
   * the configurations checks a signed reply with.
   */
  byte[] authenticate(long clientId, byte[] statement, Signer signer);

  /** Signs every reply with the replica's key in the slot's configuration. */
  ReplyAuthenticator SIGNING = (clientId, statement, signer) -> signer.sign(statement);
}
