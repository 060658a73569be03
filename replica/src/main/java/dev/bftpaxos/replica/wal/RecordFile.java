package dev.bftpaxos.replica.wal;

import dev.bftpaxos.core.wire.WireCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The record layout shared by log and snapshot files: {@code [int length][int crc32c][payload]},
 * big-endian, the checksum over the length's four bytes and the payload (so a damaged length is
 * caught too). {@link #scan} tells a torn tail (the last record incomplete or failing its checksum
 * with nothing after it: what a crash mid-write leaves) from a damaged record in the middle.
 */
final class RecordFile {
  static final int HEADER_BYTES = 8;

  /** Largest payload: one wire frame (a checkpoint snapshot travels as one) and a tag byte. */
  static final int PAYLOAD_BYTES_MAX = WireCodec.FRAME_BYTES_MAX + 1;

  private RecordFile() {}

  /** The bytes of one record holding {@code payload}. */
  static ByteBuffer frame(byte[] payload) {
    if (payload.length > PAYLOAD_BYTES_MAX) {
      throw new IllegalArgumentException("log record of " + payload.length + " bytes exceeds " + PAYLOAD_BYTES_MAX);
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.putInt(payload.length).putInt(checksum(payload.length, payload)).put(payload).flip();
    return b;
  }

  static int checksum(int length, byte[] payload) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(4).putInt(length).array());
    c.update(payload);
    return (int) c.getValue();
  }

  /** What a scan found: the intact records, where they end, and why anything after was not taken. */
  record Scan(List<byte[]> records, long validBytes, long fileBytes, String tornTail) {}

  /**
   * Reads every record of {@code file}. A torn tail is reported in {@link Scan#tornTail()}, not
   * thrown; a damaged record followed by more bytes than it claims throws.
   */
  static Scan scan(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long at = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (at < size) {
        if (size - at < HEADER_BYTES) {
          return new Scan(records, at, size, "incomplete record header (" + (size - at) + " bytes)");
        }
        header.clear();
        readFully(ch, header, at);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        long end = at + HEADER_BYTES + (long) length;
        if (length < 0 || length > PAYLOAD_BYTES_MAX || end > size) {
          // A length pointing past the end is what a torn write leaves, or a damaged length in the
          // middle. Only the second leaves an intact record after it: look for one before cutting.
          long next = intactRecordAfter(ch, at + 1, size);
          if (next >= 0) {
            throw new CorruptLogException(file, at, "record header claims " + length
                + " bytes, but an intact record starts at offset " + next);
          }
          return new Scan(records, at, size, "record claims " + length + " bytes, " + (size - at - HEADER_BYTES)
              + " remain");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, at + HEADER_BYTES);
        if (checksum(length, payload.array()) != crc) {
          if (end == size) {
            return new Scan(records, at, size, "last record fails its CRC32C");
          }
          throw new CorruptLogException(file, at, "record of " + length + " bytes fails its CRC32C and "
              + (size - end) + " bytes follow it");
        }
        records.add(payload.array());
        at = end;
      }
      return new Scan(records, at, size, null);
    }
  }

  /**
   * The offset of the first position at or after {@code from} where a record with a plausible length
   * and a matching CRC32C starts, or -1. Run only on recovery, over what would otherwise be cut.
   */
  private static long intactRecordAfter(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    for (long p = from; p + HEADER_BYTES <= size; p++) {
      header.clear();
      readFully(ch, header, p);
      int length = header.getInt(0);
      if (length < 0 || length > PAYLOAD_BYTES_MAX || p + HEADER_BYTES + length > size) {
        continue;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(ch, payload, p + HEADER_BYTES);
      if (checksum(length, payload.array()) == header.getInt(4)) {
        return p;
      }
    }
    return -1;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new java.io.EOFException("unexpected end of file at " + p);
      }
      p += n;
    }
  }
}
