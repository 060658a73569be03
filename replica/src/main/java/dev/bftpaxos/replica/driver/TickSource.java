package dev.bftpaxos.replica.driver;

/**
 * Where the driver's ticks come from: a timer in a real process, the test in a test. The core counts
 * time only in ticks, so this is the one place wall-clock time enters a replica.
 */
public interface TickSource extends AutoCloseable {
  /** Starts calling {@code tick} (from any thread) until {@link #close()}. */
  void start(Runnable tick);

  @Override
  void close();

  /**
   * How many ticks the clock behind this source says have passed since {@link #start}, or -1 if
   * the source has no clock (its ticks are whatever it delivers). A driver with a clocked source
   * steps the missing ticks before anything else, so the core's time never lags the clock.
   */
  default long ticksDue() {
    return -1;
  }

  /** Ticks every {@code periodMillis} on a daemon thread. */
  static TickSource every(long periodMillis) {
    return new TickSource() {
      private final java.util.concurrent.ScheduledExecutorService timer =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tick");
            t.setDaemon(true);
            return t;
          });

      @Override
      public void start(Runnable tick) {
        timer.scheduleAtFixedRate(tick, periodMillis, periodMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        timer.shutdownNow();
      }
    };
  }

  /**
   * As {@link #every}, with {@link #ticksDue} read from the monotonic clock ({@link System#nanoTime}).
   * A timer alone runs slow whenever the process does not run: after a GC pause, a SIGSTOP, or
   * ticks dropped by a full inbox, it would tell a leader less time has passed than has, and a
   * lease read answered on that time could miss a write of a newer leader. With the clock, the
   * core's time lags real time by less than one tick, which the lease's drift margin covers.
   */
  static TickSource clocked(long periodMillis) {
    TickSource timer = every(periodMillis);
    long periodNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(periodMillis);
    return new TickSource() {
      private volatile long startNanos;

      @Override
      public void start(Runnable tick) {
        startNanos = System.nanoTime();
        timer.start(tick);
      }

      @Override
      public long ticksDue() {
        return (System.nanoTime() - startNanos) / periodNanos;
      }

      @Override
      public void close() {
        timer.close();
      }
    };
  }

  /** No ticks unless the caller steps them: for tests. */
  static TickSource manual() {
    return new TickSource() {
      @Override
      public void start(Runnable tick) {}

      @Override
      public void close() {}
    };
  }
}
