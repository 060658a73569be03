package dev.bftpaxos.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A restarted client process continues its session above the numbers it used before. */
class ClientCoreResumeTest {
  @Test
  void resumedSessionNumbersAboveTheLastSeq() {
    ClientCore c = new ClientCore(1000, 3, 10, new ReplyRule.FirstReply());
    c.resumeAfter(41);
    assertEquals(42, c.submit(new byte[] {1}).send().get(0).request().seq());
  }

  @Test
  void resumeOnlyBeforeTheFirstRequest() {
    ClientCore c = new ClientCore(1000, 3, 10, new ReplyRule.FirstReply());
    c.submit(new byte[] {1});
    assertThrows(RuntimeException.class, () -> c.resumeAfter(5));
  }
}
