package dev.bftpaxos.faulty;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one behaviour as written in a spec, {@code name(key=value,key=value)}; list
 * values separate items with {@code +} ({@code to=1+2}). A behaviour reads what it knows; any key
 * it did not read is an error, so a typo never silently runs the default attack.
 */
public final class BehaviourParams {
  private final String behaviour;
  private final Map<String, String> values;
  private final Set<String> read = new HashSet<>();

  public BehaviourParams(String behaviour, Map<String, String> values) {
    this.behaviour = behaviour;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static BehaviourParams none(String behaviour) {
    return new BehaviourParams(behaviour, Map.of());
  }

  public Map<String, String> values() {
    return values;
  }

  public boolean has(String key) {
    read.add(key);
    return values.containsKey(key);
  }

  public String text(String key, String dflt) {
    read.add(key);
    return values.getOrDefault(key, dflt);
  }

  /** One of {@code choices}. */
  public String choice(String key, String dflt, String... choices) {
    String v = text(key, dflt);
    for (String c : choices) {
      if (c.equals(v)) {
        return v;
      }
    }
    throw bad(key, v, "one of " + String.join(", ", choices));
  }

  public int integer(String key, int dflt, int min, int max) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw bad(key, v, "an integer in " + min + ".." + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw bad(key, v, "an integer in " + min + ".." + max);
    }
  }

  public double probability(String key, double dflt) {
    String v = text(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (!(d >= 0 && d <= 1)) {
        throw bad(key, v, "a probability in 0..1");
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad(key, v, "a probability in 0..1");
    }
  }

  /** A {@code +}-separated set of replica ids, or null when absent. */
  public Set<Integer> replicas(String key) {
    String v = text(key, null);
    if (v == null) {
      return null;
    }
    Set<Integer> out = new TreeSet<>();
    for (String p : v.split("\\+")) {
      try {
        int i = Integer.parseInt(p.trim());
        if (i < 0) {
          throw bad(key, v, "replica ids >= 0 separated by '+'");
        }
        out.add(i);
      } catch (NumberFormatException e) {
        throw bad(key, v, "replica ids separated by '+', e.g. 1+2");
      }
    }
    return out;
  }

  /** A {@code +}-separated set of words, each one of {@code allowed}, or null when absent. */
  public Set<String> words(String key, Set<String> allowed) {
    String v = text(key, null);
    if (v == null) {
      return null;
    }
    Set<String> out = new TreeSet<>();
    for (String p : v.split("\\+")) {
      String w = p.trim();
      if (!allowed.contains(w)) {
        throw bad(key, v, "words from " + new TreeSet<>(allowed) + " separated by '+'");
      }
      out.add(w);
    }
    return out;
  }

  /** Fails on any parameter the behaviour did not read. */
  public void requireAllRead() {
    for (String k : values.keySet()) {
      if (!read.contains(k)) {
        throw new IllegalArgumentException("behaviour " + behaviour + " has no parameter '" + k + "'"
            + (read.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", new TreeSet<>(read)) + ")"));
      }
    }
  }

  private IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(behaviour + ": parameter " + key + "=" + value + " must be " + expected);
  }
}
