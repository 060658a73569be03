package dev.bftpaxos.core;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.msg.Request;

/** Everything that can happen to a replica core: the only things {@link Replica#step} accepts. */
public sealed interface Input {

  /** A message from another replica, delivered by the driver. */
  record Receive(Message message) implements Input {}

  /** One unit of time passed; the core counts time only in these. */
  record Tick() implements Input {
    public static final Tick INSTANCE = new Tick();
  }

  /** A request straight from a client. */
  record ClientRequest(Request request) implements Input {}

  /** A read a client asks outside the log. */
  record ClientRead(dev.bftpaxos.core.msg.Read read) implements Input {}
}
