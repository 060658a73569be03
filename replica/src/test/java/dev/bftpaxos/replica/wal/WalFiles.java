package dev.bftpaxos.replica.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a segment file the way recovery does, for tests that damage it at a chosen record. */
final class WalFiles {
  private WalFiles() {}

  static SegmentHeader header(Path segment) throws IOException {
    return SegmentHeader.decode(ByteBuffer.wrap(Files.readAllBytes(segment)));
  }

  /** Where the next record of {@code segment} would go: just past its last valid record. */
  static long end(Path segment) throws IOException {
    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(segment));
    return SegmentRecords.scan(segment, SegmentHeader.decode(data), data).end();
  }
}
