package dev.bftpaxos.faulty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The ready misbehaviours by name, for scenarios and command-line flags. */
public final class Behaviours {
  private static final Map<String, Supplier<Behaviour>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("equivocating-proposer", EquivocatingProposer::new);
    ALL.put("lying-replier", LyingReplier::new);
    ALL.put("new-ballot-forger", NewBallotForger::new);
    ALL.put("silent-node", SilentNode::new);
    ALL.put("replayer", Replayer::new);
    ALL.put("forgetful-promiser", ForgetfulPromiser::new);
  }

  private Behaviours() {}

  public static Behaviour byName(String name) {
    Supplier<Behaviour> s = ALL.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown behaviour '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
    }
    return s.get();
  }

  public static Iterable<String> names() {
    return ALL.keySet();
  }
}
