package dev.bftpaxos.core.log;

import dev.bftpaxos.core.Invariants;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * Per-slot state for the slots above the stable checkpoint (the low watermark) and at most
 * {@code capacity} slots above it (the high watermark): the only shape in which the core keeps
 * anything per slot, so memory is bounded by the watermark window whatever peers send. Storing
 * outside the window is a bug (an invariant violation): callers check {@link #contains} first and
 * refuse a peer's out-of-window slot with a counted reason.
 *
 * <p>Every window of one replica moves together: the {@link ReplicatedLog} that hands them out
 * truncates all of them when its stable checkpoint moves.
 */
public final class SlotWindow<S> {
  private final int capacity;
  private final ArrayList<S> entries = new ArrayList<>();
  /** Every slot at or below this was dropped: the stable checkpoint. */
  private long base;

  SlotWindow(int capacity, long base) {
    Invariants.check(capacity >= 1, "window capacity %d", capacity);
    this.capacity = capacity;
    this.base = base;
  }

  /** Whether {@code slot} lies inside the window: above the low watermark, at most the high one. */
  public boolean contains(long slot) {
    return slot > base && slot - base <= capacity;
  }

  /** The state of {@code slot}, or null if none is held (or the slot is outside the window). */
  public S get(long slot) {
    if (slot <= base || slot - base > entries.size()) {
      return null;
    }
    return entries.get((int) (slot - base - 1));
  }

  /** The state of {@code slot}, made by {@code factory} if there is none yet; the slot must be inside. */
  public S getOrCreate(long slot, Supplier<S> factory) {
    S s = get(slot);
    if (s == null) {
      s = factory.get();
      put(slot, s);
    }
    return s;
  }

  /** Sets the state of {@code slot}, which must be inside the window. */
  public void put(long slot, S value) {
    Invariants.check(contains(slot), "slot %d stored outside the window (%d, %d]", slot, base, base + capacity);
    int index = (int) (slot - base - 1);
    while (entries.size() <= index) {
      entries.add(null);
    }
    entries.set(index, value);
  }

  /** Drops every slot at or below {@code slot}; the window moves up to start above it. */
  void truncateThrough(long slot) {
    if (slot <= base) {
      return;
    }
    int drop = (int) Math.min(slot - base, entries.size());
    entries.subList(0, drop).clear();
    base = slot;
  }

  /** The low watermark: every slot at or below it was dropped. */
  public long base() {
    return base;
  }

  /** The high watermark: the highest slot the window may hold. */
  public long high() {
    return base + capacity;
  }

  /** The highest slot with anything stored, or the base if none. */
  public long highest() {
    return base + entries.size();
  }

  /** How many slots are held, empty ones in between included (for bounded-memory checks). */
  public int size() {
    return entries.size();
  }
}
