package dev.bftpaxos.replica.wal;

import java.util.concurrent.atomic.AtomicLong;

/** What the log has done, for {@code status} and measurements. Read from any thread. */
public final class WalCounters {
  /** Records appended (one per PersistOp). */
  public final AtomicLong records = new AtomicLong();
  /** Group commits: one {@code force} each, covering every append waiting when it started. */
  public final AtomicLong syncs = new AtomicLong();
  /** Nanoseconds spent in {@code force} in total; divide by {@link #syncs} for the mean. */
  public final AtomicLong syncNanos = new AtomicLong();
  /** Bytes written to log files, headers included. */
  public final AtomicLong bytes = new AtomicLong();
  /** Snapshots written at stable checkpoints (each starts a new log file). */
  public final AtomicLong snapshots = new AtomicLong();
  /** Segment files written with zeros and synced (in the background, or by the writer on a miss). */
  public final AtomicLong segmentsPreallocated = new AtomicLong();
  /** Segment files of a dropped generation kept as spares instead of deleted. */
  public final AtomicLong segmentsRecycled = new AtomicLong();
  /** Moves to a new segment inside one generation because the current one was full. */
  public final AtomicLong segmentsRolled = new AtomicLong();
  /** Times the writer needed a segment and no spare was ready, so it wrote the zeros itself. */
  public final AtomicLong spareMisses = new AtomicLong();
  /** Background preallocations that failed (the writer then makes its own spare, or fails). */
  public final AtomicLong preallocationFailures = new AtomicLong();
}
