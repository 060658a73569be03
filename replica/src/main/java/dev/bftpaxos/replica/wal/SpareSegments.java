package dev.bftpaxos.replica.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Segment files ready for the log's next segment, {@code spare-K.wal}, all of the configured size:
 * zeros written and synced by a background thread ahead of need, or segments of a dropped
 * generation renamed here instead of deleted. The writer takes one when it rolls or starts a
 * generation, so the group-commit path never waits for zeros to be written unless no spare is
 * ready (counted in {@link WalCounters#spareMisses}).
 *
 * <p>A spare is made as {@code spare-K.wal.tmp} and renamed only once its zeros are synced, so a
 * crash during preallocation leaves a temporary file that the next start deletes.
 */
final class SpareSegments implements AutoCloseable {
  static final Pattern NAME = Pattern.compile("spare-(\\d{1,18})\\.wal");
  /** Spares the background thread keeps made; recycling may leave up to sparesMax. */
  private static final int READY_TARGET = 1;
  private static final int ZERO_CHUNK_BYTES = 1 << 20;
  private static final long STOP_WAIT_MILLIS = 10_000;

  private final Path dir;
  private final WalSettings settings;
  private final WalCounters counters;
  private final ArrayDeque<Path> ready = new ArrayDeque<>();
  private final Thread filler;
  private long nextId;
  private boolean stopping;

  /** Takes over the spares already in {@code dir} (wrong-sized ones are deleted) and starts filling. */
  SpareSegments(Path dir, WalSettings settings, WalCounters counters) throws IOException {
    this.dir = dir;
    this.settings = settings;
    this.counters = counters;
    try (var files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          nextId = Math.max(nextId, Long.parseLong(m.group(1)) + 1);
          if (Files.size(p) == settings.segmentBytes() && ready.size() < settings.sparesMax()) {
            ready.add(p);
          } else {
            Files.delete(p); // made for another segment size, or more than the bound keeps
          }
        }
      }
    }
    this.filler = new Thread(this::fill, "wal-prealloc-" + dir.getFileName());
    this.filler.setDaemon(true);
  }

  void start() {
    filler.start();
  }

  /** A spare of the configured size, made here and now if none is ready. */
  Path take() throws IOException {
    synchronized (this) {
      Path p = ready.poll();
      notifyAll();
      if (p != null) {
        return p;
      }
    }
    counters.spareMisses.incrementAndGet();
    return preallocate();
  }

  /**
   * Keeps the segment file {@code p} of a dropped generation as a spare, or deletes it if the bound
   * is reached or its size is not the configured one. The caller syncs the directory.
   */
  void recycle(Path p) throws IOException {
    if (Files.size(p) == settings.segmentBytes()) {
      synchronized (this) {
        if (ready.size() < settings.sparesMax()) {
          Path spare = dir.resolve("spare-" + nextId++ + ".wal");
          Files.move(p, spare, StandardCopyOption.ATOMIC_MOVE);
          ready.add(spare);
          counters.segmentsRecycled.incrementAndGet();
          return;
        }
      }
    }
    Files.delete(p);
  }

  synchronized int readyCount() {
    return ready.size();
  }

  private void fill() {
    while (true) {
      synchronized (this) {
        while (!stopping && ready.size() >= READY_TARGET) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopping) {
          return;
        }
      }
      try {
        Path p = preallocate();
        synchronized (this) {
          ready.add(p);
        }
      } catch (IOException e) {
        // The writer makes its own spare when none is ready and reports the failure there.
        counters.preallocationFailures.incrementAndGet();
        return;
      }
    }
  }

  /** Writes a zero-filled segment, syncs it and the directory, and names it as a spare. */
  private Path preallocate() throws IOException {
    long id;
    synchronized (this) {
      id = nextId++;
    }
    Path spare = dir.resolve("spare-" + id + ".wal");
    Path tmp = dir.resolve(spare.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(Math.min(ZERO_CHUNK_BYTES, settings.segmentBytes()));
      long at = 0;
      while (at < settings.segmentBytes()) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), settings.segmentBytes() - at));
        while (zeros.hasRemaining()) {
          at += ch.write(zeros, at);
        }
      }
      ch.force(true);
    }
    Files.move(tmp, spare, StandardCopyOption.ATOMIC_MOVE);
    WriteAheadLog.syncDirectory(dir);
    counters.segmentsPreallocated.incrementAndGet();
    return spare;
  }

  @Override
  public void close() {
    synchronized (this) {
      stopping = true;
      notifyAll();
    }
    try {
      filler.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
