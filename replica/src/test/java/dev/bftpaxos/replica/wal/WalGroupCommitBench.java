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
 * mean sync time. Run: java -cp (test classpath) dev.bftpaxos.replica.wal.WalGroupCommitBench W D
 */
public final class WalGroupCommitBench {
  public static void main(String[] args) throws Exception {
    int writers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    Path dir = Files.createTempDirectory("walbench");
    try (WriteAheadLog wal = WriteAheadLog.open(dir)) {
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
      System.out.printf(Locale.ROOT, "writers=%d appends/s=%.0f syncs/s=%.0f records/sync=%.1f meanSyncMicros=%.1f%n",
          writers, c.records.get() / seconds, c.syncs.get() / seconds, (double) c.records.get() / c.syncs.get(),
          c.syncNanos.get() / 1e3 / c.syncs.get());
    }
  }
}
