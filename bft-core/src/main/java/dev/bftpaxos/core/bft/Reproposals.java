package dev.bftpaxos.core.bft;

import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.ByzantineMessage.AcceptProof;
import dev.bftpaxos.core.msg.ByzantineMessage.BallotPromise;
import dev.bftpaxos.core.msg.CheckpointProof;
import dev.bftpaxos.core.msg.ByzantineMessage.Reproposal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a new leader must propose, as a pure function of the promises it collected, so every
 * acceptor can recompute it and refuse a leader whose NEW-BALLOT does not match: for every slot
 * above the highest proven checkpoint up to the highest slot with an accept certificate, the batch
 * of the highest-ballot certificate, else a no-op.
 */
public final class Reproposals {
  /** The re-proposals and the checkpoint they start above. */
  public record Plan(CheckpointProof base, List<Reproposal> reproposals) {
    public long lastSlot() {
      return reproposals.isEmpty() ? (base == null ? 0 : base.slot()) : reproposals.get(reproposals.size() - 1).slot();
    }
  }

  private Reproposals() {}

  /** {@code promises} must already be checked ({@link Proofs#checkPromise}). */
  public static Plan compute(List<BallotPromise> promises) {
    CheckpointProof base = null;
    for (BallotPromise p : promises) {
      if (p.checkpoint() != null && (base == null || p.checkpoint().slot() > base.slot())) {
        base = p.checkpoint();
      }
    }
    long low = base == null ? 0 : base.slot();
    TreeMap<Long, AcceptProof> best = new TreeMap<>();
    for (BallotPromise p : promises) {
      for (AcceptProof a : p.accepted()) {
        if (a.slot() <= low) {
          continue;
        }
        AcceptProof current = best.get(a.slot());
        if (current == null || a.ballot() > current.ballot()) {
          best.put(a.slot(), a);
        }
      }
    }
    List<Reproposal> out = new ArrayList<>();
    if (!best.isEmpty()) {
      for (long s = low + 1; s <= best.lastKey(); s++) {
        AcceptProof a = best.get(s);
        out.add(new Reproposal(s, a == null ? Batch.NOOP : a.batch()));
      }
    }
    return new Plan(base, out);
  }
}
