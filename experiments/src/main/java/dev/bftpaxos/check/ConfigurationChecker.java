package dev.bftpaxos.check;

import dev.bftpaxos.core.Executed;
import dev.bftpaxos.core.log.ConfigChange;
import dev.bftpaxos.core.log.Configuration;
import dev.bftpaxos.core.msg.Request;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * Agreement across configurations: every correct replica that executes a configuration change
 * must give it the same outcome, which names the new configuration's number and the first slot it
 * governs ({@code ok C<id> from <slot>}) or why it was refused. Replicas that disagree on either
 * count different quorums for the same slots, even where the batches they execute still agree. It
 * sees only what replicas executed, like {@link SafetyChecker}.
 */
public final class ConfigurationChecker {
  /** (slot, index in the batch) to the first outcome seen, and who saw it. */
  private final HashMap<String, String> outcomes = new HashMap<>();
  private final HashMap<String, Integer> firstReplica = new HashMap<>();
  private long changesDecided;
  /**
   * The configurations as correct replicas executed them: first slot governed, to the change (in
   * order of activation). Built from the changes and their outcomes alone, not from any replica's
   * state, so checkers can count a slot's certificate in its configuration.
   */
  private final java.util.TreeMap<Long, ConfigChange> changes = new java.util.TreeMap<>();

  /** The first violation this execution shows, or null. */
  public Violation onExecuted(int replica, Executed e) {
    for (int i = 0; i < e.batch().requests().size(); i++) {
      Request r = e.batch().requests().get(i);
      byte[] result = e.results().get(i);
      if (result == null || !ConfigChange.isChange(r.op())) {
        continue;
      }
      String key = e.slot() + "/" + i;
      String outcome = new String(result, StandardCharsets.UTF_8);
      String first = outcomes.putIfAbsent(key, outcome);
      if (first == null) {
        firstReplica.put(key, replica);
        if (outcome.startsWith("ok")) {
          changesDecided++;
          int from = outcome.lastIndexOf(" from ");
          ConfigChange change = ConfigChange.decode(r.op());
          if (from > 0 && change != null) {
            changes.put(Long.parseLong(outcome.substring(from + 6).trim()), change);
          }
        }
      } else if (!first.equals(outcome)) {
        return new Violation(Violation.AGREEMENT, "configuration change at slot " + e.slot() + ": replica "
            + firstReplica.get(key) + " made it '" + first + "' but replica " + replica + " '" + outcome + "'");
      }
    }
    return null;
  }

  /** The configuration governing {@code slot}, by the changes correct replicas executed so far, from {@code first}. */
  public Configuration at(long slot, Configuration first) {
    Configuration c = first;
    for (var e : changes.headMap(slot, true).values()) {
      c = c.apply(e);
    }
    return c;
  }

  /** Configuration changes that took effect (distinct slots). */
  public long changesDecided() {
    return changesDecided;
  }
}
