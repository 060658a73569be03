package dev.bftpaxos.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.ReadReply;
import dev.bftpaxos.crypto.Digest32;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Byzantine reads outside the log count answers per configuration, as replies are counted. */
class ReadPolicyTest {
  private static final Digest32 CLUSTER = Digest32.of(new byte[32]);

  /** Members' "signatures" are one byte, their configuration's key. */
  private static KnownConfigurations.Known config(long id, long from, byte key, Integer... members) {
    return new KnownConfigurations.Known(id, from, Set.of(members), (signer, statement, sig) -> sig.length == 1
        && sig[0] == key);
  }

  private static ReadReply answer(int replica, Read.Kind kind, long slot, String result, byte key) {
    return new ReadReply(replica, 7, 1, kind, slot, result.getBytes(StandardCharsets.UTF_8), 0).withSignature(
        new byte[] {key});
  }

  private static KnownConfigurations chain() {
    KnownConfigurations k = new KnownConfigurations(config(0, 1, (byte) 1, 0, 1, 2, 3),
        KnownConfigurations.signed(CLUSTER));
    k.add(config(1, 10, (byte) 2, 1, 2, 3, 4)); // replica 0 removed, every key rotated
    return k;
  }

  @Test
  void aStaleAnswerCountsOnlyFromAMemberOfItsSlotsConfigurationWithItsKeyThere() {
    ReadPolicy p = ReadPolicy.byzantineSigned(CLUSTER, chain());
    assertEquals(ReadRule.Verdict.WAIT, p.rule(Read.Kind.STALE).fresh().offer(answer(0, Read.Kind.STALE, 12, "v",
        (byte) 2), 5), "replica 0 is no member of C1");
    assertEquals(ReadRule.Verdict.WAIT, p.rule(Read.Kind.STALE).fresh().offer(answer(1, Read.Kind.STALE, 12, "v",
        (byte) 1), 5), "replica 1's C0 key was rotated at slot 10");
    assertEquals(ReadRule.Verdict.TAKE, p.rule(Read.Kind.STALE).fresh().offer(answer(1, Read.Kind.STALE, 12, "v",
        (byte) 2), 5));
    assertEquals(ReadRule.Verdict.TAKE, p.rule(Read.Kind.STALE).fresh().offer(answer(0, Read.Kind.STALE, 5, "v",
        (byte) 1), 5), "slot 5 is C0's, where replica 0 is a member");
  }

  @Test
  void aLinearizableReadNeedsAQuorumOfOneConfiguration() {
    ReadRule r = ReadPolicy.byzantineSigned(CLUSTER, chain()).rule(Read.Kind.LINEARIZABLE).fresh();
    assertEquals(ReadRule.Verdict.WAIT, r.offer(answer(0, Read.Kind.LINEARIZABLE, 12, "v", (byte) 2), 5));
    assertEquals(ReadRule.Verdict.WAIT, r.offer(answer(1, Read.Kind.LINEARIZABLE, 12, "v", (byte) 2), 5));
    assertEquals(ReadRule.Verdict.WAIT, r.offer(answer(2, Read.Kind.LINEARIZABLE, 9, "v", (byte) 1), 5),
        "an answer from a C0 slot does not add to C1's quorum");
    assertEquals(ReadRule.Verdict.WAIT, r.offer(answer(3, Read.Kind.LINEARIZABLE, 11, "v", (byte) 2), 5));
    assertEquals(ReadRule.Verdict.TAKE, r.offer(answer(4, Read.Kind.LINEARIZABLE, 13, "v", (byte) 2), 5),
        "1, 3 and 4: a quorum of C1 (3 of 4)");
  }
}
