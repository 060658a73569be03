package dev.bftpaxos.replica.config;

/** Which fault model the cluster runs; fixes the fault bound f for a given n. */
public enum ClusterMode {
  CRASH,
  BYZANTINE;

  /** The most faults n replicas tolerate in this mode: n = 2f+1 (crash) or 3f+1 (Byzantine). */
  public int faultsTolerated(int n) {
    return this == CRASH ? (n - 1) / 2 : (n - 1) / 3;
  }

  /** The fewest replicas that tolerate one fault: a cluster tolerating none is a configuration error. */
  public int replicasMin() {
    return this == CRASH ? 3 : 4;
  }

  public String fileName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
