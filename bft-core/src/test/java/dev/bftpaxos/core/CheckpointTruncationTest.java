package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.kv.KvStateMachine;
import org.junit.jupiter.api.Test;

/** Crash mode runs in bounded memory: checkpoints truncate the log, and laggards get a snapshot. */
class CheckpointTruncationTest {

  @Test
  void theLogStaysBoundedOverALongRun() {
    TestCluster c = new TestCluster(3);
    c.elect(0);
    int requests = 1000;
    for (int i = 1; i <= requests; i++) {
      c.request(0, TestCluster.put(7, i, "k" + (i % 10), "v" + i));
      c.deliverAll();
    }
    c.tickAll(30);
    c.deliverAll();
    for (int r = 0; r < 3; r++) {
      CrashReplica core = c.cores[r];
      assertEquals(requests, core.executedThrough(), "replica " + r);
      assertTrue(core.stableCheckpointSlot() >= requests - 2 * 64, "replica " + r + " checkpointed: " + core.stableCheckpointSlot());
      assertTrue(core.logSize() <= 2 * 64 + c.config.windowSlots(), "replica " + r + " holds " + core.logSize() + " slots");
      assertTrue(c.durable[r].accepted().size() <= 2 * 64 + c.config.windowSlots(), "durable votes bounded");
    }
  }

  @Test
  void aReplicaThatLostItsDiskCatchesUpFromASnapshot() {
    TestCluster c = new TestCluster(3);
    c.elect(0);
    c.crash(2);
    for (int i = 1; i <= 300; i++) {
      c.request(0, TestCluster.put(7, i, "k" + (i % 10), "v" + i));
      c.deliverAll();
    }
    assertTrue(c.cores[0].stableCheckpointSlot() >= 128, "checkpoints formed by the majority");
    c.durable[2] = new DurableState(); // amnesia: a new disk
    c.restart(2);
    c.tickAll(40);
    c.deliverAll();
    c.tickAll(40);
    c.deliverAll();
    assertEquals(300, c.cores[2].executedThrough(), "replica 2 caught up");
    KvStateMachine a = (KvStateMachine) c.cores[0].stateMachine();
    KvStateMachine b = (KvStateMachine) c.cores[2].stateMachine();
    assertEquals(java.util.HexFormat.of().formatHex(a.stateDigest()), java.util.HexFormat.of().formatHex(b.stateDigest()));
    // and it executes new requests exactly once afterwards
    c.request(0, TestCluster.put(7, 301, "k", "last"));
    c.deliverAll();
    c.tickAll(20);
    c.deliverAll();
    assertEquals(301, c.cores[2].executedThrough());
  }
}
