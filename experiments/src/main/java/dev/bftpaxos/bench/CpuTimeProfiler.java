package dev.bftpaxos.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports CPU time per op next to JMH's wall-clock time per op:
 * {@code ·cpu.worker} is the CPU time of the benchmark's worker threads (the benchmarked code
 * itself), {@code ·cpu.process} that of the whole benchmark JVM (adds GC, JIT and JMH's own
 * threads), both in microseconds per op.
 *
 * <p>Exists because the project's machines are shared: on a loaded machine wall time per op
 * includes the time the thread waited for a core, while CPU time per op stays close to what the
 * code costs (it still rises somewhat when other processes compete for caches). With
 * {@code -prof dev.bftpaxos.bench.CpuTimeProfiler} both figures land in the JSON results, and
 * {@link BenchSummary} prefers {@code ·cpu.worker} when it is there.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final double NANOS_PER_MICRO = 1_000;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private Map<Long, Long> workerStart = Map.of();
  private long processStart;

  public CpuTimeProfiler() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
  }

  @Override
  public String getDescription() {
    return "CPU time per op: benchmark worker threads, and the whole JVM";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    workerStart = workerCpu();
    processStart = os.getProcessCpuTime();
  }

  @Override
  public List<Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long process = os.getProcessCpuTime() - processStart;
    long worker = 0;
    for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
      worker += e.getValue() - workerStart.getOrDefault(e.getKey(), 0L);
    }
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("·cpu.worker", worker / NANOS_PER_MICRO / ops, "us/op", AggregationPolicy.AVG),
        new ScalarResult("·cpu.process", process / NANOS_PER_MICRO / ops, "us/op", AggregationPolicy.AVG));
  }

  /** CPU nanoseconds so far of each live JMH worker thread, by thread id. */
  private Map<Long, Long> workerCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("jmh-worker")) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t >= 0) {
          cpu.put(info.getThreadId(), t);
        }
      }
    }
    return cpu;
  }
}
