package dev.bftpaxos.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fault model a cluster runs in, with the cluster sizes the comparison uses for it. Byzantine
 * mode is listed so that the scenario files, the compare command and the report already have a
 * place for it; {@link #requireBuilt()} refuses it until the simulator can run it.
 */
public enum Mode {
  /** Crash faults, quorums of f + 1 out of 2f + 1. */
  CRASH("crash", List.of(3, 5), true),
  /** Byzantine faults, quorums of 2f + 1 out of 3f + 1. */
  BYZANTINE("byzantine", List.of(4, 7), true);

  /**
   * The smallest cluster that tolerates one fault: 2f+1 = 3 in crash mode, 3f+1 = 4 in Byzantine
   * mode. The size a command runs when its mode is chosen and no size is.
   */
  public int smallestReplicas() {
    return compareReplicaCounts.get(0);
  }

  private final String label;
  private final List<Integer> compareReplicaCounts;
  private final boolean built;

  Mode(String label, List<Integer> compareReplicaCounts, boolean built) {
    this.label = label;
    this.compareReplicaCounts = compareReplicaCounts;
    this.built = built;
  }

  public String label() {
    return label;
  }

  /** Cluster sizes {@code compare} runs by default: f = 1 and f = 2. */
  public List<Integer> compareReplicaCounts() {
    return compareReplicaCounts;
  }

  public boolean built() {
    return built;
  }

  public Mode requireBuilt() {
    if (!built) {
      throw new IllegalArgumentException(label + " mode is not built yet (only 'crash' runs today)");
    }
    return this;
  }

  public static Mode byLabel(String label) {
    for (Mode m : values()) {
      if (m.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + label + "' (known: "
        + Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(", ")) + ")");
  }
}
