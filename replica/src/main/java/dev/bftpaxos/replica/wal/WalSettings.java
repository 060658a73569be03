package dev.bftpaxos.replica.wal;

/**
 * The log's two bounds, from the cluster file's {@code wal:} section.
 *
 * @param segmentBytes the size of every segment file, header included: segments are preallocated at
 *     this size, so a sync overwrites space the file already has instead of also committing a new
 *     file size. A record that does not fit in an empty segment gets one of its own, sized to fit.
 * @param sparesMax how many segment files a dropped generation may leave behind as spares for reuse;
 *     segments beyond this are deleted, so the directory never holds more than the live generation's
 *     segments plus this many
 */
public record WalSettings(int segmentBytes, int sparesMax) {
  /** Smallest segment: the header and a few small records; tests roll segments at this size. */
  public static final int SEGMENT_BYTES_MIN = 4096;
  /** Largest segment, so recovery's scan of one segment maps a bounded region. */
  public static final int SEGMENT_BYTES_MAX = 1 << 30;
  public static final int SPARES_MAX_LIMIT = 64;

  /**
   * 16 MiB: a generation ends at every stable checkpoint (every 2 x windowSlots slots, 64 by
   * default), so one segment holds a whole generation of ordinary batches, and preallocating one
   * takes tens of milliseconds of background writing, not seconds.
   */
  public static final int SEGMENT_BYTES_DEFAULT = 16 << 20;
  /** Two spares: the one in use next and one more, so a checkpoint never waits for zeros to be written. */
  public static final int SPARES_MAX_DEFAULT = 2;

  public static final WalSettings DEFAULTS = new WalSettings(SEGMENT_BYTES_DEFAULT, SPARES_MAX_DEFAULT);

  public WalSettings {
    if (segmentBytes < SEGMENT_BYTES_MIN || segmentBytes > SEGMENT_BYTES_MAX) {
      throw new IllegalArgumentException("wal.segmentBytes is " + segmentBytes + ", expected " + SEGMENT_BYTES_MIN
          + ".." + SEGMENT_BYTES_MAX);
    }
    if (sparesMax < 1 || sparesMax > SPARES_MAX_LIMIT) {
      throw new IllegalArgumentException("wal.sparesMax is " + sparesMax + ", expected 1.." + SPARES_MAX_LIMIT);
    }
  }
}
