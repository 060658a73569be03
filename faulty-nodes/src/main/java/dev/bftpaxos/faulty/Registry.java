package dev.bftpaxos.faulty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Ready behaviours of one kind (replicas' or clients') by name, and how a spec becomes one: a ready
 * name with parameters, or the class name of a behaviour a user wrote ({@link BehaviourClasses}).
 */
public final class Registry<T> {
  /** One ready behaviour: its name, a one-line summary, its parameters, and how to build it. */
  public record Entry<T>(String name, String summary, String parameters, Function<BehaviourParams, T> factory) {}

  private final Map<String, Entry<T>> all = new LinkedHashMap<>();
  private final Class<T> type;
  private final String kind;

  /** {@code kind} names the kind in messages: "behaviour", "client behaviour". */
  public Registry(Class<T> type, String kind) {
    this.type = type;
    this.kind = kind;
  }

  /** Registers a ready behaviour; names are unique. */
  public synchronized void add(String name, String summary, String parameters, Function<BehaviourParams, T> factory) {
    if (all.containsKey(name)) {
      throw new IllegalStateException(kind + " " + name + " registered twice");
    }
    all.put(name, new Entry<>(name, summary, parameters, factory));
  }

  /**
   * Builds what a spec names: {@code name}, {@code name(key=value,...)}, or a class on the classpath
   * implementing the registry's type, {@code com.example.Mine(k=v)}. Throws IllegalArgumentException
   * with a reason a person can act on.
   */
  public T byName(String spec) {
    BehaviourSpec parsed = BehaviourSpec.parse(spec);
    BehaviourParams params = new BehaviourParams(parsed.name(), parsed.params());
    T built;
    if (parsed.isClassName()) {
      built = BehaviourClasses.load(parsed.name(), type, params);
    } else {
      Entry<T> e = all.get(parsed.name());
      if (e == null) {
        throw new IllegalArgumentException("unknown " + kind + " '" + parsed.name() + "' (known: "
            + String.join(", ", all.keySet()) + ", or a class name implementing " + type.getName() + ")");
      }
      built = e.factory().apply(params);
    }
    params.requireAllRead();
    return built;
  }

  public Iterable<String> names() {
    return Collections.unmodifiableSet(all.keySet());
  }

  public Map<String, Entry<T>> entries() {
    return Collections.unmodifiableMap(all);
  }
}
