package dev.bftpaxos.core.log;

import java.util.ArrayList;

/**
 * Per-slot state, indexed by slot number from 1. A dense list because slots are handed out in
 * order; memory grows with the log until checkpoints truncate it.
 */
public final class SlotLog {
  private final ArrayList<SlotEntry> entries = new ArrayList<>();

  /** The entry for {@code slot}, or null if nothing is known about it. */
  public SlotEntry get(long slot) {
    if (slot < 1 || slot > entries.size()) {
      return null;
    }
    return entries.get((int) (slot - 1));
  }

  public SlotEntry getOrCreate(long slot) {
    if (slot < 1 || slot > Integer.MAX_VALUE - 1L) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    while (entries.size() < slot) {
      entries.add(null);
    }
    int index = (int) (slot - 1);
    SlotEntry e = entries.get(index);
    if (e == null) {
      e = new SlotEntry();
      entries.set(index, e);
    }
    return e;
  }

  /** The highest slot with any entry, 0 if none. */
  public long highestSlot() {
    return entries.size();
  }
}
