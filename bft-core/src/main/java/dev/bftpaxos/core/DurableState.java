package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Batch;
import java.util.Map;
import java.util.TreeMap;

/**
 * What survives a crash: the promise and the accepted votes. A driver keeps one of these by
 * applying every {@link PersistOp}, and hands it back to the core on restart.
 */
public final class DurableState {
  /** One accepted vote. */
  public record Vote(long ballot, Batch batch) {}

  private long promised = -1;
  private final TreeMap<Long, Vote> accepted = new TreeMap<>();

  public void apply(PersistOp op) {
    if (op instanceof PersistOp.SavePromise p) {
      Invariants.check(p.ballot() >= promised, "promise lowered from %d to %d", promised, p.ballot());
      promised = p.ballot();
    } else if (op instanceof PersistOp.SaveAccepted a) {
      accepted.put(a.slot(), new Vote(a.ballot(), a.batch()));
    } else {
      throw new IllegalArgumentException("unknown persist op " + op);
    }
  }

  public long promised() {
    return promised;
  }

  public Map<Long, Vote> accepted() {
    return java.util.Collections.unmodifiableMap(accepted);
  }

  public boolean isEmpty() {
    return promised < 0 && accepted.isEmpty();
  }

  /** A wiped copy: what a replica that lost its disk comes back with. */
  public static DurableState empty() {
    return new DurableState();
  }
}
