package dev.bftpaxos.replica.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The first {@link #BYTES} of a segment file: magic, version, generation, index, salt and the
 * file's size, then a CRC32C over them. Segment files are reused (a spare is a recycled segment or
 * preallocated zeros), so what follows the last record written in this life is old bytes: every
 * record folds this header's identity (salt, generation, index) into its checksum and carries a tag
 * derived from the salt, which makes a record of an earlier life invalid in this one.
 */
record SegmentHeader(long generation, int index, long salt, int segmentBytes) {
  /** Where the first record starts; the header itself takes 36 bytes, the rest is zero. */
  static final int BYTES = 64;
  static final int MAGIC = 0x4250_5747; // "BPWG": bft-paxos WAL segment
  static final int VERSION = 1;
  private static final int CHECKED_BYTES = 32;

  ByteBuffer encode() {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.putInt(MAGIC).putInt(VERSION).putLong(generation).putInt(index).putLong(salt).putInt(segmentBytes);
    b.putInt(crc(b.array()));
    b.clear();
    return b;
  }

  /**
   * The header in {@code b} (at least {@link #BYTES} bytes from position 0), or null if it is not a
   * valid one: zeros, another file's bytes, or a header the last run did not finish writing.
   */
  static SegmentHeader decode(ByteBuffer b) {
    if (b.limit() < BYTES || b.getInt(0) != MAGIC || b.getInt(4) != VERSION) {
      return null;
    }
    byte[] checked = new byte[CHECKED_BYTES];
    b.get(0, checked);
    if (crc(checked) != b.getInt(CHECKED_BYTES)) {
      return null;
    }
    int size = b.getInt(28);
    if (size < WalSettings.SEGMENT_BYTES_MIN || size < 0) {
      return null; // bounded before use: the scan reads up to this offset
    }
    return new SegmentHeader(b.getLong(8), b.getInt(16), b.getLong(20), size);
  }

  /** Written into every record: lets a scan skip another life's record without computing its checksum. */
  int tag() {
    return (int) (salt ^ (salt >>> 32));
  }

  /** A checksum seeded with this segment's identity, ready for a record's length and payload. */
  CRC32C recordChecksum() {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(20).putLong(salt).putLong(generation).putInt(index).array());
    return c;
  }

  private static int crc(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes, 0, CHECKED_BYTES);
    return (int) c.getValue();
  }
}
