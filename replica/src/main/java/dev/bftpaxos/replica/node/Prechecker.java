package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.bft.SignedParts;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.PrecheckedVerifier;
import dev.bftpaxos.crypto.Verifier;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Byzantine mode's signature checks, moved off the driver thread: every message's signatures
 * ({@link SignedParts}) are verified on a small pool, in parallel across senders, and the message
 * goes to the driver only then. The core still verifies everything, but through the
 * {@link PrecheckedVerifier}s here, which hand it the answers already worked out: no signature is
 * verified twice, and the driver thread, the one thing that cannot run in parallel, only steps.
 *
 * <p>Messages of one sender stay in order: each sender maps to one lane, and a lane runs one task at
 * a time. A full queue refuses the message and counts it, as the driver's full inbox does (the
 * protocol tolerates the loss; the sender retransmits).
 */
final class Prechecker implements AutoCloseable {
  /** Lanes senders are spread over; more lanes than threads keeps one busy sender from blocking others. */
  static final int LANES = 64;
  /** Messages waiting for their checks, over all senders; beyond this a message is refused and counted. */
  static final int PENDING_MAX = 16 * 1024;
  /** Answers each verifier keeps for the core to take (the core takes most within a step or two). */
  static final int ANSWERS_MAX = 64 * 1024;

  private final Digest32 configId;
  private final PrecheckedVerifier replicas;
  private final PrecheckedVerifier clients;
  private final ExecutorService pool;
  private final Lane[] lanes = new Lane[LANES];
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** {@code threads} (at least 1) verify; the cluster file's {@code crypto.precheckThreads}. */
  Prechecker(Digest32 configId, Verifier replicaRing, Verifier clientRing, int threads) {
    this.configId = configId;
    this.replicas = new PrecheckedVerifier(replicaRing, ANSWERS_MAX);
    this.clients = new PrecheckedVerifier(clientRing, ANSWERS_MAX);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "precheck-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < LANES; i++) {
      lanes[i] = new Lane();
    }
  }

  /** The replica ring the core must verify through, to take the prechecked answers. */
  Verifier replicas() {
    return replicas;
  }

  /** The client ring the core must verify through. */
  Verifier clients() {
    return clients;
  }

  Digest32 configId() {
    return configId;
  }

  /**
   * Checks {@code parts} on the pool, then runs {@code deliver}, after every earlier task of the
   * same {@code sender}; false (and counted) if too many messages are waiting.
   */
  boolean submit(long sender, List<SignedParts.Part> parts, Runnable deliver) {
    if (pending.incrementAndGet() > PENDING_MAX) {
      pending.decrementAndGet();
      refused.incrementAndGet();
      return false;
    }
    lanes[(int) Math.floorMod(sender, (long) LANES)].add(() -> {
      try {
        for (SignedParts.Part p : parts) {
          (p.byClient() ? clients : replicas).precheck(p.signer(), p.statement(), p.signature());
        }
        deliver.run();
      } finally {
        pending.decrementAndGet();
      }
    });
    return true;
  }

  /** Counters for the status line. */
  long prechecked() {
    return replicas.prechecked() + clients.prechecked();
  }

  long verifiedOnDriver() {
    return replicas.verifiedAgain() + clients.verifiedAgain();
  }

  long refused() {
    return refused.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs its tasks one at a time, in the order added, on the shared pool. */
  private final class Lane {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void add(Runnable task) {
      tasks.add(task);
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        try {
          pool.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
          scheduled.set(false);
        }
      }
    }

    private void drain() {
      try {
        // A bounded turn, so one chatty sender cannot hold a thread while other lanes wait.
        for (int i = 0; i < 64; i++) {
          Runnable t = tasks.poll();
          if (t == null) {
            break;
          }
          try {
            t.run();
          } catch (RuntimeException e) {
            // A message whose check threw (a bug, never input: SignedParts and verify do not throw)
            // is lost like one refused, and counted; the lane keeps serving its sender.
            failed.incrementAndGet();
          }
        }
      } finally {
        scheduled.set(false);
        if (!tasks.isEmpty()) {
          schedule();
        }
      }
    }
  }
}
