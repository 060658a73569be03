package dev.bftpaxos.core;

import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.bft.ByzantineKeys;
import dev.bftpaxos.core.bft.ByzantineMode;
import dev.bftpaxos.core.bft.ByzantineRules;
import dev.bftpaxos.core.crash.CrashMode;
import dev.bftpaxos.core.crash.CrashRules;
import dev.bftpaxos.core.log.ReplicatedLog;

/**
 * The correct replica cores, built the one way every driver (the simulator, the networked replica)
 * builds them: the shared replicated log with one mode's agreement plugged in.
 */
public final class Cores {
  private Cores() {}

  /** A crash-mode (Multi-Paxos) replica. */
  public static ReplicatedLog crash(int id, CoreConfig config, StateMachine stateMachine, Randomness random,
      DurableState durable) {
    return new ReplicatedLog(id, config, new CrashMode(config.replicaCount(), CrashRules.CORRECT),
        DuplicateFilter.CLIENT_TABLE, stateMachine, random, durable);
  }

  /** A crash-mode replica whose first configuration is {@code initial} (a subset of 0..replicaCount-1). */
  public static ReplicatedLog crash(int id, CoreConfig config, StateMachine stateMachine, Randomness random,
      DurableState durable, dev.bftpaxos.core.log.Configuration initial) {
    return new ReplicatedLog(id, config, new CrashMode(config.replicaCount(), CrashRules.CORRECT),
        DuplicateFilter.CLIENT_TABLE, stateMachine, random, durable, initial);
  }

  /** A Byzantine-mode replica holding only its own signing key in {@code keys}. */
  public static ReplicatedLog byzantine(int id, CoreConfig config, ByzantineKeys keys, StateMachine stateMachine,
      Randomness random, DurableState durable) {
    return new ReplicatedLog(id, config, new ByzantineMode(config, keys, ByzantineRules.CORRECT),
        DuplicateFilter.CLIENT_TABLE, stateMachine, random, durable);
  }

  /**
   * A Byzantine-mode replica whose first configuration is {@code initial} (members of 0..replicaCount-1;
   * their keys are {@code keys}' first-configuration ring).
   */
  public static ReplicatedLog byzantine(int id, CoreConfig config, ByzantineKeys keys, StateMachine stateMachine,
      Randomness random, DurableState durable, dev.bftpaxos.core.log.Configuration initial) {
    return new ReplicatedLog(id, config, new ByzantineMode(config, keys, ByzantineRules.CORRECT),
        DuplicateFilter.CLIENT_TABLE, stateMachine, random, durable, initial);
  }
}
