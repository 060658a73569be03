package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leader's queue is fair by client: a flooding client gets one place in line, like everyone. */
class RequestQueueTest {
  private static final CoreConfig CONFIG = CoreConfig.defaults(4).withBatching(2, 64 * 1024, 0);

  private static Request r(long client, long seq) {
    return new Request(client, seq, new byte[] {1});
  }

  @Test
  void aFloodingClientDoesNotCrowdOutTheOthers() {
    RequestQueue q = new RequestQueue(CONFIG);
    assertEquals(RequestQueue.Offered.QUEUED, q.offer(r(7, 1), 0));
    for (long seq = 2; seq <= 100; seq++) {
      assertEquals(RequestQueue.Offered.SUPERSEDED, q.offer(r(7, seq), 0));
    }
    assertEquals(RequestQueue.Offered.QUEUED, q.offer(r(1, 1), 0));
    Batch b = q.nextBatch(0);
    // First come, first served would give the flooder both places (its seqs 1 and 2).
    assertEquals(List.of(r(7, 100), r(1, 1)), b.requests());
    assertNull(q.nextBatch(0));
    // One in flight: the next waits until it executes, so the flooder adds no more slots than a
    // correct client.
    assertEquals(RequestQueue.Offered.QUEUED, q.offer(r(7, 101), 0));
    assertNull(q.nextBatch(1));
    q.executed(r(7, 100));
    assertEquals(List.of(r(7, 101)), q.nextBatch(2).requests());
    assertEquals(RequestQueue.Offered.QUEUED, q.offer(r(7, 102), 2));
    assertNull(q.nextBatch(3));
    // Not for ever: after electionTimeoutTicks a second may go (its first may have been learned
    // by state transfer, never executed here one by one).
    assertEquals(List.of(r(7, 102)), q.nextBatch(2 + CONFIG.electionTimeoutTicks()).requests());
  }

  @Test
  void retransmissionsAndOldSeqsAreAlreadyPending() {
    RequestQueue q = new RequestQueue(CONFIG);
    q.offer(r(1, 5), 0);
    assertEquals(RequestQueue.Offered.ALREADY_PENDING, q.offer(r(1, 5), 0));
    assertEquals(RequestQueue.Offered.ALREADY_PENDING, q.offer(r(1, 4), 0));
    q.nextBatch(0);
    assertEquals(RequestQueue.Offered.ALREADY_PENDING, q.offer(r(1, 5), 0), "in flight");
    q.executed(r(1, 5));
    assertEquals(RequestQueue.Offered.QUEUED, q.offer(r(1, 6), 0));
  }

  @Test
  void theBoundCountsClientsWaiting() {
    CoreConfig small = new CoreConfig(4, 32, 64, 64 * 1024, 0, 10, 100, 20, 256, 2, 1_000_000);
    RequestQueue q = new RequestQueue(small);
    q.offer(r(1, 1), 0);
    q.offer(r(2, 1), 0);
    assertEquals(RequestQueue.Offered.FULL, q.offer(r(3, 1), 0));
    assertEquals(RequestQueue.Offered.SUPERSEDED, q.offer(r(2, 2), 0), "a waiting client may still move on");
  }
}
