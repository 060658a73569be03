package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.bft.ReplyAuthenticator;
import dev.bftpaxos.crypto.KeyPair;
import dev.bftpaxos.crypto.ReplicaMacs;
import dev.bftpaxos.crypto.Verifier;
import dev.bftpaxos.replica.config.ClientAuth;
import dev.bftpaxos.replica.config.ClusterConfig;

/**
 * A Byzantine replica's side of the cluster file's {@code crypto.clientAuth}: what checks a
 * request's authentication and what authenticates a reply.
 *
 * @param clients the client key ring (signed requests) or this replica's {@link ReplicaMacs}
 * @param replies signs replies or tags them for their client
 */
record ClientAuthKeys(ClientAuth kind, Verifier clients, ReplyAuthenticator replies) {

  static ClientAuthKeys of(ClusterConfig config, ClusterKeys keys, int id, KeyPair own) {
    ClientAuth kind = config.tuning().clientAuthKind();
    ReplicaMacs macs = new ReplicaMacs(keys.publicConfiguration(), id, config.n(), own);
    return new ClientAuthKeys(kind, kind.signsRequests() ? keys.clients() : macs,
        // A tag is the key shared with the client, whatever the slot's configuration: MAC replies do not rotate.
        kind.signsReplies() ? ReplyAuthenticator.SIGNING : (client, statement, slotKey) -> macs.tagReply(client, statement));
  }
}
