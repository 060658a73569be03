package dev.bftpaxos.replica.node;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Replica;
import dev.bftpaxos.crypto.Digest32;
import dev.bftpaxos.crypto.Signer;
import java.util.function.Function;

/**
 * What a replica process runs in place of its correct core: the correct core itself, or a
 * misbehaving replica around it. The faulty behaviours plug in here from outside the replica module
 * (the command line builds the wrapper), through the same {@link Replica} interface the simulator
 * uses, so correct code has no hook of its own for them.
 */
@FunctionalInterface
public interface CoreWrapper {
  /** Runs the correct core unchanged. */
  CoreWrapper CORRECT = (core, ctx) -> core;

  Replica wrap(Replica correct, Context ctx);

  /**
   * What a wrapper may use: this replica's id and key (never another's), the cluster's size, mode
   * and settings, the configuration it signs for (null in crash mode), and a factory for further
   * correct cores of its own on a durable state it owns.
   */
  record Context(int id, int replicas, boolean byzantine, CoreConfig config, Signer signer, Digest32 configId,
      Function<DurableState, Replica> freshCore) {}
}
