package dev.bftpaxos.replica.driver;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.core.msg.Reply;

/**
 * Where a driver hands what the core produced once it may leave: the transport. Called in step
 * order, never before the step's writes are durable; implementations must not block (queue, and
 * count what a full queue refuses).
 */
public interface Outbound {
  void send(int to, Message message);

  void reply(Reply reply);

  void readReply(ReadReply reply);
}
