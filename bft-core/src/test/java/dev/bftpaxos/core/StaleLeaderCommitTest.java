package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's crash-mode suspicion, driven message by message (n = 5): a leader that learns chosen
 * slots by catch-up keeps leading and advertises commitThrough under its own ballot, so a follower
 * still in that ballot marks its own (older-ballot) vote as chosen where a later ballot chose
 * something else.
 */
class StaleLeaderCommitTest {

  @Test
  void aLeaderThatCatchesUpOnSlotsOfALaterBallotDoesNotVouchForThem() {
    TestCluster c = new TestCluster(5);
    // a. Replica 4 is cut off while leader 0 decides 64 slots and a checkpoint at 64 is stable.
    for (int r = 0; r < 4; r++) {
      c.cut(r, 4);
    }
    c.elect(0);
    for (int i = 1; i <= 64; i++) {
      c.request(0, TestCluster.put(100, i, "k", "v" + i));
      c.deliverAll();
    }
    assertEquals(64, c.cores[2].stableCheckpointSlot(), "replica 2 truncated through 64");
    assertEquals(0, c.cores[4].chosenThrough());
    c.crash(0);
    c.heal();
    // b. Replica 4 leads ballot 9 with promises of 2 (which truncated through 64) and 3.
    c.tick(2, 100);
    c.tick(3, 100);
    // Replica 4 hears of ballot 8 (replica 3's candidacy) before it runs itself, with a higher one.
    c.deliver(m -> m.message() instanceof Prepare && m.from() == 3 && m.to() == 4);
    c.drop(m -> true);
    c.tick(4, 100);
    long ballot4 = c.cores[4].ownBallot();
    c.deliver(m -> m.message() instanceof Prepare && (m.to() == 2 || m.to() == 3));
    c.deliver(m -> m.to() == 4 && m.from() != 1);
    assertEquals(Role.LEADER, c.cores[4].role(), "replica 4 leads ballot " + ballot4);
    // It fetches what 2 truncated; that request stays in flight for now.
    Request x = TestCluster.put(200, 1, "x", "from-ballot-" + ballot4);
    c.request(4, x);
    // Its proposal for slot 65 reaches replica 3 only.
    c.deliver(m -> m.from() == 4 && m.to() == 3 && m.message() instanceof dev.bftpaxos.core.msg.ReplicationMessage.Accept);
    c.drop(m -> m.to() != 4 && m.from() == 4 && !(m.message() instanceof dev.bftpaxos.core.msg.LogMessage.FetchSlots));
    c.drop(m -> m.to() == 4);
    // c. Replica 1 leads a higher ballot with 0 (restarted) and 2, and decides slot 65 = w.
    c.step(1, new Input.Receive(new Prepare(4, ballot4, 1)));
    c.drop(m -> m.from() == 1);
    c.restart(0);
    c.tick(1, 300);
    c.deliver(m -> (m.from() == 1 || m.to() == 1) && m.from() != 3 && m.to() != 3 && m.from() != 4 && m.to() != 4);
    assertEquals(Role.LEADER, c.cores[1].role());
    Request w = TestCluster.put(300, 1, "w", "from-ballot-" + c.cores[1].ownBallot());
    c.request(1, w);
    c.deliver(m -> m.from() != 3 && m.to() != 3 && m.from() != 4 && m.to() != 4);
    assertEquals(new Batch(List.of(w)), c.cores[2].chosenAt(65), "slot 65 chosen as w in the later ballot");
    // d. Replica 4's catch-up goes to 2 now, which is in the later ballot and knows 65 chosen.
    c.deliver(m -> m.from() == 4 && m.to() == 2 || m.from() == 2 && m.to() == 4);
    assertEquals(new Batch(List.of(w)), c.cores[4].chosenAt(65), "replica 4 learned slot 65 by catch-up");
    assertEquals(Role.FOLLOWER, c.cores[4].role(), "a leader that learns a slot of its ballot from a peer steps down");
    // e. Whatever replica 4 then tells replica 3 must not make it choose x at 65.
    c.deliver(m -> m.from() == 4 && m.to() == 3);
    Batch at3 = c.cores[3].chosenAt(65);
    if (at3 != null) {
      assertEquals(new Batch(List.of(w)), at3, "replica 3 chose at slot 65 what the later ballot chose");
    }
  }
}
