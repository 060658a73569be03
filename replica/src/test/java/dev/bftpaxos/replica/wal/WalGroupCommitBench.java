package dev.bftpaxos.replica.wal;

import dev.bftpaxos.core.PersistOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit figures for docs and reports, not a test: W writers each append one SaveAccepted of
 * a 1-request batch and wait for it, for D seconds; prints appends/s, syncs/s, records per sync and
 * mean sync time. Run: java -cp (test classpath) dev.bftpaxos.replica.wal.WalGroupCommitBench W D [SEGMENT_BYTES]
 * (the log goes under java.io.tmpdir). Timing starts once the first segment and one spare are
 * preallocated, so the figures are of the steady state, not of the first start's zero writing.
 */
public final class WalGroupCommitBench {
  public static void main(String[] args) throws Exception {
    int writers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    int segmentBytes = args.length > 2 ? Integer.parseInt(args[2]) : WalSettings.SEGMENT_BYTES_DEFAULT;
    Path dir = Files.createTempDirectory("walbench");
    try (WriteAheadLog wal = WriteAheadLog.open(dir, new WalSettings(segmentBytes, WalSettings.SPARES_MAX_DEFAULT))) {
      long ready = System.nanoTime() + 10_000_000_000L;
      while (wal.counters().segmentsPreallocated.get() < 2 && System.nanoTime() < ready) {
        Thread.sleep(10);
      }
      long end = System.nanoTime() + (long) (seconds * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          long slot = id * 1_000_000_000L;
          while (System.nanoTime() < end) {
            slot++;
            CompletableFuture<Void> f = wal.append(List.of(new PersistOp.SaveAccepted(slot, 1, WalFixtures.batch(slot))));
            f.join();
          }
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      WalCounters c = wal.counters();
      System.out.printf(Locale.ROOT, "writers=%d appends/s=%.0f syncs/s=%.0f records/sync=%.1f meanSyncMicros=%.1f "
          + "segmentBytes=%d preallocated=%d recycled=%d spareMisses=%d%n",
          writers, c.records.get() / seconds, c.syncs.get() / seconds, (double) c.records.get() / c.syncs.get(),
          c.syncNanos.get() / 1e3 / c.syncs.get(), segmentBytes, c.segmentsPreallocated.get(),
          c.segmentsRecycled.get(), c.spareMisses.get());
    }
  }
}
