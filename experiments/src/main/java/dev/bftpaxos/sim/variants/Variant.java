package dev.bftpaxos.sim.variants;

import dev.bftpaxos.core.CoreConfig;
import dev.bftpaxos.core.DuplicateFilter;
import dev.bftpaxos.core.DurableState;
import dev.bftpaxos.core.Randomness;
import dev.bftpaxos.core.app.StateMachine;
import dev.bftpaxos.core.bft.ByzantineKeys;
import dev.bftpaxos.core.bft.ByzantineMode;
import dev.bftpaxos.core.bft.ByzantineRules;
import dev.bftpaxos.core.client.KnownConfigurations;
import dev.bftpaxos.core.client.MatchingReplies;
import dev.bftpaxos.core.client.ReplyRule;
import dev.bftpaxos.core.crash.CrashMode;
import dev.bftpaxos.core.crash.CrashRules;
import dev.bftpaxos.core.log.ReplicatedLog;

/**
 * A protocol the simulator runs: the correct one, or a deliberately broken variant that replaces
 * one piece of it. Every piece is an implementation of an interface the core already takes
 * (crash mode's {@link CrashRules}, Byzantine mode's {@link ByzantineRules}, the log's
 * {@link DuplicateFilter}) or, for the client, how it accepts replies; the correct code has no
 * switch for any of them. A variant that replaces a piece of one mode runs the other mode correctly.
 */
public record Variant(String name, CrashRules crash, ByzantineRules byzantine, DuplicateFilter duplicates,
    ClientReplies clientReplies) {

  /**
   * How a Byzantine-mode client accepts a result, given the configurations it knows (each with its
   * members and their keys, growing as the client learns links).
   */
  @FunctionalInterface
  public interface ClientReplies {
    ReplyRule rule(KnownConfigurations configurations);

    /** f+1 matching replies for one slot, from members of its configuration with their keys there (protocol.md). */
    ClientReplies MATCHING = MatchingReplies::new;
  }

  public static final Variant CORRECT = new Variant("correct", CrashRules.CORRECT, ByzantineRules.CORRECT,
      DuplicateFilter.CLIENT_TABLE, ClientReplies.MATCHING);

  Variant withCrash(String newName, CrashRules rules) {
    return new Variant(newName, rules, byzantine, duplicates, clientReplies);
  }

  Variant withByzantine(String newName, ByzantineRules rules) {
    return new Variant(newName, crash, rules, duplicates, clientReplies);
  }

  Variant withDuplicates(String newName, DuplicateFilter filter) {
    return new Variant(newName, crash, byzantine, filter, clientReplies);
  }

  Variant withClientReplies(String newName, ClientReplies replies) {
    return new Variant(newName, crash, byzantine, duplicates, replies);
  }

  /** A crash-mode replica running this variant. */
  public ReplicatedLog crashCore(int id, CoreConfig config, StateMachine sm, Randomness random, DurableState durable) {
    return new ReplicatedLog(id, config, new CrashMode(config.replicaCount(), crash), duplicates, sm, random, durable);
  }

  /** A crash-mode replica running this variant whose first configuration is {@code initial}. */
  public ReplicatedLog crashCore(int id, CoreConfig config, StateMachine sm, Randomness random, DurableState durable,
      dev.bftpaxos.core.log.Configuration initial) {
    return new ReplicatedLog(id, config, new CrashMode(config.replicaCount(), crash), duplicates, sm, random, durable,
        initial);
  }

  /** A Byzantine-mode replica running this variant whose first configuration is {@code initial}. */
  public ReplicatedLog byzantineCore(int id, CoreConfig config, ByzantineKeys keys, StateMachine sm, Randomness random,
      DurableState durable, dev.bftpaxos.core.log.Configuration initial) {
    return new ReplicatedLog(id, config, new ByzantineMode(config, keys, byzantine), duplicates, sm, random, durable,
        initial);
  }

  /** A Byzantine-mode replica running this variant. */
  public ReplicatedLog byzantineCore(int id, CoreConfig config, ByzantineKeys keys, StateMachine sm, Randomness random,
      DurableState durable) {
    return new ReplicatedLog(id, config, new ByzantineMode(config, keys, byzantine), duplicates, sm,
        random, durable);
  }
}
