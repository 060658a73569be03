package dev.bftpaxos.replica.wal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Records inside a segment: {@code [int length][int tag][int crc32c][payload]}, big-endian, from
 * {@link SegmentHeader#BYTES} on. The checksum covers the segment's identity (salt, generation,
 * index), the length and the payload; the tag is the salt's. A record is valid for a segment only
 * if both match, so old bytes left in a recycled file never pass as records of its new life.
 *
 * <p>{@link #scan} reads records until the first one that is not valid for this segment. That is
 * the end of the segment only if no valid record of this segment follows anywhere up to its end;
 * otherwise a record in the middle is damaged and the scan throws.
 */
final class SegmentRecords {
  static final int HEADER_BYTES = 12;

  private SegmentRecords() {}

  /** The bytes of a record holding {@code payload} in the segment {@code h}. */
  static ByteBuffer frame(SegmentHeader h, byte[] payload) {
    if (payload.length == 0 || payload.length > RecordFile.PAYLOAD_BYTES_MAX) {
      throw new IllegalArgumentException("log record of " + payload.length + " bytes, expected 1.."
          + RecordFile.PAYLOAD_BYTES_MAX);
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.putInt(payload.length).putInt(h.tag()).putInt(checksum(h, payload.length, ByteBuffer.wrap(payload))).put(payload);
    return b.flip();
  }

  private static int checksum(SegmentHeader h, int length, ByteBuffer payload) {
    CRC32C c = h.recordChecksum();
    c.update(ByteBuffer.allocate(4).putInt(length).array());
    c.update(payload);
    return (int) c.getValue();
  }

  /**
   * What a scan found: the records, the offset where the next one goes, and, if the bytes there
   * were this segment's but not a whole record (a write torn by a crash), why.
   */
  record Scan(List<byte[]> records, long end, String torn) {}

  /** Scans {@code data} (the whole file; only up to the header's size is read) as segment {@code h}. */
  static Scan scan(Path file, SegmentHeader h, ByteBuffer data) throws CorruptLogException {
    long limit = Math.min(h.segmentBytes(), data.limit());
    List<byte[]> records = new ArrayList<>();
    int at = SegmentHeader.BYTES;
    while (true) {
      int length = validAt(h, data, at, limit);
      if (length < 0) {
        break;
      }
      byte[] payload = new byte[length];
      data.get(at + HEADER_BYTES, payload);
      records.add(payload);
      at += HEADER_BYTES + length;
    }
    long next = validRecordAfter(h, data, at + 1L, limit);
    if (next >= 0) {
      throw new CorruptLogException(file, at, "the record here is not valid for this segment ("
          + why(h, data, at, limit) + "), but a valid record of this segment starts at offset " + next);
    }
    String torn = at + HEADER_BYTES <= limit && data.getInt(at + 4) == h.tag() ? why(h, data, at, limit) : null;
    return new Scan(records, at, torn);
  }

  /** The first offset in [from, limit) where a record valid for {@code h} starts, or -1. */
  static long validRecordAfter(SegmentHeader h, ByteBuffer data, long from, long limit) {
    int tag = h.tag();
    for (long p = from; p + HEADER_BYTES <= limit; p++) {
      // The tag comparison is the cheap filter that keeps this scan linear in the segment's size.
      if (data.getInt((int) p + 4) == tag && validAt(h, data, (int) p, limit) >= 0) {
        return p;
      }
    }
    return -1;
  }

  /** The payload length of a record valid for {@code h} at {@code at}, or -1. */
  private static int validAt(SegmentHeader h, ByteBuffer data, int at, long limit) {
    if (at + (long) HEADER_BYTES > limit) {
      return -1;
    }
    int length = data.getInt(at);
    if (data.getInt(at + 4) != h.tag() || length <= 0 || length > RecordFile.PAYLOAD_BYTES_MAX
        || at + (long) HEADER_BYTES + length > limit) {
      return -1;
    }
    ByteBuffer payload = data.slice(at + HEADER_BYTES, length);
    return checksum(h, length, payload) == data.getInt(at + 8) ? length : -1;
  }

  private static String why(SegmentHeader h, ByteBuffer data, int at, long limit) {
    if (at + (long) HEADER_BYTES > limit) {
      return "no room for a record header";
    }
    int length = data.getInt(at);
    if (data.getInt(at + 4) != h.tag()) {
      return "tag is another segment's";
    }
    if (length <= 0 || length > RecordFile.PAYLOAD_BYTES_MAX || at + (long) HEADER_BYTES + length > limit) {
      return "record claims " + length + " bytes, " + (limit - at - HEADER_BYTES) + " remain in the segment";
    }
    return "record of " + length + " bytes fails its CRC32C";
  }
}
