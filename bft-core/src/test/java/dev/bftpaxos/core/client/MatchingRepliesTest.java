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
    return reply(replica, 3, result, sig);
  }

  private static Reply reply(int replica, long slot, String result, byte[] sig) {
    return new Reply(replica, 7, 1, slot, result.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, sig);
  }

  /** A configuration whose members sign with the one-byte key {@code key}, the same for all. */
  private static KnownConfigurations.Known config(long id, long from, byte key, Integer... members) {
    return new KnownConfigurations.Known(id, from, java.util.Set.of(members),
        (signer, statement, sig) -> sig.length == 1 && sig[0] == key);
  }

  /** The rule's view of configurations: a reply is authentic when its signature is its configuration's key. */
  private static KnownConfigurations known(KnownConfigurations.Known first) {
    return new KnownConfigurations(first, (r, keys) -> keys.verify(r.replica(), new byte[0], r.signature()));
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

  @Test
  void countsEachSlotInTheConfigurationGoverningIt() {
    KnownConfigurations known = known(config(0, 1, (byte) 1, 0, 1, 2, 3));
    known.add(config(1, 10, (byte) 2, 0, 1, 2, 3, 4, 5, 6)); // n=7: f=2, three must match
    known.add(config(2, 20, (byte) 3, 1, 2, 3, 4)); // replica 0 removed, every key rotated
    byte[] k0 = {1};
    byte[] k1 = {2};
    byte[] k2 = {3};

    ReplyRule c0 = new MatchingReplies(known).fresh();
    assertNull(c0.offer(reply(0, 5, "a", k0)));
    assertNotNull(c0.offer(reply(1, 5, "a", k0)), "C0 governs slot 5: f+1 = 2");

    ReplyRule c1 = new MatchingReplies(known).fresh();
    assertNull(c1.offer(reply(4, 12, "a", k1)));
    assertNull(c1.offer(reply(5, 12, "a", k1)), "C1 has f=2: two are not enough");
    assertNull(c1.offer(reply(6, 12, "a", k0)), "a key of another configuration does not count in C1");
    assertNotNull(c1.offer(reply(0, 12, "a", k1)));

    ReplyRule c2 = new MatchingReplies(known).fresh();
    assertNull(c2.offer(reply(0, 25, "lie", k2)), "replica 0 is no member of C2");
    assertNull(c2.offer(reply(1, 25, "lie", k1)), "replica 1's C1 key was rotated at slot 20");
    assertNull(c2.offer(reply(2, 25, "lie", k2)), "one member alone is not f+1");
    assertNull(c2.offer(reply(3, 24, "lie", k2)), "the same result for another slot does not match");
    assertNotNull(c2.offer(reply(4, 25, "lie", k2)));
  }

  @Test
  void aClientBehindTheChainCountsLaterSlotsInTheLastConfigurationItKnows() {
    KnownConfigurations known = known(config(0, 1, (byte) 1, 0, 1, 2, 3));
    ReplyRule stale = new MatchingReplies(known).fresh();
    assertNull(stale.offer(reply(4, 30, "a", new byte[] {1})), "replica 4 is no member of any configuration known");
    assertNull(stale.offer(reply(1, 30, "a", new byte[] {1})));
    known.add(config(1, 20, (byte) 2, 1, 2, 3, 4));
    assertNull(stale.offer(reply(2, 30, "a", new byte[] {1})), "once C1 is known, only its keys count for slot 30");
    assertNull(stale.offer(reply(3, 30, "a", new byte[] {2})), "replica 1's reply was counted in C0: not in C1");
    assertNotNull(stale.offer(reply(4, 30, "a", new byte[] {2})));
  }

  @Test
  void configurationsFollowEachOtherInOrder() {
    KnownConfigurations known = known(config(0, 1, (byte) 1, 0, 1, 2, 3));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> known.add(config(2, 20, (byte) 1, 0, 1, 2)), "C1 missing");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> known.add(config(1, 1, (byte) 1, 0, 1, 2)), "must govern later slots than C0");
    known.add(config(1, 9, (byte) 1, 0, 1, 2));
    assertEquals(1, known.governing(9).id());
    assertEquals(0, known.governing(8).id());
  }
}
