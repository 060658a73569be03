package dev.bftpaxos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a real run's perturbations from a seed: the same seed, kinds and duration give the same
 * events at the same times with the same targets (for n = 3 and n = 5 alike, ids aside), so runs
 * compare. The measurement is cut into one segment per event; each event starts early in its
 * segment and lasts at most about a third of it, capped, so the cluster has the rest of the segment
 * to recover and at most one perturbation is active at any time (no plan by itself exceeds f).
 */
final class PerturbationSchedule {
  /** Shortest segment an event gets: a perturbation plus time to see the recovery. */
  static final long SEGMENT_MILLIS_MIN = 3_000;
  /** Probability that an event targets the leader (the interesting case) rather than any replica. */
  static final double LEADER_PROBABILITY = 0.7;
  static final long LENGTH_MILLIS_MIN = 500;
  static final long KILL_DOWN_MILLIS_MAX = 2_000;
  static final long PAUSE_MILLIS_MAX = 2_500;
  static final long PARTITION_MILLIS_MAX = 3_000;

  private PerturbationSchedule() {}

  /** The most events {@code durationMillis} has room for. */
  static int capacity(long durationMillis) {
    return (int) (durationMillis / SEGMENT_MILLIS_MIN);
  }

  /**
   * {@code events} events over {@code durationMillis}, kinds taken in turn from {@code kinds} in a
   * seeded order (each kind once before any twice), on replicas 0..n-1.
   */
  static List<Perturbation> draw(long seed, int n, List<Perturbation.Kind> kinds, long durationMillis, int events) {
    if (events == 0 || kinds.isEmpty()) {
      return List.of();
    }
    if (events > capacity(durationMillis)) {
      throw new IllegalArgumentException(events + " events need at least " + events * SEGMENT_MILLIS_MIN
          + " ms of measurement, got " + durationMillis);
    }
    SplittableRandom r = new SplittableRandom(seed);
    // Ids from their own stream: nextInt(n) may draw more than once, which must not move the times.
    SplittableRandom ids = r.split();
    List<Perturbation.Kind> order = new ArrayList<>(kinds);
    for (int i = order.size() - 1; i > 0; i--) { // Fisher-Yates, seeded
      int j = r.nextInt(i + 1);
      order.set(i, order.set(j, order.get(i)));
    }
    long segment = durationMillis / events;
    List<Perturbation> plan = new ArrayList<>();
    for (int e = 0; e < events; e++) {
      Perturbation.Kind kind = order.get(e % order.size());
      long at = e * segment + (long) (segment * (0.15 + 0.15 * r.nextDouble()));
      long cap = switch (kind) {
        case KILL -> KILL_DOWN_MILLIS_MAX;
        case PAUSE -> PAUSE_MILLIS_MAX;
        case PARTITION -> PARTITION_MILLIS_MAX;
      };
      long length = Math.max(LENGTH_MILLIS_MIN, Math.min(cap, (long) (segment * (0.2 + 0.15 * r.nextDouble()))));
      boolean leader = r.nextDouble() < LEADER_PROBABILITY;
      int replica = ids.nextInt(n);
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        others.add(i);
      }
      for (int i = others.size() - 1; i > 0; i--) {
        int j = ids.nextInt(i + 1);
        others.set(i, others.set(j, others.get(i)));
      }
      plan.add(new Perturbation(kind, at, length, leader, replica, others));
    }
    return plan;
  }
}
