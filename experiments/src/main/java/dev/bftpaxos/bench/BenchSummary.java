package dev.bftpaxos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.core.bft.Quorums;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns JMH JSON results ({@code -rf json}) of the benchmarks in this package into the Markdown
 * tables of docs/BENCHMARKS.md: per slot as measured, then per committed request (per slot
 * divided by {@code b}) for one replica, the client and the whole cluster, and the throughput
 * ceilings those imply. Where the results carry {@link CpuTimeProfiler}'s {@code ·cpu.worker}
 * figure, the per-request table uses CPU time, otherwise wall time.
 *
 * <pre>
 *   java -cp experiments/target/bft-paxos.jar dev.bftpaxos.bench.BenchSummary result.json [more.json ...]
 * </pre>
 */
public final class BenchSummary {
  private static final String PACKAGE = "dev.bftpaxos.bench.";
  static final String CPU = "·cpu.worker";

  /** One benchmark's result for one parameter combination. */
  record Row(String benchmark, Map<String, String> params, double wall, double wallError, double cpu) {
    String param(String name) {
      return params.getOrDefault(name, "");
    }

    int intParam(String name) {
      return Integer.parseInt(param(name));
    }

    /** CPU time per op if measured, else wall time. */
    double cost() {
      return Double.isNaN(cpu) ? wall : cpu;
    }
  }

  private final List<Row> rows;

