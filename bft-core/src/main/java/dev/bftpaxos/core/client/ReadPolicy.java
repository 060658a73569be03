package dev.bftpaxos.core.client;

import dev.bftpaxos.core.msg.Read;

/**
 * How a client reads outside the log, per kind: the rule for taking an answer (null: this kind is
 * not served outside the log here, so the read goes through it), and whether a linearizable read
 * is asked of every replica (Byzantine mode) or of the leader (crash mode).
 */
public record ReadPolicy(ReadRule stale, ReadRule linearizable, ReadRule lease, boolean askAllForLinearizable) {
  /** Crash mode: the first answer; linearizable and lease reads go to the leader. */
  public static final ReadPolicy CRASH = new ReadPolicy(ReadRule.FIRST, ReadRule.FIRST, ReadRule.FIRST, false);

  /**
   * Byzantine mode with answers checked over {@code Statements.readReply} under {@code configId}: what
   * the simulator's and the real client both use, so that the two cannot drift apart. An answer
   * counts only from a member of the configuration governing the slot it reflects, checked with
   * its key there (as replies are, {@link KnownConfigurations}); a linearizable read needs a quorum
   * of that configuration agreeing, each from one of its slots.
   */
  public static ReadPolicy byzantineSigned(dev.bftpaxos.crypto.Digest32 configId, KnownConfigurations configurations) {
    ReadRule.Verifier counts = a -> {
      KnownConfigurations.Known c = configurations.governing(a.slot());
      return c.members().contains(a.replica()) && c.keys().verify(a.replica(),
          dev.bftpaxos.crypto.Statements.readReply(configId, a.clientId(), a.readId(), a.kind().ordinal(), a.slot(),
              a.result() == null ? new byte[0] : a.result()), a.signature());
    };
    return new ReadPolicy(ReadRule.firstSigned(counts), ReadRule.matchingInConfiguration(configurations, counts), null,
        true);
  }

  ReadRule rule(Read.Kind kind) {
    return switch (kind) {
      case STALE -> stale;
      case LINEARIZABLE -> linearizable;
      case LEASE -> lease;
    };
  }
}
