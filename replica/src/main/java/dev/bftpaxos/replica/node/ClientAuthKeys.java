package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.bft.ReplyAuthenticator;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.ReplicaMacs;
import dev.bftpaxos.crypto.Signer;
import dev.bftpaxos.crypto.Verifier;
import dev.bftpaxos.replica.config.ClientAuth;
import dev.bftpaxos.replica.config.ClusterConfig;

/**
 * A Byzantine replica's side of the cluster file's {@code crypto.clientAuth}: what checks a
 * request's authentication and what authenticates a reply.
 *
 * @param clients the client key ring (signatures) or this replica's {@link ReplicaMacs}
 * @param replies signs replies (signatures) or tags them for their client (MACs)
 */
record ClientAuthKeys(ClientAuth kind, Verifier clients, ReplyAuthenticator replies) {

  static ClientAuthKeys of(ClusterConfig config, ClusterKeys keys, int id, KeyPair own, Signer signer) {
    ClientAuth kind = config.tuning().clientAuthKind();
    if (kind == ClientAuth.MACS) {
      ReplicaMacs macs = new ReplicaMacs(keys.publicConfiguration(), id, config.n(), own);
      return new ClientAuthKeys(kind, macs, macs::tagReply);
    }
    return new ClientAuthKeys(kind, keys.clients(), ReplyAuthenticator.signing(signer));
  }
}
