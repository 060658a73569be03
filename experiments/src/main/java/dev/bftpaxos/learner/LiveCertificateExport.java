package dev.bftpaxos.learner;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.PublicConfiguration;
import dev.bftpaxos.replica.driver.CommitObserver;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running replica's commit certificates written to a folder as it records them ({@code replica
 * --export-certificates DIR}): {@code config.json} once, then one {@code slot-0000017.json} per
 * slot ({@link CertificateFile} format, the names of {@link CertificateExport}), each written
 * atomically, so {@code verify-certificate DIR/slot-*.json --config DIR/config.json} may run at any
 * time.
 *
 * <p>The replica's driver thread only offers each certificate to a bounded queue; one writer thread
 * formats and writes. If the writer falls behind, the queue refuses and the certificate is counted
 * as dropped and reported, never waited for: exporting is an audit aid and must not slow the
 * replica. Unlike a simulator export, files already in the folder are kept (a restarted replica
 * continues), but only if its {@code config.json} is this cluster's.
 */
public final class LiveCertificateExport implements CommitObserver {
  /** Certificates waiting for the writer; a slot's certificate is a few KiB with a full batch. */
  public static final int QUEUE_MAX = 4096;
  /** How long closing waits for the writer to finish the queue. */
  public static final long CLOSE_DRAIN_MILLIS = 2_000;

  private final Path dir;
  private final PublicConfiguration config;
  private final PrintStream err;
  private final String who;
  private final BlockingQueue<Named> queue = new ArrayBlockingQueue<>(QUEUE_MAX);
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread writer;
  private volatile boolean closing;

  /**
   * Creates {@code dir} if needed, writes {@code config.json} and starts the writer.
   *
   * @param who how messages on {@code err} start ("replica 2")
   * @throws IllegalArgumentException if the folder cannot be used: not creatable, or it holds
   *     another configuration's {@code config.json}
   */
  public LiveCertificateExport(Path dir, PublicConfiguration config, PrintStream err, String who) {
    this.dir = dir;
    this.config = config;
    this.err = err;
    this.who = who;
    Path configFile = dir.resolve(CertificateExport.CONFIG_FILE);
    String text = KeyFiles.formatPublicConfiguration(config);
    try {
      Files.createDirectories(dir);
      if (Files.exists(configFile) && !Files.readString(configFile).equals(text)) {
        throw new IllegalArgumentException("--export-certificates " + dir + ": holds a " + CertificateExport.CONFIG_FILE
            + " that is not this cluster's configuration (" + config.configId().shortHex()
            + "); give an empty folder or this cluster's");
      }
      AtomicFiles.write(configFile, text);
    } catch (IOException e) {
      throw new IllegalArgumentException("--export-certificates " + dir + ": cannot write " + configFile + ": " + e);
    }
    writer = new Thread(this::drain, "certificate-export");
    writer.setDaemon(true);
    writer.start();
  }

  /** A certificate and the configuration that governs its slot. */
  private record Named(CommitProof proof, long configuration) {}

  @Override
  public void committed(CommitProof proof) {
    committed(proof, 0);
  }

  @Override
  public void committed(CommitProof proof, long configuration) {
    if (closing || !queue.offer(new Named(proof, configuration))) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public String status() {
    return String.format(Locale.ROOT, " export.written=%d export.dropped=%d export.failed=%d", written.get(),
        dropped.get(), failed.get());
  }

  public long written() {
    return written.get();
  }

  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    long droppedReported = 0;
    try {
      while (!closing || !queue.isEmpty()) {
        Named p = queue.poll(100, TimeUnit.MILLISECONDS);
        long d = dropped.get();
        if (d > droppedReported) {
          err.println(who + ": certificate export fell behind: " + d + " certificate(s) not exported so far (queue of "
              + QUEUE_MAX + " full); the replica was not slowed");
          droppedReported = d;
        }
        if (p != null) {
          write(p);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(Named named) {
    CommitProof p = named.proof();
    CommitCertificate c = new CommitCertificate(config.configId(), p.ballot(), p.slot(), p.digest(), p.batch(),
        p.signatures());
    Path file = dir.resolve(CertificateExport.fileName(p.slot()));
    try {
      CertificateFile.write(file, c, config, named.configuration());
      written.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      // Reported once and then every 1000th, so a full disk does not flood the log.
      if (failed.getAndIncrement() % 1000 == 0) {
        err.println(who + ": cannot export the certificate of slot " + p.slot() + " to " + file + ": " + e);
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      writer.join(CLOSE_DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
  }
}
