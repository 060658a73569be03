package dev.bftpaxos.history;

import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Random key-value histories that are linearizable by construction, plus mutations that make
 * them not linearizable. The checker can only be trusted if it says "yes" on every history that
 * certainly is linearizable and "no" on histories that certainly are not; this class produces
 * both, at sizes that also measure its speed.
 *
 * <p>Construction: a simulated store of registers and {@code processes} clients. Each step picks a
 * client at random and moves its operation one stage along: invoke, then (for operations that
 * will complete ok) an atomic effect on the store at a random later step - its linearization
 * point - then the ok line carrying the result. Operations may instead end {@code fail} (no
 * effect) or {@code info} (effect before the info line, at a random later time, or never), and
 * the invokes still outstanding at the end are left without completion. Since every effect
 * happens atomically between invoke and completion, the effects' order is a linearization.
 * Written values are unique (a counter, sometimes as a string), which is what makes the stale-read
 * mutation certainly non-linearizable.
 */
public final class HistoryGenerator {
  /**
   * Shape of a generated history.
   *
   * @param lines stop once this many lines have been written
   * @param keys number of keys ({@code k0}, {@code k1}, ...), chosen uniformly
   * @param processes number of concurrent clients
   * @param infoRate probability that an operation ends {@code info}
   * @param failRate probability that an operation ends {@code fail} without effect
   */
  public record Config(int lines, int keys, int processes, double infoRate, double failRate) {
    public Config {
      if (lines < 0 || keys < 1 || processes < 1 || infoRate < 0 || failRate < 0
          || infoRate + failRate > 1) {
        throw new IllegalArgumentException("bad generator config");
      }
    }

    /** A few percent info and fail, as a flaky network would produce. */
    public static Config standard(int lines, int keys, int processes) {
      return new Config(lines, keys, processes, 0.03, 0.03);
    }
  }

  private HistoryGenerator() {}

  private static final class Pending {
    final int process;
    final String f;
    final String key;
    final Object arg;
    final Kind planned;
    boolean applied;
    boolean casFailed;
    Object result;

    Pending(int process, String f, String key, Object arg, Kind planned) {
      this.process = process;
      this.f = f;
      this.key = key;
      this.arg = arg;
      this.planned = planned;
    }
  }

  /** A linearizable history in JSON-lines form. Deterministic in {@code seed}. */
  public static String generate(Config c, long seed) {
    Random rnd = new Random(seed);
    StringWriter text = new StringWriter(c.lines() * 72);
    HistoryWriter w = new HistoryWriter(text);
    Map<String, Object> store = new HashMap<>();
    Map<String, List<Object>> written = new HashMap<>();
    Pending[] procs = new Pending[c.processes()];
    List<Pending> lingering = new ArrayList<>();
    long[] counter = {0};
    while (w.lines() < c.lines()) {
      if (!lingering.isEmpty() && rnd.nextDouble() < 0.05) {
        apply(lingering.remove(rnd.nextInt(lingering.size())), store, written);
      }
      int p = rnd.nextInt(c.processes());
      Pending op = procs[p];
      if (op == null) {
        procs[p] = invoke(p, c, rnd, w, store, written, counter);
      } else if (!op.applied) {
        switch (op.planned) {
          case FAIL -> {
            w.fail(p, op.f, op.key, op.f.equals("get") ? null : op.arg);
            procs[p] = null;
          }
          case INFO -> {
            double r = rnd.nextDouble();
            if (r < 0.4) {
              apply(op, store, written);
            } else if (r < 0.7) {
              lingering.add(op); // takes effect later, maybe
            }
            w.info(p, op.f, op.key, op.f.equals("get") ? null : op.arg);
            procs[p] = null;
          }
          case OK -> apply(op, store, written);
        }
      } else {
        if (op.casFailed) {
          w.fail(p, op.f, op.key, op.arg);
        } else {
          w.ok(p, op.f, op.key, op.f.equals("get") ? op.result : op.arg);
        }
        procs[p] = null;
      }
    }
    return text.toString();
  }

  private static Pending invoke(int p, Config c, Random rnd, HistoryWriter w,
      Map<String, Object> store, Map<String, List<Object>> written, long[] counter) {
    String key = "k" + rnd.nextInt(c.keys());
    double r = rnd.nextDouble();
    String f = r < 0.35 ? "put" : r < 0.75 ? "get" : r < 0.85 ? "delete" : "cas";
    Object arg = null;
    if (f.equals("put")) {
      arg = fresh(rnd, counter);
    } else if (f.equals("cas")) {
      double e = rnd.nextDouble();
      List<Object> old = written.getOrDefault(key, List.of());
      Object expected = e < 0.6 ? store.get(key)
          : e < 0.85 && !old.isEmpty() ? old.get(rnd.nextInt(old.size())) : null;
      arg = new Cas(expected, fresh(rnd, counter));
    }
    double k = rnd.nextDouble();
    Kind planned = k < c.infoRate() ? Kind.INFO : k < c.infoRate() + c.failRate() ? Kind.FAIL
        : Kind.OK;
    w.invoke(p, f, key, arg);
    return new Pending(p, f, key, arg, planned);
  }

