package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.ElectionMessage.PromiseEntry;
import java.util.List;

/** Multi-Paxos as in protocol.md: majority quorums, no vote below a promise, highest ballot wins. */
public final class CrashRules implements ProtocolRules {
  public static final CrashRules INSTANCE = new CrashRules();

  @Override
  public int quorum(int n) {
    return n / 2 + 1;
  }

  @Override
  public boolean mayAccept(long ballot, long promised) {
    return ballot >= promised;
  }

  @Override
  public PromiseEntry reproposal(List<PromiseEntry> reports) {
    PromiseEntry best = null;
    for (PromiseEntry e : reports) {
      if (e.chosen()) {
        return e;
      }
      if (best == null || e.acceptedBallot() > best.acceptedBallot()) {
        best = e;
      }
    }
    return best;
  }

  @Override
  public boolean filtersDuplicates() {
    return true;
  }

  @Override
  public String name() {
    return "correct";
  }
}
