package dev.bftpaxos.replica.wal;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.wire.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replica's durable state in its data directory: a snapshot {@code state-G.snap} of the whole
 * {@link DurableState} as of generation G, and a log of the {@link PersistOp}s since, in segments
 * {@code log-G-I.wal} (I = 0, 1, ...) of a fixed size ({@link WalSettings#segmentBytes}). A stable
 * checkpoint starts generation G+1: the snapshot is written to a temporary file, synced, renamed into
 * place and the directory synced, and only then are generation G's files dropped (its segments
 * renamed to spares for reuse, see {@link SpareSegments}). So at any crash point at least one
 * complete generation exists on disk.
 *
 * <p><b>Segments.</b> Every segment file is preallocated: a new segment is a spare renamed into
 * place, so a sync overwrites space the file already has and commits no size change. Each starts
 * with a {@link SegmentHeader}; records ({@link SegmentRecords}) carry its salt, so old bytes of a
 * recycled file are never read as records. A record that does not fit in what remains of a segment
 * goes to the next one; the full one is synced first, so a sync always covers every segment written
 * since the last one.
 *
 * <p><b>Group commit.</b> One writer thread takes every append waiting, writes them all and calls
 * {@code force} once; each append's future completes only after that force. The driver sends a
 * step's messages when its future completes, so nothing leaves before what it depends on is durable.
 *
 * <p><b>Recovery.</b> {@link #open} loads the newest snapshot and replays its segments in order. A
 * torn tail is cut (its record header zeroed and synced, so the next start sees the same end) and
 * reported in {@link #recoveryReport()}; a damaged record with a valid record of its segment after
 * it, a valid record after a torn tail, or a damaged snapshot throws {@link CorruptLogException}
 * naming file and offset.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Pattern SNAPSHOT = Pattern.compile("state-(\\d{1,18})\\.snap");
  private static final Pattern SEGMENT = Pattern.compile("log-(\\d{1,18})-(\\d{1,9})\\.wal");
  /** The unsegmented layout of earlier versions: one growing file per generation. */
  private static final Pattern LEGACY_LOG = Pattern.compile("log-(\\d{1,18})\\.wal");
  /** Snapshot trailer tag: no PersistOp uses 0, so the trailer cannot be mistaken for one. */
  private static final byte END_TAG = 0;

  private final Path dir;
  private final WalSettings settings;
  private final DurableState mirror;
  private final String recoveryReport;
  private final int recoveredRecords;
  private final WalCounters counters;
  private final SpareSegments spares;
  private final SecureRandom salts;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private long generation;
  private Segment current;
  private volatile boolean closed;
  private volatile IOException failure;

  private record Pending(List<PersistOp> ops, CompletableFuture<Void> done) {}

  /** The segment being written: its channel, header and where the next record goes. */
  private static final class Segment {
    final FileChannel channel;
    final SegmentHeader header;
    long position;

    Segment(FileChannel channel, SegmentHeader header, long position) {
      this.channel = channel;
      this.header = header;
      this.position = position;
    }
  }

  private WriteAheadLog(Path dir, WalSettings settings, Recovery r) {
    this.dir = dir;
    this.settings = settings;
    this.generation = r.generation;
    this.current = r.current;
    this.mirror = r.state;
    this.recoveryReport = r.report;
    this.recoveredRecords = r.records;
    this.counters = r.counters;
    this.spares = r.spares;
    this.salts = r.salts;
    this.writer = new Thread(this::writeLoop, "wal-writer-" + dir.getFileName());
    this.writer.setDaemon(true);
    this.writer.start();
    this.spares.start();
  }

  /** What {@link #open} found and made, handed to the constructor. */
  private static final class Recovery {
    long generation;
    Segment current;
    DurableState state;
    String report;
    int records;
    WalCounters counters = new WalCounters();
    SpareSegments spares;
    SecureRandom salts = new SecureRandom();
  }

  /** Opens the log in {@code dir} with {@link WalSettings#DEFAULTS}. */
  public static WriteAheadLog open(Path dir) throws IOException {
    return open(dir, WalSettings.DEFAULTS);
  }

  /** Opens (creating if needed) the log in {@code dir} and recovers its state. */
  public static WriteAheadLog open(Path dir, WalSettings settings) throws IOException {
    Files.createDirectories(dir);
    for (Path p : list(dir)) {
      String name = p.getFileName().toString();
      if (name.endsWith(".tmp")) {
        Files.delete(p); // a snapshot or spare the last run did not finish: never renamed, never used
      } else if (LEGACY_LOG.matcher(name).matches()) {
        throw new CorruptLogException(p, 0, "a log in the unsegmented layout of an earlier version (this version "
            + "writes log-G-I.wal segments)");
      }
    }
    Recovery r = new Recovery();
    long gen = newest(dir, SNAPSHOT);
    r.state = DurableState.empty();
    if (gen >= 0) {
      readSnapshot(snapshotFile(dir, gen), r.state);
    } else {
      gen = 0;
    }
    r.generation = gen;
    r.spares = new SpareSegments(dir, settings, r.counters);
    try {
      replay(dir, settings, r);
      dropOlderThan(dir, gen, r.spares);
      syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      if (r.current != null) {
        r.current.channel.close();
      }
      throw e;
    }
    return new WriteAheadLog(dir, settings, r);
  }

  /**
   * Replays generation {@code r.generation}'s segments in index order into {@code r.state} and opens
   * the last one for writing (a new one if there is none). Segments must be numbered 0..k; once one
   * ends short of a full record, no later segment may hold a record.
   */
  private static void replay(Path dir, WalSettings settings, Recovery r) throws IOException {
    TreeMap<Integer, Path> segments = new TreeMap<>();
    for (Path p : list(dir)) {
      Matcher m = SEGMENT.matcher(p.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      long g = Long.parseLong(m.group(1));
      if (g > r.generation) {
        throw new CorruptLogException(p, 0, "a segment of generation " + g + " but the newest snapshot is of "
            + "generation " + r.generation);
      }
      if (g == r.generation) {
        segments.put(Integer.parseInt(m.group(2)), p);
      }
    }
    int expected = 0;
    for (var e : segments.entrySet()) {
      if (e.getKey() != expected++) {
        throw new CorruptLogException(e.getValue(), 0, "segment " + (expected - 1) + " of generation " + r.generation
            + " is missing");
      }
    }
    Path tornFile = null;
    SegmentRecords.Scan torn = null;
    List<String> notes = new ArrayList<>();
    for (var e : segments.entrySet()) {
      Path file = e.getValue();
      boolean last = e.getKey().equals(segments.lastKey());
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        MappedByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        SegmentHeader h = SegmentHeader.decode(data);
        if (h == null || h.generation() != r.generation || h.index() != e.getKey() || h.segmentBytes() > ch.size()) {
          if (!last) {
            throw new CorruptLogException(file, 0, "no valid segment header, and later segments follow");
          }
          // A roll or a new generation interrupted after the rename, before its header was synced:
          // nothing in it was acknowledged. It becomes the current segment with a fresh header.
          notes.add("segment " + file.getFileName() + " had no valid header (a roll interrupted by a crash); "
              + "started it afresh");
          if (ch.size() == settings.segmentBytes()) {
            r.current = freshSegment(file, r.generation, e.getKey(), r.salts);
          } else {
            Files.delete(file); // an oversized segment whose header never reached the disk
          }
          continue;
        }
        SegmentRecords.Scan scan = SegmentRecords.scan(file, h, data);
        if (torn != null && !scan.records().isEmpty()) {
          throw new CorruptLogException(tornFile, torn.end(), "torn record (" + torn.torn() + "), but segment "
              + file.getFileName() + " holds records after it");
        }
        for (byte[] payload : scan.records()) {
          r.state.apply(decode(file, payload, r.records++));
        }
        if (scan.torn() != null) {
          torn = scan;
          tornFile = file;
          // Zero the torn record's header, so the next start finds the same end (the scan already
          // showed that no valid record of this segment follows).
          ch.write(ByteBuffer.allocate(SegmentRecords.HEADER_BYTES), scan.end());
          ch.force(false);
        }
        if (last) {
          FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE);
          r.current = new Segment(w, h, scan.end());
        }
      }
    }
    if (torn != null) {
      notes.add(0, "cut a torn tail at offset " + torn.end() + " of " + tornFile + " (" + torn.torn() + "); "
          + r.records + " intact records kept");
    }
    if (r.current == null) {
      r.current = newSegment(dir, r.generation, segments.isEmpty() ? 0 : segments.lastKey(), r.spares, r.salts);
    }
    r.report = notes.isEmpty() ? null : String.join("; ", notes);
  }

  /** What recovery cut from the log or repaired, or null if it was intact. */
  public String recoveryReport() {
    return recoveryReport;
  }

  /** How many log records recovery replayed on top of the snapshot. */
  public int recoveredRecords() {
    return recoveredRecords;
  }

  /**
   * The state recovered by {@link #open}: hand it to the core on start. Only valid before the
   * first append (afterwards the writer thread owns it).
   */
  public DurableState recovered() {
    return mirror;
  }

  public WalCounters counters() {
    return counters;
  }

  /** Durably appends {@code ops}, in order; the future completes once they are synced. */
  public CompletableFuture<Void> append(List<PersistOp> ops) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    IOException f = failure;
    if (closed || f != null) {
      done.completeExceptionally(f != null ? f : new IOException("log closed"));
      return done;
    }
    queue.add(new Pending(List.copyOf(ops), done));
    return done;
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch);
        commit(batch);
        for (Pending p : batch) {
          p.done().complete(null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        // A log that cannot write must stop the replica: failing every waiter keeps anything from
        // being sent on the strength of a write that did not happen.
        failure = e instanceof IOException io ? io : new IOException(e);
        for (Pending p : batch) {
          p.done().completeExceptionally(failure);
        }
        for (Pending p; (p = queue.poll()) != null; ) {
          p.done().completeExceptionally(failure);
        }
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /** Writes every op of {@code batch} and syncs once; a checkpoint op starts a new generation. */
  private void commit(List<Pending> batch) throws IOException {
    boolean dirty = false;
    for (Pending p : batch) {
      for (PersistOp op : p.ops()) {
        if (op instanceof PersistOp.SaveCheckpoint) {
          if (dirty) {
            force();
            dirty = false;
          }
          mirror.apply(op);
          startGeneration();
          continue;
        }
        byte[] payload = PersistOpCodec.encode(op);
        ByteBuffer b = SegmentRecords.frame(current.header, payload);
        if (current.position + b.remaining() > current.header.segmentBytes()) {
          if (dirty) {
            force(); // the full segment's records are durable before the next segment holds any
            dirty = false;
          }
          roll(SegmentRecords.HEADER_BYTES + payload.length);
          b = SegmentRecords.frame(current.header, payload);
        }
        counters.bytes.addAndGet(b.remaining());
        while (b.hasRemaining()) {
          current.position += current.channel.write(b, current.position);
        }
        counters.records.incrementAndGet();
        mirror.apply(op);
        dirty = true;
      }
    }
    if (dirty) {
      force();
    }
  }

  private void force() throws IOException {
    long t0 = System.nanoTime();
    current.channel.force(false);
    counters.syncNanos.addAndGet(System.nanoTime() - t0);
    counters.syncs.incrementAndGet();
  }

  /** Moves to segment I+1 of this generation, sized for a record of {@code recordBytes} if it is larger. */
  private void roll(int recordBytes) throws IOException {
    int index = Math.addExact(current.header.index(), 1);
    Segment next;
    if (SegmentHeader.BYTES + (long) recordBytes <= settings.segmentBytes()) {
      next = newSegment(dir, generation, index, spares, salts);
    } else {
      next = oversizedSegment(dir, generation, index, SegmentHeader.BYTES + recordBytes, salts);
    }
    current.channel.close();
    current = next;
    counters.segmentsRolled.incrementAndGet();
  }

  /**
   * Snapshot the mirror as generation G+1, drop generation G, then start G+1's first segment. G's
   * segments are recycled before G+1 takes a spare, so in steady state G+1 reuses G's file and no
   * zeros are written: once the snapshot is synced, nothing in G is needed.
   */
  private void startGeneration() throws IOException {
    long next = generation + 1;
    writeSnapshot(dir, next, mirror);
    current.channel.close();
    generation = next;
    dropOlderThan(dir, next, spares);
    current = newSegment(dir, next, 0, spares, salts);
    counters.snapshots.incrementAndGet();
  }

  /**
   * A spare renamed to {@code log-G-I.wal} with a fresh header, synced with the directory before any
   * record goes in: a crash between the rename and the header's sync leaves a segment with no valid
   * header for this name, which recovery starts afresh.
   */
  private static Segment newSegment(Path dir, long gen, int index, SpareSegments spares, SecureRandom salts)
      throws IOException {
    Path file = segmentFile(dir, gen, index);
    Files.move(spares.take(), file, StandardCopyOption.ATOMIC_MOVE);
    Segment s = freshSegment(file, gen, index, salts);
    syncDirectory(dir);
    return s;
  }

  /** A segment of its own for a record larger than a whole segment: written as it goes, never recycled. */
  private static Segment oversizedSegment(Path dir, long gen, int index, long bytes, SecureRandom salts)
      throws IOException {
    Path file = segmentFile(dir, gen, index);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    SegmentHeader h = new SegmentHeader(gen, index, salts.nextLong(), Math.toIntExact(bytes));
    writeAll(ch, h.encode(), 0);
    ch.force(false);
    syncDirectory(dir);
    return new Segment(ch, h, SegmentHeader.BYTES);
  }

  /** Writes a header with a new salt over whatever {@code file} held and syncs it. */
  private static Segment freshSegment(Path file, long gen, int index, SecureRandom salts) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
    try {
      long size = ch.size();
      SegmentHeader old = size >= SegmentHeader.BYTES ? readHeader(file) : null;
      long salt = salts.nextLong();
      while (old != null && old.salt() == salt) {
        salt = salts.nextLong(); // never the salt of the file's previous life
      }
      SegmentHeader h = new SegmentHeader(gen, index, salt, Math.toIntExact(size));
      writeAll(ch, h.encode(), 0);
      ch.force(false);
      return new Segment(ch, h, SegmentHeader.BYTES);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static SegmentHeader readHeader(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(SegmentHeader.BYTES);
      while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
        // read the whole header
      }
      return SegmentHeader.decode(b.clear());
    }
  }

  /** The ops that rebuild {@code s} from empty: checkpoint first, since applying it drops older slots. */
  static List<PersistOp> opsOf(DurableState s) {
    List<PersistOp> ops = new ArrayList<>();
    if (s.checkpoint() != null) {
      ops.add(new PersistOp.SaveCheckpoint(s.checkpoint(), s.checkpointSnapshot()));
    }
    if (s.promised() >= 0) {
      ops.add(new PersistOp.SavePromise(s.promised()));
    }
    s.accepted().forEach((slot, v) -> ops.add(new PersistOp.SaveAccepted(slot, v.ballot(), v.batch())));
    s.prepared().values().forEach(p -> ops.add(new PersistOp.SavePrepared(p)));
    s.committed().values().forEach(c -> ops.add(new PersistOp.SaveCommitted(c)));
    if (s.newBallot() != null) {
      ops.add(new PersistOp.SaveNewBallot(s.newBallot()));
    }
    return ops;
  }

  private static void writeSnapshot(Path dir, long gen, DurableState s) throws IOException {
    Path target = snapshotFile(dir, gen);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    List<PersistOp> ops = opsOf(s);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (PersistOp op : ops) {
        writeAll(ch, RecordFile.frame(PersistOpCodec.encode(op)));
      }
      writeAll(ch, RecordFile.frame(ByteBuffer.allocate(9).put(END_TAG).putLong(ops.size()).array()));
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
  }

  private static void readSnapshot(Path file, DurableState into) throws IOException {
    RecordFile.Scan scan = RecordFile.scan(file);
    if (scan.tornTail() != null) {
      throw new CorruptLogException(file, scan.validBytes(), "snapshot damaged: " + scan.tornTail());
    }
    List<byte[]> recs = scan.records();
    byte[] last = recs.isEmpty() ? new byte[0] : recs.get(recs.size() - 1);
    if (last.length != 9 || last[0] != END_TAG || ByteBuffer.wrap(last, 1, 8).getLong() != recs.size() - 1) {
      throw new CorruptLogException(file, scan.validBytes(), "snapshot has no valid trailer");
    }
    for (int i = 0; i < recs.size() - 1; i++) {
      into.apply(decode(file, recs.get(i), i));
    }
  }

  private static PersistOp decode(Path file, byte[] payload, int index) throws CorruptLogException {
    try {
      return PersistOpCodec.decode(payload);
    } catch (WireFormatException e) {
      // The checksum held, so these are the bytes that were written: a bug or a foreign file.
      throw new CorruptLogException(file, -1, "record " + index + " passes its CRC32C but does not decode: "
          + e.getMessage());
    }
  }

  private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static void writeAll(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }

  /** Makes a rename or a new file durable: on Linux a directory opened for reading can be forced. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static long newest(Path dir, Pattern p) throws IOException {
    long best = -1;
    for (Path f : list(dir)) {
      Matcher m = p.matcher(f.getFileName().toString());
      if (m.matches()) {
        best = Math.max(best, Long.parseLong(m.group(1)));
      }
    }
    return best;
  }

  /** Drops every generation older than {@code gen}: snapshots deleted, segments recycled as spares. */
  private static void dropOlderThan(Path dir, long gen, SpareSegments spares) throws IOException {
    for (Path f : list(dir)) {
      String name = f.getFileName().toString();
      Matcher s = SNAPSHOT.matcher(name);
      Matcher l = SEGMENT.matcher(name);
      if (s.matches() && Long.parseLong(s.group(1)) < gen) {
        Files.delete(f);
      } else if (l.matches() && Long.parseLong(l.group(1)) < gen) {
        spares.recycle(f);
      }
    }
  }

  static Path snapshotFile(Path dir, long gen) {
    return dir.resolve("state-" + gen + ".snap");
  }

  static Path segmentFile(Path dir, long gen, int index) {
    return dir.resolve("log-" + gen + "-" + index + ".wal");
  }

  /** Waits for every pending append, then closes the file. */
  @Override
  public void close() throws IOException {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    spares.close();
    current.channel.close();
    if (failure != null) {
      throw failure;
    }
  }

  /** Convenience for callers without their own thread: append and wait. */
  public void appendAndWait(List<PersistOp> ops) throws IOException {
    try {
      append(ops).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }
}
