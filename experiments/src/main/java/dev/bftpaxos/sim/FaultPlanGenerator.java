package dev.bftpaxos.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws a fault plan for one seed: crash/restart episodes that never take down more than f
 * replicas at once (so the cluster can keep working during the faults), a partition, and cut
 * links (partial connectivity: A-B and B-C up, A-C down). Everything heals by the window's end.
 */
public final class FaultPlanGenerator {
  private FaultPlanGenerator() {}

  public static FaultPlan generate(Scenario.RandomFaults spec, int replicas, int f, SeededRandom random) {
    List<FaultEvent> events = new ArrayList<>();
    long window = spec.windowMicros();
    List<long[]> downIntervals = new ArrayList<>();
    for (int i = 0; i < spec.crashes() && f > 0; i++) {
      int replica = random.nextInt(replicas);
      long start = random.nextLong(window / 10, window * 8 / 10);
      long end = random.nextLong(start + window / 20, window);
      if (overlapsTooMany(downIntervals, replica, start, end, f)) {
        continue;
      }
      downIntervals.add(new long[] {replica, start, end});
      events.add(new FaultEvent.Crash(replica, start, spec.midStepCrashes() && random.chance(0.5)));
      events.add(new FaultEvent.Restart(replica, end));
    }
    for (int i = 0; i < spec.partitions() && replicas > 1; i++) {
      long start = random.nextLong(window / 10, window * 8 / 10);
      long end = random.nextLong(start + window / 20, window);
      Set<Integer> minority = new HashSet<>();
      int size = 1 + random.nextInt(Math.max(1, replicas / 2));
      while (minority.size() < size) {
        minority.add(random.nextInt(replicas));
      }
      Set<Integer> rest = new HashSet<>();
      for (int r = 0; r < replicas; r++) {
        if (!minority.contains(r)) {
          rest.add(r);
        }
      }
      events.add(new FaultEvent.Partition(List.of(minority, rest), start));
      events.add(new FaultEvent.Heal(end));
    }
    for (int i = 0; i < spec.cuts() && replicas > 2; i++) {
      int a = random.nextInt(replicas);
      int b = (a + 1 + random.nextInt(replicas - 1)) % replicas;
      long start = random.nextLong(window / 10, window * 8 / 10);
      long end = random.nextLong(start + window / 20, window);
      events.add(new FaultEvent.Cut(a, b, start));
      events.add(new FaultEvent.Heal(end));
    }
    return new FaultPlan(events);
  }

  private static boolean overlapsTooMany(List<long[]> down, int replica, long start, long end, int f) {
    int concurrent = 0;
    for (long[] d : down) {
      boolean overlaps = d[1] < end && start < d[2];
      if (overlaps && d[0] == replica) {
        return true;
      }
      if (overlaps) {
        concurrent++;
      }
    }
    return concurrent + 1 > f;
  }
}
