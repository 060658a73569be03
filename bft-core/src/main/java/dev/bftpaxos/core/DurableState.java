package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.core.msg.ByzantineMessage.NewBallot;
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
  private final TreeMap<Long, AcceptProof> prepared = new TreeMap<>();
  private final TreeMap<Long, CommitProof> committed = new TreeMap<>();
  private CheckpointProof checkpoint;
  private byte[] checkpointSnapshot;
  private NewBallot newBallot;

  public void apply(PersistOp op) {
    if (op instanceof PersistOp.SavePromise p) {
      Invariants.check(p.ballot() >= promised, "promise lowered from %d to %d", promised, p.ballot());
      promised = p.ballot();
    } else if (op instanceof PersistOp.SaveAccepted a) {
      accepted.put(a.slot(), new Vote(a.ballot(), a.batch()));
    } else if (op instanceof PersistOp.SaveVote v) {
      accepted.put(v.slot(), new Vote(v.ballot(), v.batch()));
    } else if (op instanceof PersistOp.SavePrepared p) {
      prepared.put(p.proof().slot(), p.proof());
    } else if (op instanceof PersistOp.SaveCommitted c) {
      committed.put(c.proof().slot(), c.proof());
    } else if (op instanceof PersistOp.SaveCheckpoint c) {
      if (checkpoint == null || c.proof().slot() > checkpoint.slot()) {
        checkpoint = c.proof();
        checkpointSnapshot = c.snapshot();
        long below = c.proof().slot() + 1;
        accepted.headMap(below).clear();
        prepared.headMap(below).clear();
        committed.headMap(below).clear();
      }
    } else if (op instanceof PersistOp.SaveNewBallot b) {
      newBallot = b.message();
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

  public Map<Long, AcceptProof> prepared() {
    return java.util.Collections.unmodifiableMap(prepared);
  }

  public Map<Long, CommitProof> committed() {
    return java.util.Collections.unmodifiableMap(committed);
  }

  /** The latest stable checkpoint persisted, or null. */
  public CheckpointProof checkpoint() {
    return checkpoint;
  }

  public byte[] checkpointSnapshot() {
    return checkpointSnapshot;
  }

  /** The last verified NEW-BALLOT persisted, or null. */
  public NewBallot newBallot() {
    return newBallot;
  }

  public boolean isEmpty() {
    return promised < 0 && accepted.isEmpty();
  }

  /** A wiped copy: what a replica that lost its disk comes back with. */
  public static DurableState empty() {
    return new DurableState();
  }
}
