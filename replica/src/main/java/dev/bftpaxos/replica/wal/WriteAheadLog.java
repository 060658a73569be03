package dev.bftpaxos.replica.wal;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.wire.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replica's durable state in its data directory: a snapshot {@code state-G.snap} of the whole
 * {@link DurableState} as of generation G, and a log {@code log-G.wal} of the {@link PersistOp}s
 * since. A stable checkpoint starts generation G+1: the snapshot is written to a temporary file,
 * synced, renamed into place and the directory synced, and only then are generation G's files
 * deleted. So at any crash point at least one complete generation exists on disk.
 *
 * <p><b>Group commit.</b> One writer thread takes every append waiting, writes them all and calls
 * {@code force} once; each append's future completes only after that force. The driver sends a
 * step's messages when its future completes, so nothing leaves before what it depends on is durable.
 *
 * <p><b>Recovery.</b> {@link #open} loads the newest snapshot and replays its log. A torn tail is cut
 * (the file truncated and synced) and reported in {@link #recoveryReport()}; a damaged record with
 * data after it, or a damaged snapshot, throws {@link CorruptLogException} naming file and offset.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Pattern SNAPSHOT = Pattern.compile("state-(\\d{1,18})\\.snap");
  private static final Pattern LOG = Pattern.compile("log-(\\d{1,18})\\.wal");
  /** Snapshot trailer tag: no PersistOp uses 0, so the trailer cannot be mistaken for one. */
  private static final byte END_TAG = 0;

  private final Path dir;
  private final DurableState mirror;
  private final String recoveryReport;
  private final WalCounters counters = new WalCounters();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private long generation;
  private FileChannel log;
  private volatile boolean closed;
  private volatile IOException failure;

  private record Pending(List<PersistOp> ops, CompletableFuture<Void> done) {}

  private WriteAheadLog(Path dir, long generation, FileChannel log, DurableState recovered, String report) {
    this.dir = dir;
    this.generation = generation;
    this.log = log;
    this.mirror = recovered;
    this.recoveryReport = report;
    this.writer = new Thread(this::writeLoop, "wal-writer-" + dir.getFileName());
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Opens (creating if needed) the log in {@code dir} and recovers its state. */
  public static WriteAheadLog open(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Path p : list(dir)) {
      if (p.getFileName().toString().endsWith(".tmp")) {
        Files.delete(p); // a snapshot the last run did not finish: never renamed, never used
      }
    }
    long gen = newest(dir, SNAPSHOT);
    DurableState state = DurableState.empty();
    if (gen >= 0) {
      readSnapshot(snapshotFile(dir, gen), state);
    } else {
      gen = 0;
    }
    Path logFile = logFile(dir, gen);
    String report = null;
    if (Files.exists(logFile)) {
      RecordFile.Scan scan = RecordFile.scan(logFile);
      for (int i = 0; i < scan.records().size(); i++) {
        state.apply(decode(logFile, scan.records().get(i), i));
      }
      if (scan.tornTail() != null) {
        report = "cut a torn tail of " + (scan.fileBytes() - scan.validBytes()) + " bytes at offset "
            + scan.validBytes() + " of " + logFile + " (" + scan.tornTail() + "); " + scan.records().size()
            + " intact records kept";
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.WRITE)) {
          ch.truncate(scan.validBytes());
          ch.force(true);
        }
      }
    }
    FileChannel ch = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    ch.position(ch.size());
    syncDirectory(dir);
    deleteOlderThan(dir, gen);
    return new WriteAheadLog(dir, gen, ch, state, report);
  }

  /** What recovery cut from the log, or null if it was intact. */
  public String recoveryReport() {
    return recoveryReport;
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
        ByteBuffer b = RecordFile.frame(PersistOpCodec.encode(op));
        counters.bytes.addAndGet(b.remaining());
        while (b.hasRemaining()) {
          log.write(b);
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
    log.force(false);
    counters.syncNanos.addAndGet(System.nanoTime() - t0);
    counters.syncs.incrementAndGet();
  }

  /** Snapshot the mirror as generation G+1, switch to its empty log, then drop generation G. */
  private void startGeneration() throws IOException {
    long next = generation + 1;
    writeSnapshot(dir, next, mirror);
    FileChannel nextLog = FileChannel.open(logFile(dir, next), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    syncDirectory(dir);
    log.close();
    log = nextLog;
    generation = next;
    deleteOlderThan(dir, next);
    counters.snapshots.incrementAndGet();
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

  private static void deleteOlderThan(Path dir, long gen) throws IOException {
    for (Path f : list(dir)) {
      String name = f.getFileName().toString();
      for (Pattern p : List.of(SNAPSHOT, LOG)) {
        Matcher m = p.matcher(name);
        if (m.matches() && Long.parseLong(m.group(1)) < gen) {
          Files.delete(f);
        }
      }
    }
  }

  static Path snapshotFile(Path dir, long gen) {
    return dir.resolve("state-" + gen + ".snap");
  }

  static Path logFile(Path dir, long gen) {
    return dir.resolve("log-" + gen + ".wal");
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
    log.close();
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
