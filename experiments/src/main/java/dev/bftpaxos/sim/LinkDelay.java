package dev.bftpaxos.sim;

/** How long a message takes on one link, in simulated microseconds. */
public sealed interface LinkDelay {

  long sampleMicros(SeededRandom random);

  /** Uniform in {@code [minMicros, maxMicros]}. */
  record Uniform(long minMicros, long maxMicros) implements LinkDelay {
    public Uniform {
      if (minMicros < 0 || maxMicros < minMicros) {
        throw new IllegalArgumentException("uniform delay needs 0 <= min <= max, got " + minMicros + ".." + maxMicros);
      }
    }

    @Override
    public long sampleMicros(SeededRandom random) {
      return random.nextLong(minMicros, maxMicros + 1);
    }
  }

  /** {@code minMicros} plus an exponential tail with mean {@code meanExtraMicros}: a long tail. */
  record Exponential(long minMicros, long meanExtraMicros) implements LinkDelay {
    public Exponential {
      if (minMicros < 0 || meanExtraMicros < 0) {
        throw new IllegalArgumentException("exponential delay needs min >= 0 and mean >= 0");
      }
    }

    @Override
    public long sampleMicros(SeededRandom random) {
      double u = random.nextDouble();
      return minMicros + (long) (-Math.log(1 - u) * meanExtraMicros);
    }
  }
}
