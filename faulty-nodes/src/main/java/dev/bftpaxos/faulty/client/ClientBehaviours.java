package dev.bftpaxos.faulty.client;

import dev.bftpaxos.faulty.BehaviourParams;
import dev.bftpaxos.faulty.Registry;
import java.util.Map;
import java.util.function.Function;

/** The ready misbehaving clients by name, for scenarios and command-line flags. */
public final class ClientBehaviours {
  private static final Registry<ClientBehaviour> ALL = new Registry<>(ClientBehaviour.class, "client behaviour");

  static {
    add(ForgingClient.NAME, "Byzantine mode: requests with a bad or missing signature, another client's id, or its "
        + "own id plus k x 2^32, signed with its own key", "forge=bad+missing+other+wide (default all), every=TICKS "
        + "(default 2)", ForgingClient::fromParams);
    add(ReplayingClient.NAME, "its own requests, properly signed, with duplicate, rewritten (same seq, other op), old "
        + "and extreme (0, -1, max, min) sequence numbers", "replay=duplicate+rewrite+old+extreme (default all), "
        + "every=TICKS (default 2)", ReplayingClient::fromParams);
    add(FloodingClient.NAME, "floods every replica with distinct signed requests, never waiting for replies",
        "rate=REQUESTS_PER_TICK (default 16), reads=true|false (default false: also reads of every kind), "
        + "to=ID+ID (default: every replica)",
        FloodingClient::fromParams);
    add(OversizedClient.NAME, "operations one byte over batchBytesMax and, in turn, exactly batchBytesMax",
        "every=TICKS (default 1)", OversizedClient::fromParams);
  }

  private ClientBehaviours() {}

  /** Registers a client behaviour; names are unique. */
  public static void add(String name, String summary, String parameters,
      Function<BehaviourParams, ClientBehaviour> factory) {
    ALL.add(name, summary, parameters, factory);
  }

  /**
   * Builds the client behaviour a spec names: {@code name}, {@code name(key=value,...)}, or a class
   * on the classpath implementing {@link ClientBehaviour}, {@code com.example.MyClient(k=v)}.
   */
  public static ClientBehaviour byName(String spec) {
    return ALL.byName(spec);
  }

  public static Iterable<String> names() {
    return ALL.names();
  }

  public static Map<String, Registry.Entry<ClientBehaviour>> entries() {
    return ALL.entries();
  }
}
