package dev.bftpaxos.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every thread of one process, read from Linux's /proc/PID/task/TID/stat (user plus
 * system time, in clock ticks). Per thread rather than per process because the split needs it: a
 * JVM's garbage collector and JIT compiler run in threads of their own, which a sampling profiler
 * does not see, and each Java thread's CPU is divided by its own samples.
 */
public final class ThreadCpu {
  /** One thread: its name as the kernel keeps it (at most 15 characters) and its CPU ticks so far. */
  public record Thread(long tid, String name, long ticks) {}

  private ThreadCpu() {}

  /** Every live thread of {@code pid}; a thread that ends while being read is left out. */
  public static Map<Long, Thread> read(long pid) throws IOException {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      throw new IOException("no process " + pid + " (or no /proc: this profile needs Linux)");
    }
    Map<Long, Thread> threads = new HashMap<>();
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        Thread t = parse(stat);
        if (t != null) {
          threads.put(t.tid(), t);
        }
      }
    }
    return threads;
  }

  /**
   * Parses one stat line: "tid (name) state ppid ..." with utime and stime the 14th and 15th
   * fields. The name may hold spaces and parentheses, so the fields are counted from the last ')'.
   */
  static Thread parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 1 || close < open) {
      return null;
    }
    String[] rest = stat.substring(close + 1).trim().split(" ");
    if (rest.length < 13) {
      return null;
    }
    try {
      long tid = Long.parseLong(stat.substring(0, open).trim());
      return new Thread(tid, stat.substring(open + 1, close), Long.parseLong(rest[11]) + Long.parseLong(rest[12]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
