package dev.bftpaxos.core;

/**
 * The only source of randomness the core may use (election timeouts). The driver supplies it,
 * seeded, so a simulated run replays exactly.
 */
public interface Randomness {
  /** A uniformly distributed int in {@code [0, bound)}; {@code bound > 0}. */
  int nextInt(int bound);
}
