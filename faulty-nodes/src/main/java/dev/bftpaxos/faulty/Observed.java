package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.ByzantineMessage.Propose;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedAccept;
import dev.bftpaxos.core.msg.ByzantineMessage.SignedCommit;
import dev.bftpaxos.core.msg.LogMessage.Checkpoint;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;

/**
 * What a faulty replica's own correct core has been saying: the highest ballot and slot it sent,
 * and its latest checkpoint. Flooding behaviours aim their lies just around that, where a careless
 * replica would keep them.
 */
final class Observed {
  long ballot;
  long slot;
  long checkpoint;

  void note(Output out) {
    for (Output.Send s : out.send()) {
      note(s.message());
    }
  }

  private void note(Message m) {
    ballot = Math.max(ballot, m.ballot());
    if (m instanceof Propose p) {
      slot = Math.max(slot, p.slot());
    } else if (m instanceof SignedAccept a) {
      slot = Math.max(slot, a.slot());
    } else if (m instanceof SignedCommit c) {
      slot = Math.max(slot, c.slot());
    } else if (m instanceof Accept a) {
      slot = Math.max(slot, a.slot());
    } else if (m instanceof Accepted a) {
      slot = Math.max(slot, a.slot());
    } else if (m instanceof Checkpoint c) {
      checkpoint = Math.max(checkpoint, c.slot());
    }
  }
}
