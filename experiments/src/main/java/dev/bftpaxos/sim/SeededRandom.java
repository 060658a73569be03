package dev.bftpaxos.sim;

import dev.bftpaxos.core.Randomness;
import java.util.SplittableRandom;

/**
 * The simulator's one source of randomness. Independent streams (network, faults, workload, each
 * replica) are derived from the run's seed by name, so removing a fault from a plan does not shift
 * the network's random choices: shrinking and cross-mode comparisons stay meaningful.
 */
public final class SeededRandom implements Randomness {
  private final SplittableRandom random;

  public SeededRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A stream for one purpose, fixed by the run seed and the purpose's name. */
  public static SeededRandom stream(long runSeed, String purpose) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < purpose.length(); i++) {
      h = (h ^ purpose.charAt(i)) * 0x100000001b3L;
    }
    return new SeededRandom(mix(runSeed ^ h));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public long nextLong(long origin, long bound) {
    return origin >= bound ? origin : random.nextLong(origin, bound);
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  public boolean chance(double probability) {
    return probability > 0 && random.nextDouble() < probability;
  }
}
