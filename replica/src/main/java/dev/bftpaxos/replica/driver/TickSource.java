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
