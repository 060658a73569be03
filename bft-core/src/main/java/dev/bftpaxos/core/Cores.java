package dev.bftpaxos.core;

import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.bft.ByzantineCore;
import dev.bftpaxos.core.bft.ByzantineKeys;

/**
 * The correct replica cores, built the one way every driver (the simulator, the networked replica)
 * builds them. Drivers should use these rather than the constructors, which may change as the
 * cores do.
 */
public final class Cores {
  private Cores() {}

  /** A crash-mode (Multi-Paxos) replica. */
  public static Replica crash(int id, CoreConfig config, StateMachine stateMachine, Randomness random,
      DurableState durable) {
    return new ReplicaCore(id, config, CrashRules.INSTANCE, stateMachine, random, durable);
  }

  /** A Byzantine-mode replica holding only its own signing key in {@code keys}. */
  public static Replica byzantine(int id, CoreConfig config, ByzantineKeys keys, StateMachine stateMachine,
      Randomness random, DurableState durable) {
    return new ByzantineCore(id, config, keys, stateMachine, random, durable);
  }
}
