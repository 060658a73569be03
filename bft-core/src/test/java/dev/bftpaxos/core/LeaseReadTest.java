package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.kv.KvCommand;
import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Crash mode's reads outside the log, message by message (n = 3, clocks as ticks the test hands
 * out): a stale read is answered by anyone; a linearizable read only by a leader a quorum confirmed
 * after the read arrived; a lease read by the leader alone while its lease holds - and the lease is
 * safe exactly as long as the clocks drift within the bound it assumes.
 */
class LeaseReadTest {
  static final int DRIFT_PERMILLE = 50;

  static TestCluster cluster() {
    CoreConfig c = CoreConfig.defaults(3);
    return new TestCluster(c.withLimits(c.limits().withClockDrift(DRIFT_PERMILLE)));
  }

  static Read read(long id, Read.Kind kind, String key) {
    return new Read(7, id, kind, new KvCommand.Get(key).encode());
  }

  static String value(ReadReply r) {
    return ((KvResult.Value) KvResult.decode(r.result())).valueOrNull();
  }

  /** Replica 0 leads, k = v1 is chosen and a heartbeat round is confirmed: its lease holds. */
  static TestCluster withLeaseAt0() {
    TestCluster c = cluster();
    c.tickAll(c.config.electionTimeoutTicks()); // past every replica's restart refusal
    c.elect(0);
    c.request(0, TestCluster.put(9, 1, "k", "v1"));
    c.deliverAll();
    c.tick(0, c.config.heartbeatTicks());
    c.deliverAll();
    return c;
  }

  @Test
  void aStaleReadIsAnsweredByAnyReplicaWithItsSlot() {
    TestCluster c = withLeaseAt0();
    c.step(2, new Input.ClientRead(read(1, Read.Kind.STALE, "k")));
    ReadReply r = c.readReplies.get(c.readReplies.size() - 1);
    assertEquals(2, r.replica());
    assertEquals("v1", value(r));
    assertEquals(1, r.slot());
  }

  @Test
  void aLinearizableReadWaitsForAQuorumToConfirmTheBallot() {
    TestCluster c = withLeaseAt0();
    c.readReplies.clear();
    c.step(0, new Input.ClientRead(read(1, Read.Kind.LINEARIZABLE, "k")));
    assertTrue(c.readReplies.isEmpty(), "not before a round sent after the read is acknowledged");
    c.deliverAll();
    assertEquals(1, c.readReplies.size());
    assertEquals("v1", value(c.readReplies.get(0)));
    c.step(1, new Input.ClientRead(read(2, Read.Kind.LINEARIZABLE, "k")));
    assertTrue(c.readReplies.get(1).refused(), "a follower refuses, naming the leader");
    assertEquals(0, c.readReplies.get(1).leaderHint());
  }

  @Test
  void aLeaseReadIsAnsweredAloneWhileTheLeaseHoldsAndNotAfter() {
    TestCluster c = withLeaseAt0();
    c.readReplies.clear();
    c.step(0, new Input.ClientRead(read(1, Read.Kind.LEASE, "k")));
    assertEquals(1, c.readReplies.size(), "answered at once, no round needed");
    assertEquals("v1", value(c.readReplies.get(0)));
    // Cut off from both followers, the leader's lease runs out: a lease read then waits for a
    // quorum that never answers.
    c.cut(0, 1);
    c.cut(0, 2);
    c.tick(0, c.config.electionTimeoutTicks());
    c.readReplies.clear();
    c.step(0, new Input.ClientRead(read(2, Read.Kind.LEASE, "k")));
    assertTrue(c.readReplies.isEmpty() || c.readReplies.get(0).refused());
  }

  /**
   * The followers' clocks run faster than the leader's by more than the bound allows: they stop
   * vouching for it, elect replica 1 or 2, which decides k = v2, while the cut-off leader's lease still
   * holds by its own slow clock. Its lease read then answers v1 after v2 completed: not
   * linearizable. Within the bound the same schedule leaves the lease expired first.
   */
  @Test
  void aClockDriftBeyondTheBoundBreaksLeaseReads() {
    assertFalse(staleAfterFollowersRun(1.0 + DRIFT_PERMILLE / 1000.0, 1.0 - DRIFT_PERMILLE / 1000.0),
        "within the bound the lease ends first");
    assertTrue(staleAfterFollowersRun(2.0, 0.5), "beyond the bound the old leader answers a stale value");
  }

  /** Whether the old leader's lease read answers v1 after v2 was chosen by the new leader. */
  private static boolean staleAfterFollowersRun(double followerRate, double leaderRate) {
    TestCluster c = withLeaseAt0();
    c.cut(0, 1);
    c.cut(0, 2);
    double followerClock = 0;
    double leaderClock = 0;
    long realTicks = 0;
    // Real time advances one tick a step; each replica ticks as often as its clock rate says.
    while (c.cores[1].role() != Role.LEADER && c.cores[2].role() != Role.LEADER && realTicks < 10_000) {
      realTicks++;
      followerClock += followerRate;
      leaderClock += leaderRate;
      while (followerClock >= 1) {
        followerClock--;
        c.tick(1, 1);
        c.tick(2, 1);
      }
      while (leaderClock >= 1) {
        leaderClock--;
        c.tick(0, 1);
      }
      c.deliverAll();
    }
    int newLeader = c.cores[1].role() == Role.LEADER ? 1 : 2;
    assertEquals(Role.LEADER, c.cores[newLeader].role());
    c.request(newLeader, TestCluster.put(9, 2, "k", "v2"));
    c.deliverAll();
    assertNotNull(c.cores[newLeader].chosenAt(2));
    c.readReplies.clear();
    c.step(0, new Input.ClientRead(read(3, Read.Kind.LEASE, "k")));
    List<ReadReply> answers = c.readReplies;
    return !answers.isEmpty() && !answers.get(0).refused() && "v1".equals(value(answers.get(0)));
  }
}
