package dev.bftpaxos.faulty.client;

import dev.bftpaxos.core.msg.Read;
import dev.bftpaxos.core.msg.Request;
import java.util.ArrayList;
import java.util.List;

/** One thing a faulty client puts on the wire, to one replica. */
public sealed interface ClientFrame {
  /** The replica it goes to. */
  int to();

  /** A request for the log. */
  record Send(int to, Request request) implements ClientFrame {}

  /** A read outside the log. */
  record SendRead(int to, Read read) implements ClientFrame {}

  /** {@code r} to every replica: a faulty client need not find the leader. */
  static List<ClientFrame> toAll(int replicas, Request r) {
    List<ClientFrame> out = new ArrayList<>(replicas);
    for (int to = 0; to < replicas; to++) {
      out.add(new Send(to, r));
    }
    return out;
  }

  /** {@code r} to every replica. */
  static List<ClientFrame> toAll(int replicas, Read r) {
    List<ClientFrame> out = new ArrayList<>(replicas);
    for (int to = 0; to < replicas; to++) {
      out.add(new SendRead(to, r));
    }
    return out;
  }
}
