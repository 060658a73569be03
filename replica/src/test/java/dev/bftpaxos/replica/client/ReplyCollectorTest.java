package dev.bftpaxos.replica.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.bftpaxos.core.client.KnownConfigurations;
import dev.bftpaxos.core.client.ReplyCertificate;
import dev.bftpaxos.core.msg.Reply;
import dev.bftpaxos.core.msg.Request;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.SignerSignature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replies a reply certificate is made of: one reply statement, f+1 distinct replicas that verify. */
class ReplyCollectorTest {
  private static final Digest32 CONFIG = Digest32.of(new byte[32]);
  private static final Request REQUEST = new Request(1000, 7, "put k v".getBytes(StandardCharsets.UTF_8), new byte[] {9});
  private static final byte[] OK = {1};
  private static final byte[] GOOD = {42};

  /** Signatures are "valid" when they are {@link #GOOD}: the collector's own checks are what is tested. */
  private static ReplyCollector collector() {
    return new ReplyCollector(CONFIG, known(new KnownConfigurations.Known(0, 1, java.util.Set.of(0, 1, 2, 3),
        (signer, statement, sig) -> sig.length == 1 && sig[0] == GOOD[0])), REQUEST);
  }

  /** A reply is authentic when its signature is what its configuration's keys accept. */
  private static KnownConfigurations known(KnownConfigurations.Known first) {
    return new KnownConfigurations(first, (r, keys) -> keys.verify(r.replica(), new byte[0], r.signature()));
  }

  private static Reply reply(int replica, long seq, long slot, byte[] result, byte[] sig) {
    return new Reply(replica, 1000, seq, slot, result, 0, sig);
  }

  @Test
  void aMatchingResultAtAnotherSlotIsNotTheSameStatement() {
    ReplyCollector c = collector();
    c.offer(reply(0, 7, 5, OK, GOOD));
    c.offer(reply(1, 7, 6, OK, GOOD)); // a faulty replica: right result, wrong slot
    assertNull(c.certificate(OK), "two replicas agree on the result but not on one statement");
    c.offer(reply(2, 7, 5, OK, GOOD));
    ReplyCertificate cert = c.certificate(OK);
    assertNotNull(cert);
    assertEquals(5, cert.slot());
    assertEquals(List.of(0, 2), cert.signatures().stream().map(SignerSignature::signerId).toList());
    assertEquals(7, cert.seq());
    assertEquals(1, cert.requestSignature().length);
  }

  @Test
  void unverifiedRepliesRepeatsAndOtherRequestsDoNotCount() {
    ReplyCollector c = collector();
    c.offer(reply(0, 7, 5, OK, GOOD));
    c.offer(reply(0, 7, 5, OK, GOOD)); // the same replica twice
    c.offer(reply(1, 7, 5, OK, new byte[] {0})); // a signature that does not verify
    c.offer(reply(2, 8, 5, OK, GOOD)); // the answer to another request
    assertNull(c.certificate(OK));
    // A reply that failed verification does not use up its replica (as in MatchingReplies): a
    // retransmitted good one counts.
    c.offer(reply(1, 7, 5, OK, GOOD));
    ReplyCertificate cert = c.certificate(OK);
    assertNotNull(cert);
    assertEquals(List.of(0, 1), cert.signatures().stream().map(SignerSignature::signerId).toList());
    assertNull(c.certificate(new byte[] {2}), "no certificate for a result nobody signed");
  }

  @Test
  void aSlotOfALaterConfigurationNeedsItsMembersWithTheirKeysThere() {
    KnownConfigurations known = known(new KnownConfigurations.Known(0, 1, java.util.Set.of(0, 1, 2, 3),
        (signer, statement, sig) -> sig[0] == GOOD[0]));
    byte[] rotated = {43};
    known.add(new KnownConfigurations.Known(1, 10, java.util.Set.of(1, 2, 3, 4),
        (signer, statement, sig) -> sig[0] == rotated[0]));
    ReplyCollector c = new ReplyCollector(CONFIG, known, REQUEST);
    c.offer(reply(0, 7, 12, OK, rotated)); // removed at slot 10
    c.offer(reply(1, 7, 12, OK, GOOD)); // its C0 key, rotated at slot 10
    c.offer(reply(2, 7, 12, OK, rotated));
    assertNull(c.certificate(OK), "one member of C1 with its C1 key so far");
    c.offer(reply(4, 7, 12, OK, rotated));
    assertEquals(List.of(2, 4), c.certificate(OK).signatures().stream().map(SignerSignature::signerId).toList());
  }
}
