package dev.bftpaxos.experiment;

/** Seeds {@code base, base + 1, ..., base + count - 1}: the runs of one configuration. */
public record SeedRange(int count, long base) {
  public static final SeedRange DEFAULT = new SeedRange(5, 1);

  public SeedRange {
    if (count < 1) {
      throw new IllegalArgumentException("seed count must be >= 1, got " + count);
    }
    if (base < 0 || base > Long.MAX_VALUE - count) {
      throw new IllegalArgumentException("seed base must be >= 0, got " + base);
    }
  }

  public long seed(int index) {
    return base + index;
  }
}
