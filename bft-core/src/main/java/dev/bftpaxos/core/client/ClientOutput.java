package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import java.util.List;

/**
 * What one client step produced: requests and reads to send (replica id and message) and, at
 * most, the completion of what was outstanding: a {@code completed} reply (a request, or a read
 * that fell back to the log) or a {@code readCompleted} answer to a read outside the log.
 */
public record ClientOutput(List<Send> send, Reply completed, List<ReadSend> readSends, ReadReply readCompleted) {
  /** One request to one replica. */
  public record Send(int to, Request request) {}

  /** One read to one replica. */
  public record ReadSend(int to, Read read) {}

  public static final ClientOutput NONE = new ClientOutput(List.of(), null);

  /** Sends and the completion of a request, no reads. */
  public ClientOutput(List<Send> send, Reply completed) {
    this(send, completed, List.of(), null);
  }
}
