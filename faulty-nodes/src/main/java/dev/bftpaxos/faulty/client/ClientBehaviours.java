package dev.bftpaxos.faulty.client;

import dev.bftpaxos.faulty.BehaviourClasses;
import dev.bftpaxos.faulty.BehaviourParams;
import dev.bftpaxos.faulty.BehaviourSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The ready misbehaving clients by name, for scenarios and command-line flags. */
public final class ClientBehaviours {
  /** One ready client behaviour: its name, a one-line summary, its parameters, and how to build it. */
  public record Entry(String name, String summary, String parameters, Function<BehaviourParams, ClientBehaviour> factory) {}

  private static final Map<String, Entry> ALL = new LinkedHashMap<>();

  static {
    add(ForgingClient.NAME, "Byzantine mode: requests with a bad or missing signature, another client's id, or its "
        + "own id plus k x 2^32, signed with its own key", "forge=bad+missing+other+wide (default all), every=TICKS "
        + "(default 2)", ForgingClient::fromParams);
    add(ReplayingClient.NAME, "its own requests, properly signed, with duplicate, rewritten (same seq, other op), old "
        + "and extreme (0, -1, max, min) sequence numbers", "replay=duplicate+rewrite+old+extreme (default all), "
        + "every=TICKS (default 2)", ReplayingClient::fromParams);
    add(FloodingClient.NAME, "floods every replica with distinct signed requests, never waiting for replies",
        "rate=REQUESTS_PER_TICK (default 16), reads=true|false (default false: also reads of every kind)",
        FloodingClient::fromParams);
    add(OversizedClient.NAME, "operations one byte over batchBytesMax and, in turn, exactly batchBytesMax",
        "every=TICKS (default 1)", OversizedClient::fromParams);
  }

  private ClientBehaviours() {}

  /** Registers a client behaviour; names are unique. */
  public static synchronized void add(String name, String summary, String parameters,
      Function<BehaviourParams, ClientBehaviour> factory) {
    if (ALL.containsKey(name)) {
      throw new IllegalStateException("client behaviour " + name + " registered twice");
    }
    ALL.put(name, new Entry(name, summary, parameters, factory));
  }

  /**
   * Builds the client behaviour a spec names: {@code name}, {@code name(key=value,...)}, or a class
   * on the classpath implementing {@link ClientBehaviour}, {@code com.example.MyClient(k=v)}.
   */
  public static ClientBehaviour byName(String spec) {
    BehaviourSpec parsed = BehaviourSpec.parse(spec);
    BehaviourParams params = new BehaviourParams(parsed.name(), parsed.params());
    ClientBehaviour b;
    if (parsed.isClassName()) {
      b = BehaviourClasses.load(parsed.name(), ClientBehaviour.class, params);
    } else {
      Entry e = ALL.get(parsed.name());
      if (e == null) {
        throw new IllegalArgumentException("unknown client behaviour '" + parsed.name() + "' (known: "
            + String.join(", ", ALL.keySet()) + ", or a class name implementing " + ClientBehaviour.class.getName() + ")");
      }
      b = e.factory().apply(params);
    }
    params.requireAllRead();
    return b;
  }

  public static Iterable<String> names() {
    return Collections.unmodifiableSet(ALL.keySet());
  }

  public static Map<String, Entry> entries() {
    return Collections.unmodifiableMap(ALL);
  }
}
