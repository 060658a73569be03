package dev.bftpaxos.replica.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bftpaxos.replica.transport.LinkShaping;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster file's optional {@code network:} section: the fields of a scenario file's
 * {@code network:} section (so one description serves a simulated and a real run), plus
 * {@code bandwidthBytesPerSecond} and {@code seed}. Times are microseconds, as integers or with a
 * unit ({@code 500us}, {@code 2ms}, {@code 1s}).
 *
 * <pre>
 * network:
 *   delay: {uniform: {minMicros: 200, maxMicros: 600}}     # or exponential: {minMicros, meanExtraMicros}
 *   links: {"0-2": {exponential: {minMicros: 2ms, meanExtraMicros: 1ms}}}
 *   lossRate: 0.01
 *   duplicateRate: 0
 *   reorderRate: 0
 *   reorderDelayMicros: 2ms
 *   bandwidthBytesPerSecond: 12500000                      # 0: no limit
 *   seed: 1
 * </pre>
 */
final class NetworkSection {
  private static final Set<String> FIELDS = Set.of("delay", "links", "lossRate", "duplicateRate", "reorderRate",
      "reorderDelayMicros", "bandwidthBytesPerSecond", "seed");
  private static final Pattern LINK = Pattern.compile("(\\d{1,2})-(\\d{1,2})");
  private static final Pattern TIME = Pattern.compile("(\\d{1,12})\\s*(us|ms|s)?");

  private final Path file;

  NetworkSection(Path file) {
    this.file = file;
  }

