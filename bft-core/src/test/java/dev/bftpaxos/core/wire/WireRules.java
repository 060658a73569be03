package dev.bftpaxos.core.wire;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CatchupMessage.CatchupReply;
import dev.bftpaxos.core.msg.CatchupMessage.CatchupRequest;
import dev.bftpaxos.core.msg.CatchupMessage.ChosenEntry;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ElectionMessage.Promise;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import dev.bftpaxos.core.msg.ForwardedRequest;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.msg.ReplicationMessage.Commit;
import dev.bftpaxos.core.msg.ReplicationMessage.Heartbeat;
import dev.bftpaxos.core.msg.ReplicationMessage.HeartbeatAck;
import dev.bftpaxos.core.msg.Reply;

/**
 * The decoding rules of {@link WireCodec}'s documentation, written out again independently as the
 * oracle for the wild-message property: a message these accept must round-trip, one they refuse
 * must be rejected on decoding.
 */
final class WireRules {

  private WireRules() {}

  static boolean valid(Message m) {
    if (m.from() < 0) {
      return false;
    }
    if (m instanceof Prepare p) {
      return p.ballot() >= 0 && p.fromSlot() >= 1;
    } else if (m instanceof Promise p) {
      if (p.ballot() < 0 || p.fromSlot() < 1 || p.chosenThrough() < 0
          || p.entries().size() > WireCodec.ENTRIES_MAX) {
        return false;
      }
      for (PromiseEntry e : p.entries()) {
        if (e.slot() < 1 || e.acceptedBallot() < -1 || !valid(e.batch())) {
          return false;
        }
      }
      return true;
    } else if (m instanceof Nack n) {
      return n.ballot() >= 0 && n.promised() >= -1;
    } else if (m instanceof Accept a) {
      return a.ballot() >= 0 && a.slot() >= 1 && valid(a.batch()) && a.commitThrough() >= 0;
    } else if (m instanceof Accepted a) {
      return a.ballot() >= 0 && a.slot() >= 1;
    } else if (m instanceof Commit c) {
      return c.ballot() >= 0 && c.commitThrough() >= 0;
    } else if (m instanceof Heartbeat h) {
      return h.ballot() >= 0 && h.commitThrough() >= 0;
    } else if (m instanceof HeartbeatAck h) {
      return h.ballot() >= 0 && h.chosenThrough() >= 0;
    } else if (m instanceof CatchupRequest c) {
      return c.fromSlot() >= 1 && c.toSlot() >= 0;
    } else if (m instanceof CatchupReply c) {
      if (c.chosenThrough() < 0 || c.entries().size() > WireCodec.ENTRIES_MAX) {
        return false;
      }
      for (ChosenEntry e : c.entries()) {
        if (e.slot() < 1 || !valid(e.batch())) {
          return false;
        }
      }
      return true;
    } else if (m instanceof ForwardedRequest f) {
      return f.request() != null;
    }
    throw new AssertionError("unknown message type " + m.getClass());
  }

  static boolean valid(Batch b) {
    return b != null && b.requests().size() <= WireCodec.BATCH_REQUESTS_MAX;
  }

  static boolean valid(Reply r) {
    return r.replica() >= 0 && r.slot() >= 1 && r.leaderHint() >= -1;
  }
}
