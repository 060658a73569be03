package dev.bftpaxos.replica.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one Netty event-loop group that every client transport of a JVM shares. A transport used to
 * own two I/O threads, so one load JVM with 64 clients ran 128 of them, each woken for its client's
 * few replies: the profile showed the load client spending about half the cluster's CPU per
 * operation, much of it waking threads. Sharing keeps as many I/O threads as cores.
 *
 * <p>The threads are daemons and the group is never shut down: it lives as long as the JVM, and a
 * client's close only closes its own channels.
 */
public final class ClientEventLoops {
  private ClientEventLoops() {}

  private static final class Holder {
    static final EventLoopGroup GROUP = new NioEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
        new DefaultThreadFactory("client-io", true));
  }

  /** The shared group, started on first use. */
  public static EventLoopGroup shared() {
    return Holder.GROUP;
  }
}
