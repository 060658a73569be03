package dev.bftpaxos.sim;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;

/** Bytes a message takes on the wire, for the per-request byte counts in reports. */
final class WireSizes {
  private WireSizes() {}

  static int of(Message m) {
    return 64;
  }

  static int of(Request r) {
    return r.sizeBytes() + 8;
  }

  static int of(Reply r) {
    return r.result().length + 32;
  }
}
