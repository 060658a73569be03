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

  /** Seconds of CPU per category between the two readings. */
  public static EnumMap<CpuCategory, Double> split(Map<Long, ThreadCpu.Thread> before, Map<Long, ThreadCpu.Thread> after,
      JfrSamples samples, double ticksPerSecond) {
    EnumMap<CpuCategory, Double> seconds = new EnumMap<>(CpuCategory.class);
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
    return seconds;
  }
}
