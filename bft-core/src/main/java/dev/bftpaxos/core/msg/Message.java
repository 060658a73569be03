package dev.bftpaxos.core.msg;

/** Everything one replica sends another. {@link #from()} is the sender's replica id. */
public sealed interface Message
    permits ElectionMessage, ReplicationMessage, CatchupMessage, ForwardedRequest, ByzantineMessage {
  int from();

  /** The ballot the message speaks for, or -1 where it has none. */
  long ballot();
}
