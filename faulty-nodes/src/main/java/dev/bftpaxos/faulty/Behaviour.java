package dev.bftpaxos.faulty;

import dev.bftpaxos.core.Input;
import dev.bftpaxos.core.Output;
import java.util.List;

/**
 * A misbehaviour, written as one class: it sits between the driver and a correct core and may
 * rewrite, drop or add what the replica receives and what it sends, per peer. It can sign only
 * with its own key ({@link FaultyContext#signer()}), so it can lie but cannot forge others.
 */
public interface Behaviour {
  /** The name scenarios and flags use, e.g. {@code equivocating-proposer}. */
  String name();

  /** What the wrapped core sees for {@code input}: by default exactly it. */
  default List<dev.bftpaxos.core.Input> incoming(Input input, FaultyContext ctx) {
    return List.of(input);
  }

  /** What actually leaves the replica for the core's {@code output}: by default all of it. */
  default Output outgoing(Output output, FaultyContext ctx) {
    return output;
  }
}
