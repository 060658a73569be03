package dev.bftpaxos.faulty;

import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Replica;

/**
 * Builds another correct core for the faulty replica's id and key on a durable state the behaviour
 * owns (twins run a second one, crash-with-amnesia starts fresh ones). The behaviour applies that
 * core's persist operations to the state itself; the driver never sees them.
 */
@FunctionalInterface
public interface CoreFactory {
  Replica create(DurableState durable);
}
