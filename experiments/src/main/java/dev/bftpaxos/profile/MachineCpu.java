package dev.bftpaxos.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU, busy and idle ticks, from the first line of /proc/stat: so a profile can
 * say whether the cores were saturated and how much of that was other work than the cluster's.
 */
public record MachineCpu(long busyTicks, long idleTicks) {
  public static MachineCpu read() throws IOException {
    return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
  }

  /** "cpu user nice system idle iowait irq softirq steal ...": idle and iowait are idle, the rest busy. */
  static MachineCpu parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 5 || !f[0].equals("cpu")) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
    }
    long busy = 0;
    long idle = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      long v = Long.parseLong(f[i]);
      if (i == 4 || i == 5) {
        idle += v;
      } else {
        busy += v;
      }
    }
    return new MachineCpu(busy, idle);
  }

  /** Cores busy on average between {@code before} and this reading, out of {@code cores}. */
  public double busyCoresSince(MachineCpu before, int cores) {
    long busy = busyTicks - before.busyTicks;
    long all = busy + idleTicks - before.idleTicks;
    return all <= 0 ? 0 : cores * (double) busy / all;
  }
}