  /** The shaping {@code v} describes for a cluster of {@code n}; {@link LinkShaping#NONE} if absent. */
  LinkShaping read(JsonNode v, int n) throws ClusterConfigException {
    if (v == null || v.isNull()) {
      return LinkShaping.NONE;
    }
    if (!v.isObject()) {
      throw new ClusterConfigException(file, "network", "expected a mapping, got " + v);
    }
    unknown(v, FIELDS, "network.");
    LinkShaping.Delay delay = v.has("delay") ? delay(v.get("delay"), "network.delay") : new LinkShaping.Delay.Uniform(0, 0);
    Map<String, LinkShaping.Delay> links = new LinkedHashMap<>();
    JsonNode ls = v.get("links");
    if (ls != null && !ls.isNull()) {
      if (!ls.isObject()) {
        throw new ClusterConfigException(file, "network.links", "expected a mapping of \"a-b\" to a delay, got " + ls);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = ls.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = "network.links." + e.getKey();
        Matcher m = LINK.matcher(e.getKey().trim());
        if (!m.matches()) {
          throw new ClusterConfigException(file, at, "a link is named 'a-b' by two replica ids, e.g. '0-2'");
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        if (a == b || a >= n || b >= n) {
          throw new ClusterConfigException(file, at, "needs two different replicas in 0.." + (n - 1));
        }
        if (links.put(Math.min(a, b) + "-" + Math.max(a, b), delay(e.getValue(), at)) != null) {
          throw new ClusterConfigException(file, at, "this link is given twice");
        }
      }
    }
    double loss = rate(v, "lossRate");
    double dup = rate(v, "duplicateRate");
    double reorder = rate(v, "reorderRate");
    long reorderDelay = v.has("reorderDelayMicros") ? micros(v.get("reorderDelayMicros"), "network.reorderDelayMicros")
        : reorder > 0 ? 2_000 : 0;
    long bandwidth = 0;
    if (v.has("bandwidthBytesPerSecond")) {
      JsonNode b = v.get("bandwidthBytesPerSecond");
      if (!b.isIntegralNumber() || !b.canConvertToLong() || b.asLong() < 0 || b.asLong() > (1L << 40)) {
        throw new ClusterConfigException(file, "network.bandwidthBytesPerSecond",
            "is " + b + ", expected an integer from 0 (no limit) to 2^40");
      }
      bandwidth = b.asLong();
    }
    long seed = 1;
    if (v.has("seed")) {
      JsonNode s = v.get("seed");
      if (!s.isIntegralNumber() || !s.canConvertToLong()) {
        throw new ClusterConfigException(file, "network.seed", "is " + s + ", expected an integer");
      }
      seed = s.asLong();
    }
    return new LinkShaping(delay, links, loss, dup, reorder, reorderDelay, bandwidth, seed);
  }

  /** The section in the form {@link #read} takes back, or "" for no shaping. */
  static String format(LinkShaping s) {
    if (s.isNone()) {
      return "";
    }
    StringBuilder b = new StringBuilder("network:                     # replica-to-replica shaping (docs/OPERATIONS.md)\n");
    b.append("  delay: ").append(delay(s.delay())).append('\n');
    if (!s.links().isEmpty()) {
      b.append("  links:\n");
      new TreeMap<>(s.links()).forEach((k, d) -> b.append("    \"").append(k).append("\": ").append(delay(d)).append('\n'));
    }
    b.append(String.format(Locale.ROOT, "  lossRate: %s%n  duplicateRate: %s%n  reorderRate: %s%n",
        s.lossRate(), s.duplicateRate(), s.reorderRate()));
    b.append("  reorderDelayMicros: ").append(s.reorderDelayMicros()).append('\n');
    b.append("  bandwidthBytesPerSecond: ").append(s.bandwidthBytesPerSecond()).append('\n');
    b.append("  seed: ").append(s.seed()).append('\n');
    return b.toString();
  }

  private static String delay(LinkShaping.Delay d) {
    if (d instanceof LinkShaping.Delay.Uniform u) {
      return "{uniform: {minMicros: " + u.minMicros() + ", maxMicros: " + u.maxMicros() + "}}";
    }
    LinkShaping.Delay.Exponential x = (LinkShaping.Delay.Exponential) d;
    return "{exponential: {minMicros: " + x.minMicros() + ", meanExtraMicros: " + x.meanExtraMicros() + "}}";
  }

  private LinkShaping.Delay delay(JsonNode v, String at) throws ClusterConfigException {
    if (v == null || !v.isObject() || v.size() != 1 || !(v.has("uniform") || v.has("exponential"))) {
      throw new ClusterConfigException(file, at, "give exactly one of 'uniform: {minMicros, maxMicros}' or "
          + "'exponential: {minMicros, meanExtraMicros}'");
    }
    try {
      if (v.has("uniform")) {
        JsonNode u = v.get("uniform");
        unknown(u, Set.of("minMicros", "maxMicros"), at + ".uniform.");
        return new LinkShaping.Delay.Uniform(required(u, "minMicros", at + ".uniform."),
            required(u, "maxMicros", at + ".uniform."));
      }
      JsonNode x = v.get("exponential");
      unknown(x, Set.of("minMicros", "meanExtraMicros"), at + ".exponential.");
      return new LinkShaping.Delay.Exponential(required(x, "minMicros", at + ".exponential."),
          required(x, "meanExtraMicros", at + ".exponential."));
    } catch (IllegalArgumentException e) {
      throw new ClusterConfigException(file, at, e.getMessage());
    }
  }

  private long required(JsonNode obj, String name, String at) throws ClusterConfigException {
    if (!obj.has(name)) {
      throw new ClusterConfigException(file, at + name, "missing");
    }
    return micros(obj.get(name), at + name);
  }

  private long micros(JsonNode v, String at) throws ClusterConfigException {
    if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0 && v.asLong() <= LinkShaping.DELAY_MICROS_MAX) {
      return v.asLong();
    }
    Matcher m = v.isTextual() ? TIME.matcher(v.asText().trim()) : null;
    if (m != null && m.matches()) {
      long x = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "us" : m.group(2);
      long us = unit.equals("us") ? x : unit.equals("ms") ? x * 1_000 : x * 1_000_000;
      if (us <= LinkShaping.DELAY_MICROS_MAX) {
        return us;
      }
    }
    throw new ClusterConfigException(file, at, "is " + v + ", expected a time from 0 to 60s (microseconds, or with "
        + "a unit: 500us, 2ms, 1s)");
  }

  private double rate(JsonNode obj, String name) throws ClusterConfigException {
    if (!obj.has(name)) {
      return 0;
    }
    JsonNode v = obj.get(name);
    if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() < 1)) {
      throw new ClusterConfigException(file, "network." + name, "is " + v + ", expected a number in [0, 1)");
    }
    return v.asDouble();
  }

  private void unknown(JsonNode obj, Set<String> known, String at) throws ClusterConfigException {
    if (!obj.isObject()) {
      throw new ClusterConfigException(file, at.substring(0, at.length() - 1), "expected a mapping, got " + obj);
    }
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new ClusterConfigException(file, at + f, "unknown field (known: " + String.join(", ",
            new java.util.TreeSet<>(known)) + ")");
      }
    }
  }
}
