package dev.bftpaxos.replica.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that ticks every {@link KvClient} of a JVM, with one periodic task that runs
 * through the clients registered. Each client used to own a scheduler thread woken every
 * millisecond: with 64 clients in one load JVM the profile showed those wake-ups as about a quarter
 * of the load client's CPU per operation; one periodic task per client on a shared scheduler still
 * cost a heap operation and a wake-up per client per tick. A tick only drives retransmission, so the
 * clients can share one thread and one wake-up.
 *
 * <p>A daemon, never shut down; a client's close takes it off the list.
 */
final class ClientTicker {
  private ClientTicker() {}

  private static final Set<KvClient> CLIENTS = ConcurrentHashMap.newKeySet();

  private static final class Holder {
    static final ScheduledExecutorService TICKER = start();

    private static ScheduledExecutorService start() {
      ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kv-client-ticks");
        t.setDaemon(true);
        return t;
      });
      s.scheduleAtFixedRate(() -> CLIENTS.forEach(KvClient::tickSafely), KvClient.TICK_MILLIS, KvClient.TICK_MILLIS,
          TimeUnit.MILLISECONDS);
      return s;
    }
  }

  /** {@code c} is ticked every {@link KvClient#TICK_MILLIS} from now until {@link #remove}. */
  static void add(KvClient c) {
    CLIENTS.add(c);
    Holder.TICKER.getClass(); // starts the thread on first use
  }

  static void remove(KvClient c) {
    CLIENTS.remove(c);
  }
}
