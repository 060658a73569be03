package dev.bftpaxos.sim.variants;

import dev.bftpaxos.core.CrashRules;
import dev.bftpaxos.core.ProtocolRules;
import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliberately wrong protocol rules. They exist to prove that the checkers can fail: each breaks
 * one rule Paxos depends on, and the simulator must report a violation for some seed.
 */
public final class BrokenVariants {
  private BrokenVariants() {}

  /** Every variant by its command-line name, the correct rules first. */
  public static Map<String, ProtocolRules> all() {
    Map<String, ProtocolRules> m = new LinkedHashMap<>();
    m.put("correct", CrashRules.INSTANCE);
    for (ProtocolRules r : List.of(new IgnorePromiseValues(), new AcceptBelowPromise(), new QuorumHalf(),
        new NoClientTable(), new DoubleVote(), new UncheckedNewBallot(), new FirstReplyClient())) {
      m.put(r.name(), r);
    }
    return m;
  }

  public static ProtocolRules byName(String name) {
    ProtocolRules r = all().get(name);
    if (r == null) {
      throw new IllegalArgumentException("unknown variant '" + name + "' (known: " + String.join(", ", all().keySet()) + ")");
    }
    return r;
  }

  private abstract static class Broken implements ProtocolRules {
    @Override
    public int quorum(int n) {
      return CrashRules.INSTANCE.quorum(n);
    }

    @Override
    public boolean mayAccept(long ballot, long promised) {
      return CrashRules.INSTANCE.mayAccept(ballot, promised);
    }

    @Override
    public PromiseEntry reproposal(List<PromiseEntry> reports) {
      return CrashRules.INSTANCE.reproposal(reports);
    }

    @Override
    public boolean filtersDuplicates() {
      return true;
    }
  }

  /** The new leader fills every slot with a no-op instead of re-proposing what was accepted. */
  static final class IgnorePromiseValues extends Broken {
    @Override
    public PromiseEntry reproposal(List<PromiseEntry> reports) {
      return null;
    }

    @Override
    public String name() {
      return "ignore-promise-values";
    }
  }

  /** Acceptors vote for ballots below the one they promised. */
  static final class AcceptBelowPromise extends Broken {
    @Override
    public boolean mayAccept(long ballot, long promised) {
      return true;
    }

    @Override
    public String name() {
      return "accept-below-promise";
    }
  }

  /** Quorums of n/2: two of them need not intersect. */
  static final class QuorumHalf extends Broken {
    @Override
    public int quorum(int n) {
      return Math.max(1, n / 2);
    }

    @Override
    public String name() {
      return "quorum-n-over-2";
    }
  }

  /** Skips the client table, so a retransmitted request runs again. */
  static final class NoClientTable extends Broken {
    @Override
    public boolean filtersDuplicates() {
      return false;
    }

    @Override
    public String name() {
      return "no-client-table";
    }
  }

  /** Byzantine mode: acceptors sign ACCEPT for every proposal they see, two values per slot included. */
  static final class DoubleVote extends Broken {
    @Override
    public boolean votesOncePerSlot() {
      return false;
    }

    @Override
    public String name() {
      return "double-vote";
    }
  }

  /** Byzantine mode: acceptors take a NEW-BALLOT as it comes, without recomputing its re-proposals. */
  static final class UncheckedNewBallot extends Broken {
    @Override
    public boolean checksNewBallot() {
      return false;
    }

    @Override
    public String name() {
      return "unchecked-new-ballot";
    }
  }

  /** Byzantine mode: clients take the first reply instead of f+1 matching ones. */
  static final class FirstReplyClient extends Broken {
    @Override
    public boolean clientWaitsForMatchingReplies() {
      return false;
    }

    @Override
    public String name() {
      return "first-reply-client";
    }
  }
}
