package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Reply;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Byzantine mode: a result counts once f+1 distinct replicas sent it for the same slot, so at least
 * one of them is correct, where f and who may count are those of the configuration governing the
 * slot ({@link KnownConfigurations}). Replies from one replica are counted once, whatever it sends.
 */
public final class MatchingReplies implements ReplyRule {
  /** Checks a replica's signature on its reply; a reply that fails is not counted. */
  public interface ReplyVerifier {
    boolean verify(Reply reply);
  }

  /** Where a reply counts: the configuration it was counted in and the f+1 needed there; null if it does not count. */
  private interface Counting {
    Count of(Reply reply);
  }

  private record Count(long configuration, int needed) {}

  /** One replica's reply, counted in one configuration. */
  private record Vote(long configuration, int replica) {}

  private final Counting counting;
  /** Per slot and result, the votes for it: a vote counts only in the configuration it was counted in. */
  private final Map<ByteBuffer, Set<Vote>> votes = new HashMap<>();
  private final Set<Vote> heard = new HashSet<>();

  private MatchingReplies(Counting counting) {
    this.counting = counting;
  }

  /**
   * Counts in the configurations the client knows, as they are when each reply arrives: a vote
   * counted before the client learned a later configuration governs the slot no longer counts
   * (its signer may be no member there, or its key rotated).
   */
  public MatchingReplies(KnownConfigurations configurations) {
    this(reply -> {
      KnownConfigurations.Known c = configurations.governing(reply.slot());
      return configurations.counts(c, reply) ? new Count(c.id(), c.f() + 1) : null;
    });
  }

  /** {@code needed} matching replies from any replicas whose reply verifies: one configuration, never changing. */
  public MatchingReplies(int needed, ReplyVerifier verifier) {
    this(reply -> verifier.verify(reply) ? new Count(0, needed) : null);
  }

  public MatchingReplies(int needed) {
    this(needed, r -> true);
  }

  @Override
  public Reply offer(Reply reply) {
    if (reply.result() == null) {
      return null;
    }
    Count count = counting.of(reply);
    if (count == null || !heard.add(new Vote(count.configuration(), reply.replica()))) {
      return null;
    }
    // The slot is part of what must match: it names the configuration the count is made in.
    ByteBuffer key = ByteBuffer.allocate(Long.BYTES + reply.result().length).putLong(reply.slot()).put(reply.result());
    key.flip();
    Set<Vote> same = votes.computeIfAbsent(key, k -> new HashSet<>());
    same.add(new Vote(count.configuration(), reply.replica()));
    int counted = 0;
    for (Vote v : same) {
      counted += v.configuration() == count.configuration() ? 1 : 0;
    }
    return counted >= count.needed() ? reply : null;
  }

  @Override
  public ReplyRule fresh() {
    return new MatchingReplies(counting);
  }
}
