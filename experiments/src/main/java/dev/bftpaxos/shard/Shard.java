package dev.bftpaxos.shard;

/**
 * Which share of a sweep one process runs: shard {@code index} of {@code count}, numbered from 0
 * (as Kubernetes' JOB_COMPLETION_INDEX and a Slurm array from 0 are). Work item {@code j} (a
 * seed's position in the sweep, or a run's position in the matrix) belongs to shard
 * {@code j mod count}: a deterministic split in which the shards together run every item exactly
 * once, and interleaving keeps them equally loaded and lets each find early seeds early.
 */
public record Shard(int index, int count) {
  /** The whole sweep: what a run without {@code --shard} does. */
  public static final Shard ALL = new Shard(0, 1);

  /** More shards than this is a typo, not a cluster. */
  public static final int COUNT_MAX = 1_000_000;

  public Shard {
    if (count < 1 || count > COUNT_MAX) {
      throw new IllegalArgumentException("shard count must be in 1.." + COUNT_MAX + ", got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("shard index must be in 0.." + (count - 1) + " for " + count
          + " shards (shards are numbered from 0), got " + index);
    }
  }

  /** {@code I/N}, e.g. {@code 0/4} for the first of four shards. */
  public static Shard parse(String text) {
    String[] p = text.trim().split("/", -1);
    if (p.length != 2) {
      throw new IllegalArgumentException("--shard is I/N (shard I of N, from 0), e.g. 0/4; got '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--shard is I/N with whole numbers, e.g. 0/4; got '" + text + "'");
    }
  }

  public boolean owns(long item) {
    return Math.floorMod(item, (long) count) == index;
  }

  public boolean all() {
    return count == 1;
  }

  /** {@code I/N}. */
  public String render() {
    return index + "/" + count;
  }

  /** The name of this shard's output file: {@code shard-I-of-N.jsonl}. */
  public String fileName() {
    return "shard-" + index + "-of-" + count + ".jsonl";
  }
}
