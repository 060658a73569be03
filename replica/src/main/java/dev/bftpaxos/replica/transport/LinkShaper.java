package dev.bftpaxos.replica.transport;

import java.util.Arrays;
import java.util.Random;

/**
 * Decides, for each message one replica sends another, what {@link LinkShaping} does to it: not at
 * all (lost), once or twice, and after how long. The bandwidth limit is a per-peer clock: a message
 * leaves once the bytes before it have had their time on the link. Thread-safe (one lock: the draws
 * and the clocks must move together for a run to repeat from its seed).
 */
final class LinkShaper {
  private final LinkShaping shaping;
  private final int self;
  private final Random random;
  private final long[] linkFreeAtNanos;

  LinkShaper(LinkShaping shaping, int self, int replicasMax) {
    this.shaping = shaping;
    this.self = self;
    this.random = new Random(shaping.seed() * 1_000_003L + self);
    this.linkFreeAtNanos = new long[replicasMax];
    Arrays.fill(linkFreeAtNanos, Long.MIN_VALUE);
  }

  /**
   * The delays, in microseconds, after which to send copies of a {@code bytes}-byte message to
   * {@code to} at {@code nowNanos}: none if it is lost, two if it is duplicated.
   */
  synchronized long[] plan(int to, int bytes, long nowNanos) {
    if (shaping.lossRate() > 0 && random.nextDouble() < shaping.lossRate()) {
      return new long[0];
    }
    int copies = shaping.duplicateRate() > 0 && random.nextDouble() < shaping.duplicateRate() ? 2 : 1;
    long[] delays = new long[copies];
    long queued = 0;
    if (shaping.bandwidthBytesPerSecond() > 0 && to >= 0 && to < linkFreeAtNanos.length) {
      // bytes * 1e9 / rate, bounded: a frame is at most 2^31 bytes and the rate at least 1
      long onLink = (long) Math.ceil(bytes * copies * 1e9 / shaping.bandwidthBytesPerSecond());
      long start = Math.max(nowNanos, linkFreeAtNanos[to]);
      linkFreeAtNanos[to] = start + onLink;
      queued = (start - nowNanos) / 1_000;
    }
    for (int i = 0; i < copies; i++) {
      long d = shaping.delayBetween(self, to).sampleMicros(random);
      if (shaping.reorderRate() > 0 && random.nextDouble() < shaping.reorderRate()) {
        d += (long) (random.nextDouble() * (shaping.reorderDelayMicros() + 1));
      }
      delays[i] = d + queued;
    }
    return delays;
  }
}
