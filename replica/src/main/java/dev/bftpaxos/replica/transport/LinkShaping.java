package dev.bftpaxos.replica.transport;

import java.util.Map;
import java.util.Random;

/**
 * What the transport does to replica-to-replica messages on purpose, so a real loopback cluster can
 * run on the network a scenario file describes: the same fields as a scenario's {@code network:}
 * section (a delay per message, per-link overrides, loss, duplication, reordering by an extra delay),
 * plus a bandwidth limit per link. Client links are not shaped.
 *
 * @param delay every message's one-way delay unless its link has its own
 * @param links per-link delays keyed {@code "a-b"} with a &lt; b (replica ids, either direction)
 * @param lossRate probability that a message is not sent (counted as {@code shaped-loss})
 * @param duplicateRate probability that it is sent twice
 * @param reorderRate probability that it gets an extra delay, uniform in [0, reorderDelayMicros]
 * @param bandwidthBytesPerSecond the most bytes a second this replica sends one peer (0: no limit)
 * @param seed seeds the draws, so a replica's run of losses and delays is the same each time
 */
public record LinkShaping(Delay delay, Map<String, Delay> links, double lossRate, double duplicateRate,
    double reorderRate, long reorderDelayMicros, long bandwidthBytesPerSecond, long seed) {

  /** The longest delay, and reordering delay, a link may be given: a minute. */
  public static final long DELAY_MICROS_MAX = 60_000_000L;

  /** No shaping: every message at once. */
  public static final LinkShaping NONE = new LinkShaping(new Delay.Uniform(0, 0), Map.of(), 0, 0, 0, 0, 0, 1);

  public LinkShaping {
    links = Map.copyOf(links);
    rate("lossRate", lossRate);
    rate("duplicateRate", duplicateRate);
    rate("reorderRate", reorderRate);
    if (reorderDelayMicros < 0 || reorderDelayMicros > DELAY_MICROS_MAX) {
      throw new IllegalArgumentException("reorderDelayMicros must be in 0.." + DELAY_MICROS_MAX + ", got "
          + reorderDelayMicros);
    }
    if (bandwidthBytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidthBytesPerSecond must be >= 0, got " + bandwidthBytesPerSecond);
    }
  }

  /** Whether this shapes nothing (the transport then writes every message at once, as without it). */
  public boolean isNone() {
    return links.isEmpty() && delay.isZero() && lossRate == 0 && duplicateRate == 0 && reorderRate == 0
        && bandwidthBytesPerSecond == 0;
  }

  public Delay delayBetween(int a, int b) {
    Delay d = links.isEmpty() ? null : links.get(Math.min(a, b) + "-" + Math.max(a, b));
    return d != null ? d : delay;
  }

  private static void rate(String name, double r) {
    if (!(r >= 0 && r < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + r);
    }
  }

  /** A one-way delay distribution, in microseconds. */
  public sealed interface Delay {
    long sampleMicros(Random random);

    boolean isZero();

    /** Uniform in [minMicros, maxMicros]. */
    record Uniform(long minMicros, long maxMicros) implements Delay {
      public Uniform {
        if (minMicros < 0 || maxMicros < minMicros || maxMicros > DELAY_MICROS_MAX) {
          throw new IllegalArgumentException("uniform delay needs 0 <= minMicros <= maxMicros <= " + DELAY_MICROS_MAX
              + ", got " + minMicros + ".." + maxMicros);
        }
      }

      @Override
      public long sampleMicros(Random random) {
        return maxMicros == minMicros ? minMicros : minMicros + (long) (random.nextDouble() * (maxMicros - minMicros + 1));
      }

      @Override
      public boolean isZero() {
        return maxMicros == 0;
      }
    }

    /** minMicros plus an exponential tail of mean meanExtraMicros (capped at {@link #DELAY_MICROS_MAX}). */
    record Exponential(long minMicros, long meanExtraMicros) implements Delay {
      public Exponential {
        if (minMicros < 0 || minMicros > DELAY_MICROS_MAX || meanExtraMicros < 0 || meanExtraMicros > DELAY_MICROS_MAX) {
          throw new IllegalArgumentException("exponential delay needs minMicros and meanExtraMicros in 0.."
              + DELAY_MICROS_MAX + ", got " + minMicros + " and " + meanExtraMicros);
        }
      }

      @Override
      public long sampleMicros(Random random) {
        double extra = -Math.log(1 - random.nextDouble()) * meanExtraMicros;
        return Math.min(DELAY_MICROS_MAX, minMicros + (long) extra);
      }

      @Override
      public boolean isZero() {
        return minMicros == 0 && meanExtraMicros == 0;
      }
    }
  }
}
