package dev.bftpaxos.replica.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one thread that ticks every {@link KvClient} of a JVM. Each client used to own a scheduler
 * thread woken every millisecond: with 64 clients in one load JVM the profile showed those wake-ups
 * as about a quarter of the load client's CPU per operation. A tick only drives retransmission,
 * so the clients can share one thread.
 *
 * <p>A daemon, never shut down; a client's close cancels its own tick.
 */
final class ClientTicker {
  private ClientTicker() {}

  private static final class Holder {
    static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kv-client-ticks");
      t.setDaemon(true);
      return t;
    });
  }

  static ScheduledExecutorService shared() {
    return Holder.TICKER;
  }
}
