package dev.bftpaxos.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The profile of one run: CPU per committed operation by category, per process and in total, as text, CSV, JSON. */
public final class ProfileReport {
  /** Above this share of the machine's cores the run is called CPU-bound. */
  static final double CPU_BOUND_SHARE = 0.9;

  /** One process: seconds of CPU per category over the window, and its time in force. */
  public record Process(String label, long pid, EnumMap<CpuCategory, Double> seconds, double forceSeconds, long forces,
      Map<String, Double> unsampledByName) {
    double total() {
      return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private final String mode;
  private final int n;
  private final int clients;
  private final int valueBytes;
  private final double opsPerSecond;
  private final double windowSeconds;
  private final int cores;
  /** Cores busy on average over the window, the cluster's work and anything else on the machine. */
  private final double machineBusyCores;
  private final List<Process> processes;

  public ProfileReport(String mode, int n, int clients, int valueBytes, double opsPerSecond, double windowSeconds,
      int cores, double machineBusyCores, List<Process> processes) {
    this.mode = mode;
    this.n = n;
    this.clients = clients;
    this.valueBytes = valueBytes;
    this.opsPerSecond = opsPerSecond;
    this.windowSeconds = windowSeconds;
    this.cores = cores;
    this.machineBusyCores = machineBusyCores;
    this.processes = List.copyOf(processes);
  }

  private double ops() {
    return opsPerSecond * windowSeconds;
  }

  /** The processes and, last, their sum (force time of the replicas only: the client does not write a log). */
  private List<Process> rows() {
    List<Process> rows = new ArrayList<>(processes);
    EnumMap<CpuCategory, Double> sum = new EnumMap<>(CpuCategory.class);
    double force = 0;
    long forces = 0;
    for (Process p : processes) {
      p.seconds().forEach((k, v) -> sum.merge(k, v, Double::sum));
      force += p.forceSeconds();
      forces += p.forces();
    }
    rows.add(new Process("all", 0, sum, force, forces, Map.of()));
    return rows;
  }

  private double usPerOp(double seconds) {
    return ops() > 0 ? seconds * 1e6 / ops() : Double.NaN;
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "profile  %s n=%d, %d clients, %d B values: %.0f ops/s over a %.1f s window%n",
        mode, n, clients, valueBytes, opsPerSecond, windowSeconds));
    b.append(String.format(Locale.ROOT, "%-12s %8s %6s %8s", "process", "pid", "cpu%", "us/op"));
    for (CpuCategory k : CpuCategory.values()) {
      b.append(String.format(Locale.ROOT, " %" + Math.max(6, k.label.length()) + "s", k.label));
    }
    b.append(String.format(Locale.ROOT, " %12s%n", "fsync-wait"));
    Process all = null;
    for (Process p : rows()) {
      all = p;
      b.append(String.format(Locale.ROOT, "%-12s %8s %5.0f%% %8.0f", p.label(), p.pid() == 0 ? "" : Long.toString(p.pid()),
          100 * p.total() / windowSeconds, usPerOp(p.total())));
      for (CpuCategory k : CpuCategory.values()) {
        b.append(String.format(Locale.ROOT, " %" + Math.max(6, k.label.length()) + ".0f",
            usPerOp(p.seconds().getOrDefault(k, 0.0))));
      }
      b.append(String.format(Locale.ROOT, " %12.0f%n", usPerOp(p.forceSeconds())));
    }
    for (Process p : processes) {
      String top = p.unsampledByName().entrySet().stream()
          .sorted((x, y) -> Double.compare(y.getValue(), x.getValue())).limit(3)
          .filter(e -> usPerOp(e.getValue()) >= 1)
          .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), usPerOp(e.getValue())))
          .reduce((x, y) -> x + ", " + y).orElse("");
      if (!top.isEmpty()) {
        b.append(String.format(Locale.ROOT, "  %s: unsampled threads in other java (us/op): %s%n", p.label(), top));
      }
    }
    double used = all.total() / windowSeconds;
    b.append(String.format(Locale.ROOT, "(us/op: CPU microseconds per committed operation; fsync-wait: microseconds in "
        + "force per operation, summed over replicas, waiting rather than CPU)%n"));
    b.append(String.format(Locale.ROOT, "CPU: these processes used %.2f of %d cores; the machine was busy %.2f (%.0f%%)%s%n",
        used, cores, machineBusyCores, 100 * machineBusyCores / cores, machineBusyCores >= CPU_BOUND_SHARE * cores
            ? (used >= CPU_BOUND_SHARE * cores ? ": the run is CPU-bound"
                : ": the cores were saturated, partly by other work on the machine; figures are not those of an idle machine")
            : ": the CPU is not saturated; the limit is elsewhere (waiting: fsync, the network, the closed loop)"));
    return b.toString();
  }

  public String csv() {
    StringBuilder b = new StringBuilder("mode,n,clients,value_bytes,ops_per_s,window_s,machine_busy_cores,process,pid,cpu_core_share,cpu_us_per_op");
    for (CpuCategory k : CpuCategory.values()) {
      b.append(',').append(k.name().toLowerCase(Locale.ROOT)).append("_us_per_op");
    }
    b.append(",fsync_wait_us_per_op,forces_per_s\n");
    for (Process p : rows()) {
      b.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.1f,%.2f,%.3f,%s,%d,%.3f,%.1f", mode, n, clients, valueBytes,
          opsPerSecond, windowSeconds, machineBusyCores, p.label(), p.pid(), p.total() / windowSeconds, usPerOp(p.total())));
      for (CpuCategory k : CpuCategory.values()) {
        b.append(String.format(Locale.ROOT, ",%.1f", usPerOp(p.seconds().getOrDefault(k, 0.0))));
      }
      b.append(String.format(Locale.ROOT, ",%.1f,%.1f%n", usPerOp(p.forceSeconds()), p.forces() / windowSeconds));
    }
    return b.toString();
  }

  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode);
    m.put("n", n);
    m.put("clients", clients);
    m.put("valueBytes", valueBytes);
    m.put("opsPerSecond", opsPerSecond);
    m.put("windowSeconds", windowSeconds);
    m.put("cores", cores);
    m.put("machineBusyCores", machineBusyCores);
    List<Map<String, Object>> ps = new ArrayList<>();
    for (Process p : rows()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("process", p.label());
      o.put("pid", p.pid());
      o.put("cpuCoreShare", p.total() / windowSeconds);
      o.put("cpuMicrosPerOp", usPerOp(p.total()));
      Map<String, Object> cats = new LinkedHashMap<>();
      for (CpuCategory k : CpuCategory.values()) {
        cats.put(k.label, usPerOp(p.seconds().getOrDefault(k, 0.0)));
      }
      o.put("cpuMicrosPerOpByCategory", cats);
      o.put("fsyncWaitMicrosPerOp", usPerOp(p.forceSeconds()));
      o.put("forcesPerSecond", p.forces() / windowSeconds);
      Map<String, Object> un = new LinkedHashMap<>();
      p.unsampledByName().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
          .forEach(e -> un.put(e.getKey(), usPerOp(e.getValue())));
      o.put("unsampledThreadsMicrosPerOp", un);
      ps.add(o);
    }
    m.put("processes", ps);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
