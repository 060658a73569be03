package dev.bftpaxos.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bftpaxos.core.msg.Reply;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Byzantine client's rule: f+1 distinct replicas, the same result, each reply signed by its sender. */
class MatchingRepliesTest {
  private static final byte[] GOOD = {1};

  private static Reply reply(int replica, String result, byte[] sig) {
    return new Reply(replica, 7, 1, 3, result.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, sig);
  }

  private static ReplyRule rule() {
    return new MatchingReplies(2, r -> Arrays.equals(r.signature(), GOOD)).fresh();
  }

  @Test
  void takesTheResultOnceFPlusOneDistinctReplicasAgree() {
    ReplyRule r = rule();
    assertNull(r.offer(reply(0, "a", GOOD)));
    assertNull(r.offer(reply(0, "a", GOOD)), "the same replica twice counts once");
    assertNull(r.offer(reply(1, "b", GOOD)), "a different result does not match");
    assertNotNull(r.offer(reply(2, "a", GOOD)));
  }

  @Test
  void aReplyWithABadSignatureIsNotCounted() {
    ReplyRule r = rule();
    assertNull(r.offer(reply(0, "lie", new byte[] {9})));
    assertNull(r.offer(reply(1, "lie", GOOD)));
    assertNull(r.offer(reply(0, "a", GOOD)), "replica 0 may still send its real, signed reply");
    assertEquals("a", new String(r.offer(reply(2, "a", GOOD)).result(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
