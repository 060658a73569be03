package dev.bftpaxos.replica.driver;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import dev.bftpaxos.core.PersistOp;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.core.ReplicaStatus;
import dev.bftpaxos.replica.wal.WriteAheadLog;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one core on one thread: takes inputs from a bounded queue, steps the core, hands the step's
 * {@code persist} to the log and releases its sends and replies to {@link Outbound} only after the
 * log has synced them.
 *
 * <p>Steps are pipelined: the driver does not wait for the sync before taking the next input, so
 * one group commit covers the writes of many steps. Outputs are released strictly in step order,
 * including steps that wrote nothing (a later step's message may rest on an earlier step's write),
 * which is the order the simulator delivers them in.
 */
public final class ReplicaDriver implements AutoCloseable {
  /** Inputs waiting for the driver; a full queue refuses and counts (the protocol tolerates loss). */
  public static final int INBOX_INPUTS_MAX = 64 * 1024;
  /** Longest an idle driver waits before running {@link #call} tasks. */
  public static final long TASK_LATENCY_MILLIS = 20;

  private final Replica core;
  private final WriteAheadLog wal;
  private final Outbound outbound;
  private final TickSource ticks;
  private final CommitObserver commits;
  private final BlockingQueue<Input> inbox = new ArrayBlockingQueue<>(INBOX_INPUTS_MAX);
  private final ArrayDeque<Pending> unreleased = new ArrayDeque<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Thread thread;
  private final AtomicLong inboxFull = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  /** Ticks stepped so far; read and written by the driver thread only. */
  private long ticksStepped;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private volatile ReplicaStatus status;
  private volatile Map<String, Long> rejections = Map.of();

  private record Pending(Output output, CompletableFuture<Void> durable) {}

  public ReplicaDriver(Replica core, WriteAheadLog wal, Outbound outbound, TickSource ticks) {
    this(core, wal, outbound, ticks, CommitObserver.NONE);
  }

  /** As above, telling {@code commits} of every commit certificate the core records. */
  public ReplicaDriver(Replica core, WriteAheadLog wal, Outbound outbound, TickSource ticks, CommitObserver commits) {
    this.commits = commits;
    this.core = core;
    this.wal = wal;
    this.outbound = outbound;
    this.ticks = ticks;
    this.status = core.status();
    this.thread = new Thread(this::run, "driver-" + core.id());
  }

  public void start() {
    thread.start();
    ticks.start(() -> offer(Input.Tick.INSTANCE));
  }

  /** Queues {@code input} for the driver thread; false (and counted) if the inbox is full. */
  public boolean offer(Input input) {
    if (!running) {
      return false;
    }
    if (inbox.offer(input)) {
      return true;
    }
    inboxFull.incrementAndGet();
    return false;
  }

  private void run() {
    try {
      while (running) {
        for (Runnable t; (t = tasks.poll()) != null; ) {
          t.run();
        }
        Input in = inbox.poll(TASK_LATENCY_MILLIS, TimeUnit.MILLISECONDS);
        if (in == null) {
          continue;
        }
        long due = ticks.ticksDue();
        if (due >= 0) {
          // A clocked source: catch the core's time up to the clock before stepping anything, so a
          // leader never answers a lease read on time that lags (TickSource.clocked says why).
          for (long behind = due - ticksStepped; behind > 0; behind--) {
            step(Input.Tick.INSTANCE);
          }
          ticksStepped = Math.max(ticksStepped, due);
          if (in instanceof Input.Tick) {
            continue; // the timer's tick only wakes the driver; the clock says how many are due
          }
        }
        step(in);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
      running = false;
    }
  }

  private void step(Input in) {
    Output out = core.step(in);
    steps.incrementAndGet();
    if (commits != CommitObserver.NONE) {
      observeCommits(out);
    }
    CompletableFuture<Void> durable =
        out.persist().isEmpty() ? CompletableFuture.completedFuture(null) : wal.append(out.persist());
    if (!out.isEmpty()) {
      synchronized (unreleased) {
        unreleased.add(new Pending(out, durable));
      }
      durable.whenComplete((v, e) -> release());
    }
    status = core.status();
    rejections = Map.copyOf(core.rejections());
  }

  /** Only signed proofs are certificates: crash mode's are the sender's word, with no signatures. */
  private void observeCommits(Output out) {
    for (PersistOp op : out.persist()) {
      if (op instanceof PersistOp.SaveCommitted c && !c.proof().signatures().isEmpty()) {
        // The status of the step before: configurations governing slots being committed now were
        // fixed by slots executed long before (a change takes effect alpha slots after it executes).
        ReplicaStatus s = status;
        commits.committed(c.proof(), s == null ? 0 : s.configurationGoverning(c.proof().slot()));
      }
    }
  }

  /** Hands every output whose writes are durable, in step order, to the transport. */
  private void release() {
    synchronized (unreleased) {
      while (!unreleased.isEmpty() && unreleased.peek().durable().isDone()) {
        Pending p = unreleased.poll();
        if (p.durable().isCompletedExceptionally()) {
          // The log failed: nothing more may leave. The replica stops; it restarts from its log.
          failure = new IllegalStateException("write-ahead log failed; stopping the replica");
          running = false;
          unreleased.clear();
          return;
        }
        Output o = p.output();
        o.send().forEach(s -> outbound.send(s.to(), s.message()));
        o.replies().forEach(outbound::reply);
        o.readReplies().forEach(outbound::readReply);
      }
    }
  }

  /**
   * Runs {@code probe} on the driver thread, between steps: the state machine is not thread-safe,
   * and a digest computed while the core executes would be wrong (and would be cached).
   */
  public <T> CompletableFuture<T> call(java.util.function.Supplier<T> probe) {
    CompletableFuture<T> f = new CompletableFuture<>();
    tasks.add(() -> {
      try {
        f.complete(probe.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** The core's status as of its last step; safe from any thread. */
  public ReplicaStatus status() {
    return status;
  }

  public Map<String, Long> rejections() {
    return rejections;
  }

  public dev.bftpaxos.replica.wal.WalCounters walCounters() {
    return wal.counters();
  }

  /** Inputs refused because the inbox was full (the transport counts them as losses). */
  public long inboxFull() {
    return inboxFull.get();
  }

  public long steps() {
    return steps.get();
  }

  /** Why the driver stopped, or null while it runs. */
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws java.io.IOException {
    running = false;
    ticks.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    wal.close();
  }
}