  BenchSummary(List<Row> rows) {
    this.rows = rows;
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: BenchSummary RESULT.json [MORE.json ...]   (JMH results written with -rf json)");
      System.exit(2);
    }
    List<Row> rows = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String a : args) {
      rows.addAll(parse(json.readTree(Path.of(a).toFile())));
    }
    new BenchSummary(rows).print(System.out);
  }

  static List<Row> parse(JsonNode results) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode r : results) {
      String name = r.path("benchmark").asText();
      if (!name.startsWith(PACKAGE)) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      JsonNode primary = r.path("primaryMetric");
      if (!"us/op".equals(primary.path("scoreUnit").asText())) {
        throw new IllegalArgumentException(name + ": expected scores in us/op, got " + primary.path("scoreUnit"));
      }
      JsonNode cpu = r.path("secondaryMetrics").path(CPU);
      rows.add(new Row(name.substring(PACKAGE.length()), params, primary.path("score").asDouble(),
          primary.path("scoreError").asDouble(Double.NaN), cpu.isMissingNode() ? Double.NaN : cpu.path("score").asDouble()));
    }
    return rows;
  }

  void print(PrintStream out) {
    boolean cpu = rows.stream().anyMatch(r -> !Double.isNaN(r.cpu));
    printSlots(out);
    printPerRequest(out, cpu);
    printCertificates(out);
    printSignatures(out);
  }

  private Row find(String benchmark, String scheme, String n, String b) {
    for (Row r : rows) {
      if (r.benchmark.equals(benchmark) && r.param("scheme").equals(scheme) && (n == null || r.param("n").equals(n))
          && (b == null || r.param("b").equals(b))) {
        return r;
      }
    }
    return null;
  }

  /** (scheme, n, b) combinations SlotCryptoBench has all three roles for, in a stable order. */
  private List<String[]> slotKeys() {
    TreeSet<String[]> keys = new TreeSet<>(Comparator.<String[], String>comparing(k -> k[0])
        .thenComparingInt(k -> Integer.parseInt(k[1])).thenComparingInt(k -> Integer.parseInt(k[2])));
    for (Row r : rows) {
      if (r.benchmark.startsWith("SlotCryptoBench.")) {
        String[] k = {r.param("scheme"), r.param("n"), r.param("b")};
        if (find("SlotCryptoBench.acceptorSlot", k[0], k[1], k[2]) != null
            && find("SlotCryptoBench.leaderSlot", k[0], k[1], k[2]) != null
            && find("SlotCryptoBench.clientsSlot", k[0], k[1], k[2]) != null) {
          keys.add(k);
        }
      }
    }
    return new ArrayList<>(keys);
  }

  private void printSlots(PrintStream out) {
    List<String[]> keys = slotKeys();
    if (keys.isEmpty()) {
      return;
    }
    out.println("Per committed slot, microseconds (wall time ± JMH's 99.9% error; CPU time of the benchmark thread):");
    out.println();
    out.println("| scheme | n | q | b | acceptor wall | acceptor CPU | leader wall | leader CPU | clients wall | clients CPU |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String[] k : keys) {
      Row a = find("SlotCryptoBench.acceptorSlot", k[0], k[1], k[2]);
      Row l = find("SlotCryptoBench.leaderSlot", k[0], k[1], k[2]);
      Row c = find("SlotCryptoBench.clientsSlot", k[0], k[1], k[2]);
      out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", k[0], k[1],
          Quorums.quorum(Integer.parseInt(k[1])), k[2], wall(a), num(a.cpu), wall(l), num(l.cpu), wall(c), num(c.cpu));
    }
    out.println();
  }

  private void printPerRequest(PrintStream out, boolean cpu) {
    List<String[]> keys = slotKeys();
    if (keys.isEmpty()) {
      return;
    }
    out.println("Per committed request (per slot / b), microseconds of " + (cpu ? "CPU" : "wall") + " time; "
        + "cluster = (leader + (n-1) acceptors + clients) / b; ceilings if signing and verifying were the only work:");
    out.println();
    out.println("| scheme | n | b | acceptor | leader | client | cluster | one replica, req/s per core "
        + "| whole cluster on 2 cores, req/s |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String[] k : keys) {
      int n = Integer.parseInt(k[1]);
      int b = Integer.parseInt(k[2]);
      double a = find("SlotCryptoBench.acceptorSlot", k[0], k[1], k[2]).cost() / b;
      double l = find("SlotCryptoBench.leaderSlot", k[0], k[1], k[2]).cost() / b;
      double c = find("SlotCryptoBench.clientsSlot", k[0], k[1], k[2]).cost() / b;
      double cluster = l + (n - 1) * a + c;
      out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |%n", k[0], n, b, num(a), num(l), num(c),
          num(cluster), rate(1e6 / Math.max(a, l)), rate(2e6 / cluster));
    }
    out.println();
  }

  private void printCertificates(PrintStream out) {
    List<Row> direct = rows.stream().filter(r -> r.benchmark.equals("CertificateVerifyBench.direct")).toList();
    if (direct.isEmpty()) {
      return;
    }
    out.println("Commit certificate (q COMMIT signatures) verification, microseconds per certificate:");
    out.println();
    out.println("| scheme | n | q | direct wall | direct CPU | cached hit wall | cached hit CPU |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Row d : sorted(direct)) {
      Row h = find("CertificateVerifyBench.cachedHit", d.param("scheme"), d.param("n"), null);
      out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n", d.param("scheme"), d.param("n"),
          Quorums.quorum(d.intParam("n")), wall(d), num(d.cpu), h == null ? "" : wall(h), h == null ? "" : num(h.cpu));
    }
    out.println();
  }

  private void printSignatures(PrintStream out) {
    List<Row> sign = rows.stream().filter(r -> r.benchmark.equals("SignatureBench.sign")).toList();
    if (sign.isEmpty()) {
      return;
    }
    out.println("One signature / one verification over a 102-byte ACCEPT statement, microseconds:");
    out.println();
    out.println("| scheme | sign wall | sign CPU | verify wall | verify CPU |");
    out.println("| --- | ---: | ---: | ---: | ---: |");
    for (Row s : sorted(sign)) {
      Row v = find("SignatureBench.verify", s.param("scheme"), null, null);
      out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", s.param("scheme"), wall(s), num(s.cpu),
          v == null ? "" : wall(v), v == null ? "" : num(v.cpu));
    }
    out.println();
  }

  private static List<Row> sorted(List<Row> rows) {
    return rows.stream().sorted(Comparator.comparing((Row r) -> r.param("scheme"))
        .thenComparing(r -> r.params.containsKey("n") ? r.intParam("n") : 0)).toList();
  }

  private static String wall(Row r) {
    return Double.isNaN(r.wallError) ? num(r.wall) : num(r.wall) + " ± " + num(r.wallError);
  }

  /** Three significant digits, no exponent. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** A rate, rounded to three significant digits. */
  static String rate(double perSecond) {
    if (perSecond <= 0 || Double.isInfinite(perSecond) || Double.isNaN(perSecond)) {
      return "";
    }
    double scale = Math.pow(10, Math.floor(Math.log10(perSecond)) - 2);
    return String.format(Locale.ROOT, "%,.0f", Math.round(perSecond / scale) * scale);
  }
}
