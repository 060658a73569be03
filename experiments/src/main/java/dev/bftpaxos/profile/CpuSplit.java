package dev.bftpaxos.profile;

import java.util.EnumMap;
import java.util.Map;

/**
 * One process's CPU over a window, split by category: each thread's CPU time (from the kernel) is
 * divided among the categories of that thread's own samples; collector, compiler and other JVM
 * threads, which have no Java samples, go by their names; a Java thread that used CPU but was never
 * sampled in Java code counts as other java. Threads that ended inside the window are not seen.
 */
public final class CpuSplit {
  private CpuSplit() {}

  /**
   * Seconds of CPU per category between the two readings, and (by thread name, digits folded to
   * N) the seconds of the Java threads no sample covered, which make up {@link CpuCategory#OTHER_JAVA}
   * with the samples that named no category: the names say what that CPU was.
   */
  public record Result(EnumMap<CpuCategory, Double> seconds, Map<String, Double> unsampledByName) {}

  public static Result split(Map<Long, ThreadCpu.Thread> before, Map<Long, ThreadCpu.Thread> after,
      JfrSamples samples, double ticksPerSecond) {
    EnumMap<CpuCategory, Double> seconds = new EnumMap<>(CpuCategory.class);
    Map<String, Double> unsampled = new java.util.TreeMap<>();
    for (ThreadCpu.Thread t : after.values()) {
      ThreadCpu.Thread b = before.get(t.tid());
      long ticks = t.ticks() - (b == null ? 0 : b.ticks());
      if (ticks <= 0) {
        continue;
      }
      double s = ticks / ticksPerSecond;
      CpuCategory jvm = CpuCategory.ofJvmThread(t.name());
      EnumMap<CpuCategory, Integer> own = samples.byThread.get(t.tid());
      if (jvm != null || own == null || own.isEmpty()) {
        seconds.merge(jvm != null ? jvm : CpuCategory.OTHER_JAVA, s, Double::sum);
        if (jvm == null) {
          unsampled.merge(t.name().replaceAll("[0-9]+", "N"), s, Double::sum);
        }
        continue;
      }
      int n = 0;
      for (int c : own.values()) {
        n += c;
      }
      for (Map.Entry<CpuCategory, Integer> e : own.entrySet()) {
        seconds.merge(e.getKey(), s * e.getValue() / n, Double::sum);
      }
    }
    return new Result(seconds, unsampled);
  }
}
