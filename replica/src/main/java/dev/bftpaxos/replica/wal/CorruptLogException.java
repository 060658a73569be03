package dev.bftpaxos.replica.wal;

import java.nio.file.Path;

/**
 * A log or snapshot the replica must not start from: a damaged record with valid data after it (so
 * not a write torn by a crash), or a damaged snapshot (snapshots are renamed into place only after
 * they are synced, so a damaged one is never the result of a crash). Names the file and the offset.
 */
public final class CorruptLogException extends java.io.IOException {
  private final Path file;
  private final long offset;

  public CorruptLogException(Path file, long offset, String reason) {
    super(file + " at offset " + offset + ": " + reason
        + "; refusing to start (move the data directory aside and let the replica catch up from its peers)");
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
