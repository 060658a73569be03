package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Reply;

/**
 * When a client may take a result: after one reply in crash mode, after f+1 matching replies from
 * distinct replicas in Byzantine mode. One instance per outstanding request.
 */
public interface ReplyRule {

  /** Offers one reply for the outstanding request; returns the accepted reply or null if not yet. */
  Reply offer(Reply reply);

  /** A fresh rule for the next request. */
  ReplyRule fresh();

  /** Takes the first reply: sound when replicas fail only by crashing. */
  final class FirstReply implements ReplyRule {
    @Override
    public Reply offer(Reply reply) {
      return reply;
    }

    @Override
    public ReplyRule fresh() {
      return this;
    }
  }
}
