package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ElectionMessage.Nack;
import dev.bftpaxos.core.msg.ElectionMessage.Prepare;
import dev.bftpaxos.core.msg.ReplicationMessage.Accept;
import dev.bftpaxos.core.msg.ReplicationMessage.Accepted;
import dev.bftpaxos.core.msg.Request;
import org.junit.jupiter.api.Test;

/** The scenarios the lecture notes walk through, each driven message by message. */
class ScenarioExamplesTest {

  @Test
  void duelingProposersEndWithOneLeader() {
    TestCluster c = new TestCluster(3);
    c.tick(0, 201);
    c.tick(1, 201);
    assertEquals(Role.CANDIDATE, c.cores[0].role());
    assertEquals(Role.CANDIDATE, c.cores[1].role());
    // Both prepares reach replica 2 and each other; the lower ballot loses everywhere.
    c.deliverAll();
    assertEquals(1, c.leaders(), "exactly one leader after the duel");
    int leader = c.cores[0].role() == Role.LEADER ? 0 : 1;
    int loser = 1 - leader;
    assertEquals(Role.FOLLOWER, c.cores[loser].role());
    assertTrue(c.cores[leader].ownBallot() > c.cores[loser].promised() - 1);
    c.request(leader, TestCluster.put(7, 1, "k", "v"));
    c.deliverAll();
    for (int r = 0; r < 3; r++) {
      assertEquals(1, c.cores[r].chosenThrough(), "replica " + r + " learned the slot");
    }
    assertEquals(1, c.replies.size());
  }

  @Test
  void failoverRecoversAHalfAcceptedSlot() {
    TestCluster c = new TestCluster(5);
    c.elect(0);
    Request r = TestCluster.put(7, 1, "k", "v");
    c.request(0, r);
    // The ACCEPT reaches replica 1 only; no ACCEPTED gets back. Two of five voted: not chosen.
    c.deliver(m -> m.message() instanceof Accept && m.to() == 1);
    c.drop(m -> m.message() instanceof Accept || m.message() instanceof Accepted);
    assertEquals(0, c.cores[0].chosenThrough());
    c.crash(0);
    // Replica 1 takes over: its own vote is among the promises, so it must re-propose r in slot 1.
    c.elect(1);
    assertEquals(Role.LEADER, c.cores[1].role());
    Batch slot1 = c.cores[1].chosenAt(1);
    assertNotNull(slot1, "slot 1 chosen after failover");
    assertEquals(new Batch(java.util.List.of(r)), slot1, "the half-accepted value survives");
  }

  @Test
  void aGapIsFilledWithANoop() {
    TestCluster c = new TestCluster(3);
    c.elect(0);
    Request a = TestCluster.put(7, 1, "a", "1");
    Request b = TestCluster.put(8, 1, "b", "2");
    Request d = TestCluster.put(9, 1, "d", "3");
    c.request(0, a);
    c.request(0, b);
    c.request(0, d);
    // Slots 1, 2, 3 proposed; slot 2's ACCEPT is lost everywhere, the others reach replica 1 only.
    c.drop(m -> m.message() instanceof Accept acc && acc.slot() == 2);
    c.drop(m -> m.to() == 2);
    c.deliver(m -> m.message() instanceof Accept && m.to() == 1);
    c.drop(m -> true);
    c.crash(0);
    c.elect(1);
    assertEquals(Role.LEADER, c.cores[1].role());
    assertEquals(new Batch(java.util.List.of(a)), c.cores[1].chosenAt(1));
    assertTrue(c.cores[1].chosenAt(2).isNoop(), "the gap at slot 2 becomes a no-op");
    assertEquals(new Batch(java.util.List.of(d)), c.cores[1].chosenAt(3));
    assertEquals(3, c.cores[2].chosenThrough(), "replica 2 learns all three");
  }

  @Test
  void retransmissionAfterLeaderChangeExecutesOnce() {
    TestCluster c = new TestCluster(3);
    c.elect(0);
    Request r = TestCluster.put(7, 1, "k", "v");
    c.request(0, r);
    c.deliver(m -> m.to() == 1 || m.to() == 0);
    assertEquals(1, c.cores[0].chosenThrough());
    c.replies.clear(); // the reply is lost
    c.drop(m -> true);
    c.crash(0);
    c.elect(1);
    // The client times out and retransmits to every replica.
    c.request(1, r);
    c.request(2, r);
    c.deliverAll();
    c.tickAll(30);
    c.deliverAll();
    for (int replica = 1; replica <= 2; replica++) {
      assertEquals(1, c.timesApplied(replica, 7, 1), "replica " + replica + " applied the request once");
    }
    assertTrue(c.replies.stream().anyMatch(rep -> rep.clientId() == 7 && rep.seq() == 1), "the client gets its answer");
  }

  @Test
  void partialConnectivityKeepsTheLeaderAndProgress() {
    TestCluster c = new TestCluster(3);
    c.elect(0);
    c.cut(0, 2); // 0-1 and 1-2 up, 0-2 down
    long seq = 0;
    for (int round = 0; round < 20; round++) {
      c.request(0, TestCluster.put(7, ++seq, "k", "v" + seq));
      c.tickAll(25);
      c.deliverAll();
    }
    // Replica 2 cannot hear the leader and keeps asking for a new ballot; replica 1 still hears
    // the leader and refuses to help depose it, so the leader keeps a quorum and keeps deciding.
    assertEquals(Role.LEADER, c.cores[0].role());
    assertEquals(seq, c.cores[0].chosenThrough());
    assertTrue(c.cores[1].rejections().getOrDefault("prepare refused: leader alive", 0L) > 0);
    c.heal();
    c.tickAll(c.config.electionTimeoutTicks() * 3);
    c.deliverAll();
    c.tickAll(30);
    c.deliverAll();
    assertEquals(seq, c.cores[2].chosenThrough(), "replica 2 catches up after the heal");
    assertEquals(seq, c.cores[1].chosenThrough());
  }

  @Test
  void acceptBelowPromiseIsRefused() {
    TestCluster c = new TestCluster(3);
    c.elect(0);
    c.step(1, new Input.Receive(new Prepare(2, 5, 1)));
    c.inFlight.clear();
    c.step(1, new Input.Receive(new Accept(0, 0, 1, Batch.NOOP, 0)));
    assertTrue(c.inFlight.stream().anyMatch(m -> m.message() instanceof Nack k && k.promised() == 5));
    assertEquals(0, c.durable[1].accepted().size());
  }
}
