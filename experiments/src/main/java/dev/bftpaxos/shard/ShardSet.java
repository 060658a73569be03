package dev.bftpaxos.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shards a merge reads, checked to be one sweep: the same command and settings, and every
 * shard 0..N-1 exactly once. A missing shard, a shard given twice, or one that ran different
 * settings is an error that names it (and the setting), because merging them would quietly
 * report a different sweep from the one asked for.
 */
public final class ShardSet {
  private ShardSet() {}

  /** The shards in index order, or an IllegalArgumentException naming what does not fit. */
  public static List<ShardOutput> check(List<ShardOutput> given) {
    if (given.isEmpty()) {
      throw new IllegalArgumentException("no shard outputs given");
    }
    ShardOutput first = given.get(0);
    for (ShardOutput s : given) {
      if (!s.command().equals(first.command())) {
        throw new IllegalArgumentException(s.name() + " is a '" + s.command() + "' shard, but " + first.name()
            + " is a '" + first.command() + "' shard");
      }
      if (s.shard().count() != first.shard().count()) {
        throw new IllegalArgumentException(s.name() + " is one of " + s.shard().count() + " shards, but " + first.name()
            + " one of " + first.shard().count());
      }
      String difference = difference(first.settings(), s.settings());
      if (difference != null) {
        throw new IllegalArgumentException(s.name() + " ran different settings from " + first.name() + ": "
            + difference);
      }
    }
    Map<Integer, ShardOutput> byIndex = new TreeMap<>();
    for (ShardOutput s : given) {
      ShardOutput before = byIndex.putIfAbsent(s.shard().index(), s);
      if (before != null) {
        throw new IllegalArgumentException("shard " + s.shard().render() + " is given twice: " + before.source()
            + " and " + s.source());
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < first.shard().count(); i++) {
      if (!byIndex.containsKey(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException((missing.size() == 1 ? "shard " : "shards ") + join(missing) + " of "
          + first.shard().count() + (missing.size() == 1 ? " is" : " are") + " missing (given: "
          + join(new ArrayList<>(byIndex.keySet())) + ")");
    }
    return new ArrayList<>(byIndex.values());
  }

  /**
   * The first setting (in {@code a}'s order, then {@code b}'s) with different values, or null;
   * nested settings are named by their path, e.g. {@code options.--seeds}.
   */
  static String difference(ObjectNode a, ObjectNode b) {
    return difference("", a, b);
  }

  private static String difference(String prefix, ObjectNode a, ObjectNode b) {
    for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode other = b.get(e.getKey());
      if (e.getValue() instanceof ObjectNode x && other instanceof ObjectNode y) {
        String d = difference(prefix + e.getKey() + ".", x, y);
        if (d != null) {
          return d;
        }
      } else if (!e.getValue().equals(other)) {
        return prefix + e.getKey() + " " + shown(other) + " instead of " + shown(e.getValue());
      }
    }
    for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
      String k = it.next();
      if (!a.has(k)) {
        return prefix + k + " " + shown(b.get(k)) + ", a setting the other does not have";
      }
    }
    return null;
  }

  private static String shown(JsonNode v) {
    return v == null ? "(none)" : v.toString();
  }

  private static String join(List<Integer> xs) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < xs.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(xs.get(i));
    }
    return b.toString();
  }
}
