package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.List;

/**
 * What one client step produced: requests to send (replica id and request) and, at most, the
 * completion of the outstanding request.
 */
public record ClientOutput(List<Send> send, Reply completed) {
  /** One request to one replica. */
  public record Send(int to, Request request) {}

  public static final ClientOutput NONE = new ClientOutput(List.of(), null);
}
