package dev.bftpaxos.core.log;

import dev.bftpaxos.core.RejectionCounters;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CommitProof;

/**
 * The slots known chosen above the stable checkpoint, each with its batch and, in Byzantine mode,
 * the commit certificate that proves it (served to replicas that catch up, and exported to
 * learners). Every slot at or below {@link #chosenThrough()} is chosen; slots above it may be
 * chosen out of order and wait there for the gap to fill.
 */
final class ChosenLog {
  /** One chosen slot: the batch, and its proof where the mode keeps one (null in crash mode). */
  record Entry(Batch batch, CommitProof proof) {}

  private final SlotWindow<Entry> window;
  private final RejectionCounters rejections;
  private long chosenThrough;

  ChosenLog(SlotWindow<Entry> window, RejectionCounters rejections) {
    this.window = window;
    this.rejections = rejections;
  }

  /** Marks {@code slot} chosen with {@code batch}; false if it was chosen already (or is outside the window). */
  boolean choose(long slot, Batch batch, CommitProof proof) {
    if (!window.contains(slot)) {
      return false;
    }
    Entry existing = window.get(slot);
    if (existing != null) {
      if (!existing.batch().equals(batch)) {
        rejections.count("conflicting value for a chosen slot");
      }
      return false;
    }
    window.put(slot, new Entry(batch, proof));
    advance();
    return true;
  }

  /** The window dropped everything at or below {@code slot}, which is therefore all chosen. */
  void truncatedThrough(long slot) {
    if (slot > chosenThrough) {
      chosenThrough = slot;
    }
    advance();
  }

  private void advance() {
    while (window.get(chosenThrough + 1) != null) {
      chosenThrough++;
    }
  }

  long chosenThrough() {
    return chosenThrough;
  }

  boolean isChosen(long slot) {
    return slot <= window.base() || window.get(slot) != null;
  }

  /** The batch chosen at {@code slot}, or null if unknown here (or dropped under the checkpoint). */
  Batch batch(long slot) {
    Entry e = window.get(slot);
    return e == null ? null : e.batch();
  }

  /** The proof kept with {@code slot}, or null. */
  CommitProof proof(long slot) {
    Entry e = window.get(slot);
    return e == null ? null : e.proof();
  }

  SlotWindow<Entry> window() {
    return window;
  }
}
