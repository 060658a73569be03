package dev.bftpaxos.core.wire;

import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;

/** What one client frame held: a request or a read (client to replica), a reply or a read's answer (replica to client). */
public sealed interface ClientFrameDecoded {

  /** A client's request. */
  record RequestFrame(Request request) implements ClientFrameDecoded {}

  /** A replica's reply. */
  record ReplyFrame(Reply reply) implements ClientFrameDecoded {}

  /** A client's read outside the log. */
  record ReadFrame(dev.bftpaxos.core.msg.Read read) implements ClientFrameDecoded {}

  /** A replica's answer to a read. */
  record ReadReplyFrame(dev.bftpaxos.core.msg.ReadReply reply) implements ClientFrameDecoded {}
}
