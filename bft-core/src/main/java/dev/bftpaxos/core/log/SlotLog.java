package dev.bftpaxos.core.log;

import java.util.ArrayList;

/**
 * Per-slot state above a truncation point, indexed by slot number. A dense list because slots are
 * handed out in order; a stable checkpoint moves the base up, so memory stays bounded by the
 * distance between checkpoints and the pipelining window.
 */
public final class SlotLog {
  private final ArrayList<SlotEntry> entries = new ArrayList<>();
  /** Every slot at or below this was dropped (chosen and covered by a stable checkpoint). */
  private long truncatedThrough;

  /** The entry for {@code slot}, or null if nothing is known about it (or it was dropped). */
  public SlotEntry get(long slot) {
    if (slot <= truncatedThrough || slot > truncatedThrough + entries.size()) {
      return null;
    }
    return entries.get((int) (slot - truncatedThrough - 1));
  }

  public SlotEntry getOrCreate(long slot) {
    if (slot <= truncatedThrough || slot - truncatedThrough > Integer.MAX_VALUE - 1L) {
      throw new IllegalArgumentException("slot " + slot + " outside the log (truncated through " + truncatedThrough + ")");
    }
    while (truncatedThrough + entries.size() < slot) {
      entries.add(null);
    }
    int index = (int) (slot - truncatedThrough - 1);
    SlotEntry e = entries.get(index);
    if (e == null) {
      e = new SlotEntry();
      entries.set(index, e);
    }
    return e;
  }

  /** Drops every slot at or below {@code slot}. */
  public void truncateThrough(long slot) {
    if (slot <= truncatedThrough) {
      return;
    }
    int drop = (int) Math.min(slot - truncatedThrough, entries.size());
    entries.subList(0, drop).clear();
    truncatedThrough = slot;
  }

  public long truncatedThrough() {
    return truncatedThrough;
  }

  /** The highest slot with any entry, or the truncation point if none. */
  public long highestSlot() {
    return truncatedThrough + entries.size();
  }

  /** How many slots the log holds (for bounded-memory checks). */
  public int size() {
    return entries.size();
  }
}
