package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.ReadReply;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When a client may take the answer to a read outside the log. One instance per read. Crash mode
 * takes the first answer that is not a refusal ({@link #FIRST}); Byzantine mode takes one answer
 * whose signature verifies for a stale read, and a quorum of matching verified answers for a
 * linearizable one (PBFT's read-only optimisation), falling back to the log when no quorum agrees.
 */
public interface ReadRule {
  /** The outcome of one offered answer. */
  enum Verdict {
    /** Not yet: keep waiting. */
    WAIT,
    /** The answer offered is the result. */
    TAKE,
    /** No answer outside the log will do: read through the log. */
    FALL_BACK
  }

  Verdict offer(ReadReply reply, int replicas);

  /** A fresh rule for the next read. */
  ReadRule fresh();

  /** The first answer that is not a refusal. */
  ReadRule FIRST = new ReadRule() {
    @Override
    public Verdict offer(ReadReply reply, int replicas) {
      return reply.refused() ? Verdict.WAIT : Verdict.TAKE;
    }

    @Override
    public ReadRule fresh() {
      return this;
    }
  };

  /** Checks a replica's signature on its answer. */
  interface Verifier {
    boolean verify(ReadReply reply);
  }

  /** The first answer whose signature verifies. */
  static ReadRule firstSigned(Verifier verifier) {
    return new ReadRule() {
      @Override
      public Verdict offer(ReadReply reply, int replicas) {
        return !reply.refused() && verifier.verify(reply) ? Verdict.TAKE : Verdict.WAIT;
      }

      @Override
      public ReadRule fresh() {
        return this;
      }
    };
  }

  /**
   * A quorum of one configuration's members, each answering from a slot that configuration
   * governs and verified with its key there, with the same result; else the log. {@code counts}
   * says whether an answer is such a member's, {@code configurations} which configuration it counts in.
   */
  static ReadRule matchingInConfiguration(KnownConfigurations configurations, Verifier counts) {
    return new ReadRule() {
      private final Map<String, Set<Integer>> byConfigurationAndResult = new HashMap<>();
      private final Set<Integer> heard = new HashSet<>();

      @Override
      public Verdict offer(ReadReply reply, int replicas) {
        if (!heard.add(reply.replica())) {
          return Verdict.WAIT;
        }
        if (!reply.refused() && counts.verify(reply)) {
          KnownConfigurations.Known c = configurations.governing(reply.slot());
          String key = c.id() + ":" + java.util.Base64.getEncoder().encodeToString(reply.result());
          Set<Integer> same = byConfigurationAndResult.computeIfAbsent(key, k -> new HashSet<>());
          same.add(reply.replica());
          if (same.size() >= dev.bftpaxos.core.bft.Quorums.quorum(c.members().size())) {
            return Verdict.TAKE;
          }
        }
        // Every replica answered and no result has a quorum: it never will.
        return heard.size() >= replicas ? Verdict.FALL_BACK : Verdict.WAIT;
      }

      @Override
      public ReadRule fresh() {
        return matchingInConfiguration(configurations, counts);
      }
    };
  }
}
