package dev.bftpaxos.core.msg;

/**
 * Everything one replica sends another. {@link #from()} is the sender's replica id. Three families:
 * {@link LogMessage} (the replicated log both modes share: checkpoints, catch-up, state transfer,
 * forwarded requests), {@link CrashMessage} (Multi-Paxos) and {@link ByzantineMessage} (Paxos with
 * signed certificates). Each family dispatches through its own {@code Handler}, so adding a message
 * type fails compilation until every handler of its family handles it.
 */
public sealed interface Message permits LogMessage, CrashMessage, ByzantineMessage {
  int from();

  /** The ballot the message speaks for, or -1 where it has none. */
  long ballot();
}
