package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Reply;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Byzantine mode: a result counts once {@code needed} (f+1) distinct replicas sent it, so at least
 * one of them is correct. Replies from one replica are counted once, whatever it sends.
 */
public final class MatchingReplies implements ReplyRule {
  /** Checks a replica's signature on its reply; a reply that fails is not counted. */
  public interface ReplyVerifier {
    boolean verify(Reply reply);
  }

  private final int needed;
  private final ReplyVerifier verifier;
  private final Map<ByteBuffer, Set<Integer>> senders = new HashMap<>();
  private final Set<Integer> heard = new HashSet<>();

  public MatchingReplies(int needed) {
    this(needed, r -> true);
  }

  public MatchingReplies(int needed, ReplyVerifier verifier) {
    this.needed = needed;
    this.verifier = verifier;
  }

  @Override
  public Reply offer(Reply reply) {
    if (reply.result() == null || heard.contains(reply.replica()) || !verifier.verify(reply)) {
      return null;
    }
    heard.add(reply.replica());
    Set<Integer> same = senders.computeIfAbsent(ByteBuffer.wrap(reply.result()), k -> new HashSet<>());
    same.add(reply.replica());
    return same.size() >= needed ? reply : null;
  }

  @Override
  public ReplyRule fresh() {
    return new MatchingReplies(needed, verifier);
  }
}
