package dev.bftpaxos.cli;

import dev.bftpaxos.replica.transport.LinkShaping;
import dev.bftpaxos.sim.LinkDelay;
import dev.bftpaxos.sim.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario's simulated network as a real cluster's link shaping: the same delays, per-link
 * overrides, loss, duplication and reordering, so one scenario file describes both runs.
 */
final class RealNetwork {
  private RealNetwork() {}

  static LinkShaping of(NetworkSpec n, long seed) {
    Map<String, LinkShaping.Delay> links = new LinkedHashMap<>();
    n.links().forEach((k, d) -> links.put(k, delay(d)));
    return new LinkShaping(delay(n.delay()), links, n.lossRate(), n.duplicateRate(), n.reorderRate(),
        n.reorderDelayMicros(), 0, seed);
  }

  private static LinkShaping.Delay delay(LinkDelay d) {
    if (d instanceof LinkDelay.Uniform u) {
      return new LinkShaping.Delay.Uniform(u.minMicros(), u.maxMicros());
    }
    LinkDelay.Exponential x = (LinkDelay.Exponential) d;
    return new LinkShaping.Delay.Exponential(x.minMicros(), x.meanExtraMicros());
  }
}
