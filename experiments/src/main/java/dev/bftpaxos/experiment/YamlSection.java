package dev.bftpaxos.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One mapping of a scenario file, read field by field so that every error names the file, the
 * dotted path of the field and what is allowed. Jackson's data binding would give "Unrecognized
 * field" with a Java class name; this gives {@code network.lossRte: unknown field (known: ...)}.
 */
final class YamlSection {
  private final Path file;
  private final String path;
  private final JsonNode node;

  private YamlSection(Path file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** The whole document; an empty document is an empty mapping. */
  static YamlSection root(Path file, JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return new YamlSection(file, "", null);
    }
    if (!node.isObject()) {
      throw new ScenarioFileException(file, "", "must be a mapping of fields (name: value), got " + describe(node));
    }
    return new YamlSection(file, "", node);
  }

  /** Fails on the first field not in {@code known}, suggesting the closest known name. */
  YamlSection allowOnly(String... known) {
    for (String name : names()) {
      if (!List.of(known).contains(name)) {
        String hint = closest(name, known);
        throw new ScenarioFileException(file, pathOf(name), "unknown field (known: " + String.join(", ", known) + ")"
            + (hint == null ? "" : "; did you mean '" + hint + "'?"));
      }
    }
    return this;
  }

  List<String> names() {
    List<String> names = new ArrayList<>();
    if (node != null) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
    }
    return names;
  }

  boolean has(String name) {
    return node != null && node.has(name);
  }

  /** The nested mapping {@code name}; absent or empty ({@code name:}) gives an empty section. */
  YamlSection section(String name) {
    JsonNode child = node == null ? null : node.get(name);
    if (child == null || child.isNull()) {
      return new YamlSection(file, pathOf(name), null);
    }
    if (!child.isObject()) {
      throw error(name, "must be a mapping of fields, got " + describe(child));
    }
    return new YamlSection(file, pathOf(name), child);
  }

  /** Every field of this mapping as a section of its own (for maps keyed by data, like links). */
  Map<String, JsonNode> entries() {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    }
    return m;
  }

  YamlSection child(String name, JsonNode value) {
    if (value == null || !value.isObject()) {
      throw error(name, "must be a mapping of fields, got " + describe(value));
    }
    return new YamlSection(file, pathOf(name), value);
  }

  JsonNode raw(String name) {
    return node == null ? null : node.get(name);
  }

  int integer(String name, int dflt, int min) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw error(name, "must be an integer >= " + min + ", got " + describe(v));
    }
    if (v.intValue() < min) {
      throw error(name, "must be >= " + min + ", got " + v.intValue());
    }
    return v.intValue();
  }

  long longValue(String name, long dflt, long min) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(name, "must be an integer >= " + min + ", got " + describe(v));
    }
    if (v.longValue() < min) {
      throw error(name, "must be >= " + min + ", got " + v.longValue());
    }
    return v.longValue();
  }

  /** A duration: integer microseconds or text with a unit ({@code 500ms}, {@code 2s}). */
  long micros(String name, long dflt) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      if (v.longValue() < 0) {
        throw error(name, "must not be negative, got " + v.longValue());
      }
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Durations.parseMicros(v.textValue());
      } catch (IllegalArgumentException e) {
        throw error(name, e.getMessage());
      }
    }
    throw error(name, "must be a duration: an integer number of microseconds or text like 250ms or 2s, got "
        + describe(v));
  }

  /** A probability in {@code [0, 1)}. */
  double rate(String name, double dflt) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() < 1)) {
      throw error(name, "must be a number in [0, 1) (a per-message probability), got " + describe(v));
    }
    return v.doubleValue();
  }

  boolean bool(String name, boolean dflt) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw error(name, "must be true or false, got " + describe(v));
    }
    return v.booleanValue();
  }

  String text(String name, String dflt) {
    JsonNode v = present(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw error(name, "must be text, got " + describe(v));
    }
    return v.textValue();
  }

  ScenarioFileException error(String name, String problem) {
    return new ScenarioFileException(file, pathOf(name), problem);
  }

  /** An error about this whole section (e.g. a rule between two of its fields). */
  ScenarioFileException error(String problem) {
    return new ScenarioFileException(file, path, problem);
  }

  String path() {
    return path;
  }

  private JsonNode present(String name) {
    JsonNode v = node == null ? null : node.get(name);
    if (v != null && v.isNull()) {
      throw error(name, "has no value (remove the line to use the default)");
    }
    return v;
  }

  private String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String describe(JsonNode v) {
    if (v == null || v.isNull()) {
      return "nothing";
    }
    if (v.isTextual()) {
      return "'" + v.textValue() + "'";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return v.toString();
  }

  /** The known name within edit distance 2 (or equal ignoring case), if there is one. */
  static String closest(String name, String... known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = k.equalsIgnoreCase(name) ? 0 : distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
