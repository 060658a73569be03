package dev.bftpaxos.replica.transport;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.crypto.Role;

/**
 * What an authenticated connection delivers, on a Netty thread: implementations hand it on without
 * blocking and return false if they could not (the transport counts it).
 */
public interface Listener {
  /** A replica message whose {@code from} is the authenticated sender. */
  boolean onPeerMessage(int fromReplica, Message message);

  /** A client frame from the authenticated member {@code (role, id)}. */
  boolean onClientFrame(Role role, int id, ClientFrameDecoded frame);

  /** A replica's status line for an authenticated client's request, or null if this is no replica. */
  default String onStatusRequest() {
    return null;
  }

  /** A replica's answer to {@link NettyTransport#requestStatus}. */
  default void onStatus(int replica, String line) {}
}
