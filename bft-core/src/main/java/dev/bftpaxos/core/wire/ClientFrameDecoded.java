package dev.bftpaxos.core.wire;

import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;

/** What one client frame held: a request (client to replica) or a reply (replica to client). */
public sealed interface ClientFrameDecoded {

  /** A client's request. */
  record RequestFrame(Request request) implements ClientFrameDecoded {}

  /** A replica's reply. */
  record ReplyFrame(Reply reply) implements ClientFrameDecoded {}
}
