package dev.bftpaxos.faulty;

/** Counts a faulty node's ticks and says when its periodic act is due: every {@code every}-th tick. */
public final class Cadence {
  private final int every;
  private long ticks;

  public Cadence(int every) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be >= 1, got " + every);
    }
    this.every = every;
  }

  /** Counts one tick; true when it is an {@code every}-th one. */
  public boolean tick() {
    return ++ticks % every == 0;
  }

  /** Ticks counted so far. */
  public long ticks() {
    return ticks;
  }
}