  private static Object fresh(Random rnd, long[] counter) {
    long n = ++counter[0];
    return rnd.nextDouble() < 0.3 ? "v" + n : (Object) n;
  }

  private static void apply(Pending op, Map<String, Object> store,
      Map<String, List<Object>> written) {
    op.applied = true;
    switch (op.f) {
      case "put" -> {
        store.put(op.key, op.arg);
        written.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op.arg);
      }
      case "delete" -> store.remove(op.key);
      case "get" -> op.result = store.get(op.key);
      case "cas" -> {
        Cas cas = (Cas) op.arg;
        if (Objects.equals(store.get(op.key), cas.expected())) {
          store.put(op.key, cas.replacement());
          written.computeIfAbsent(op.key, k -> new ArrayList<>()).add(cas.replacement());
        } else {
          op.casFailed = true;
        }
      }
      default -> throw new IllegalStateException(op.f);
    }
  }

  /**
   * Rewrites one random ok get to read a value no operation ever writes. The result is certainly
   * not linearizable. Empty when the history has no ok get.
   */
  public static Optional<String> mutateImpossibleRead(String history, Random rnd) {
    History h = parse(history);
    List<HistoryOp> gets = new ArrayList<>();
    for (HistoryOp op : h.ops()) {
      if (op.kind() == Kind.OK && op.f().equals("get")) {
        gets.add(op);
      }
    }
    if (gets.isEmpty()) {
      return Optional.empty();
    }
    HistoryOp g = gets.get(rnd.nextInt(gets.size()));
    return Optional.of(replaceRead(history, g, "never-written-" + rnd.nextInt(1_000_000)));
  }

  /**
   * Rewrites one random ok get g to read a value v such that the only write of v, an ok
   * operation w, was followed by an ok overwrite x (w completed before x was invoked) that
   * completed before g was invoked. With unique written values this is certainly not
   * linearizable. Empty when the history has no such candidate.
   */
  public static Optional<String> mutateStaleRead(String history, Random rnd) {
    History h = parse(history);
    List<HistoryOp> gets = new ArrayList<>();
    Map<String, List<Object[]>> staleWrites = new HashMap<>(); // key -> [value, overwrittenBy]
    for (Map.Entry<String, List<HistoryOp>> byKey : h.byKey().entrySet()) {
      List<HistoryOp> ops = byKey.getValue();
      Map<Object, List<HistoryOp>> writers = new HashMap<>();
      for (HistoryOp op : ops) {
        Object v = op.f().equals("put") ? op.value()
            : op.f().equals("cas") ? ((Cas) op.value()).replacement() : null;
        if (v != null && op.kind() != Kind.FAIL) {
          writers.computeIfAbsent(v, k -> new ArrayList<>()).add(op);
        }
        if (op.kind() == Kind.OK && op.f().equals("get")) {
          gets.add(op);
        }
      }
      List<Object[]> stale = new ArrayList<>();
      for (Map.Entry<Object, List<HistoryOp>> e : writers.entrySet()) {
        HistoryOp w = e.getValue().get(0);
        if (e.getValue().size() != 1 || w.kind() != Kind.OK) {
          continue;
        }
        // earliest completion of an ok overwrite invoked after w completed
        long overwrittenBy = Long.MAX_VALUE;
        for (HistoryOp x : ops) {
          if (x != w && x.kind() == Kind.OK && !x.f().equals("get")
              && x.invokeIndex() > w.completeIndex()) {
            overwrittenBy = Math.min(overwrittenBy, x.completeIndex());
          }
        }
        if (overwrittenBy != Long.MAX_VALUE) {
          stale.add(new Object[] {e.getKey(), overwrittenBy});
        }
      }
      staleWrites.put(byKey.getKey(), stale);
    }
    java.util.Collections.shuffle(gets, rnd);
    for (HistoryOp g : gets) {
      List<Object> eligible = new ArrayList<>();
      for (Object[] s : staleWrites.get(g.key())) {
        if ((Long) s[1] < g.invokeIndex() && !s[0].equals(g.result())) {
          eligible.add(s[0]);
        }
      }
      if (!eligible.isEmpty()) {
        return Optional.of(replaceRead(history, g, eligible.get(rnd.nextInt(eligible.size()))));
      }
    }
    return Optional.empty();
  }

  private static History parse(String history) {
    try {
      return HistoryParser.parse(history);
    } catch (HistoryFormatException e) {
      throw new IllegalArgumentException("not a valid history: " + e.getMessage(), e);
    }
  }

  private static String replaceRead(String history, HistoryOp get, Object value) {
    String[] lines = history.split("\n", -1);
    int idx = (int) get.completeIndex() - 1;
    lines[idx] = HistoryWriter.formatLine("ok", get.process(), "get", get.key(), value);
    return String.join("\n", lines);
  }
}
