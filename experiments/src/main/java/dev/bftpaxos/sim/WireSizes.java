package dev.bftpaxos.sim;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.core.wire.WireCodec;

/**
 * Bytes a message takes on the wire (its protobuf frame), for the per-request byte counts in
 * reports; computed from the record without encoding it.
 */
final class WireSizes {
  private WireSizes() {}

  static int of(Message m) {
    return WireCodec.encodedSize(m);
  }

  static int of(Request r) {
    return WireCodec.encodedSize(r);
  }

  static int of(Reply r) {
    return WireCodec.encodedSize(r);
  }
}
