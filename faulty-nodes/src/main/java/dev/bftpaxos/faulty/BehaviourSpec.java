package dev.bftpaxos.faulty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A behaviour as text: {@code name} or {@code name(key=value,...)}; and which replicas run which,
 * {@code 0=equivocating-proposer,3=silent-node(to=1+2)} (commas inside parentheses belong to the
 * behaviour). Parsing throws IllegalArgumentException with a reason a person can act on.
 */
public record BehaviourSpec(String name, Map<String, String> params) {
  public BehaviourSpec {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public static BehaviourSpec parse(String text) {
    String t = text.trim();
    int open = t.indexOf('(');
    if (open < 0) {
      requireName(t, text);
      return new BehaviourSpec(t, Map.of());
    }
    if (!t.endsWith(")")) {
      throw new IllegalArgumentException("behaviour '" + text + "' opens '(' but does not end with ')'");
    }
    String name = t.substring(0, open).trim();
    requireName(name, text);
    Map<String, String> params = new LinkedHashMap<>();
    String inner = t.substring(open + 1, t.length() - 1).trim();
    if (!inner.isEmpty()) {
      for (String kv : inner.split(",")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("behaviour '" + text + "': parameter '" + kv.trim() + "' is not key=value");
        }
        String key = kv.substring(0, eq).trim();
        if (params.put(key, kv.substring(eq + 1).trim()) != null) {
          throw new IllegalArgumentException("behaviour '" + text + "': parameter '" + key + "' given twice");
        }
      }
    }
    return new BehaviourSpec(name, params);
  }

  private static final String READY_NAME = "[a-z][a-z0-9-]*";
  private static final String JAVA_ID = "[A-Za-z_$][A-Za-z0-9_$]*";
  private static final String CLASS_NAME = "(" + JAVA_ID + "\\.)+" + JAVA_ID;

  private static void requireName(String name, String text) {
    if (!name.matches(READY_NAME) && !name.matches(CLASS_NAME)) {
      throw new IllegalArgumentException("'" + text + "' is not a behaviour name like silent-node or "
          + "silent-node(to=1+2), nor a class name like com.example.MyBehaviour");
    }
  }

  /** Whether the name is a fully qualified class name (a behaviour a user wrote) rather than a ready one's. */
  public boolean isClassName() {
    return name.indexOf('.') >= 0;
  }

  /** Parses {@code id=spec,id=spec}. */
  public static SortedMap<Integer, String> parseAssignments(String text) {
    SortedMap<Integer, String> out = new TreeMap<>();
    for (String part : splitTopLevel(text)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + part + "' is not ID=BEHAVIOUR, e.g. 0=equivocating-proposer");
      }
      int id;
      try {
        id = Integer.parseInt(part.substring(0, eq).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "': replica id '" + part.substring(0, eq).trim() + "' is not a number");
      }
      String spec = part.substring(eq + 1).trim();
      parse(spec);
      if (out.put(id, spec) != null) {
        throw new IllegalArgumentException("replica " + id + " is given two behaviours");
      }
    }
    return out;
  }

  /**
   * Parses {@code spec,spec,...} (commas inside parentheses belong to the behaviour), e.g. the
   * faulty clients {@code flooding-client(rate=32),forging-client}; each spec is checked for form.
   */
  public static java.util.List<String> parseList(String text) {
    java.util.List<String> out = splitTopLevel(text);
    out.forEach(BehaviourSpec::parse);
    return out;
  }

  /** The non-empty, trimmed parts of {@code text} between commas outside parentheses. */
  private static java.util.List<String> splitTopLevel(String text) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        throw new IllegalArgumentException("unbalanced parentheses in '" + text + "': a ')' without its '('");
      } else if (c == ',' && depth == 0) {
        String part = text.substring(start, i).trim();
        start = i + 1;
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced parentheses in '" + text + "': every '(' needs a ')'");
    }
    return out;
  }

  /** The inverse of {@link #parseAssignments}. */
  public static String renderAssignments(Map<Integer, String> byReplica) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<Integer, String> e : new TreeMap<>(byReplica).entrySet()) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(e.getKey()).append('=').append(e.getValue());
    }
    return b.toString();
  }
}
