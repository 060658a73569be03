package dev.bftpaxos.sim;

import java.util.Map;

/**
 * The simulated network: a default delay, per-link overrides keyed {@code "a-b"} (replica ids,
 * either direction), and per-message loss, duplication and reordering (an extra delay) rates.
 */
public record NetworkSpec(
    LinkDelay delay,
    Map<String, LinkDelay> links,
    double lossRate,
    double duplicateRate,
    double reorderRate,
    long reorderDelayMicros) {

  public NetworkSpec {
    links = Map.copyOf(links);
    checkRate("lossRate", lossRate);
    checkRate("duplicateRate", duplicateRate);
    checkRate("reorderRate", reorderRate);
    if (reorderDelayMicros < 0) {
      throw new IllegalArgumentException("reorderDelayMicros must be >= 0");
    }
  }

  public static NetworkSpec lan() {
    return new NetworkSpec(new LinkDelay.Uniform(200, 600), Map.of(), 0, 0, 0, 0);
  }

  public LinkDelay delayBetween(int a, int b) {
    if (!links.isEmpty()) {
      LinkDelay d = links.get(Math.min(a, b) + "-" + Math.max(a, b));
      if (d != null) {
        return d;
      }
    }
    return delay;
  }

  public NetworkSpec withFaultRates(double loss, double duplicate, double reorder) {
    return new NetworkSpec(delay, links, loss, duplicate, reorder, reorderDelayMicros == 0 ? 2000 : reorderDelayMicros);
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + rate);
    }
  }
}
