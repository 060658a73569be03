package dev.bftpaxos.replica.config;

import java.util.List;
import dev.bftpaxos.replica.transport.LinkShaping;
import java.nio.file.Path;

/**
 * A parsed and checked cluster configuration file (see {@link ClusterConfigFile} for the format).
 *
 * @param publicConfigurationFile the keygen's {@code config.json}: every member's public key
 * @param frameBytesMax the largest frame a transport accepts from a peer, checked before any
 *     allocation
 * @param tuning the {@code timing:}, {@code batching:} and {@code crypto:} sections (their defaults
 *     where absent)
 * @param network the {@code network:} section: how replica links are shaped ({@link LinkShaping#NONE}
 *     where absent)
 * @param members the first configuration's members (the {@code members:} field; every listed
 *     replica where absent). The others are spares: processes that run outside every quorum until a
 *     configuration change adds them ({@code reconfigure}); {@code replicas} is the universe.
 * @param reconfigureClients the clients whose configuration changes the replicas execute (the
 *     {@code reconfigureClients:} field); empty: any client's (a file without the field)
 */
public record ClusterConfig(Path file, ClusterMode mode, String scheme, Path publicConfigurationFile,
    int frameBytesMax, List<ReplicaEntry> replicas, ClusterTuning tuning, LinkShaping network,
    List<Integer> members, List<Long> reconfigureClients) {

  public ClusterConfig {
    replicas = List.copyOf(replicas);
    java.util.Objects.requireNonNull(tuning, "tuning");
    java.util.Objects.requireNonNull(network, "network");
    members = List.copyOf(new java.util.TreeSet<>(members));
    for (int m : members) {
      if (m < 0 || m >= replicas.size()) {
        throw new IllegalArgumentException("member " + m + " is not a listed replica (0.." + (replicas.size() - 1) + ")");
      }
    }
    if (members.isEmpty()) {
      throw new IllegalArgumentException("the first configuration needs a member");
    }
    reconfigureClients = List.copyOf(new java.util.TreeSet<>(reconfigureClients));
  }

  /** Any client may reconfigure. */
  public ClusterConfig(Path file, ClusterMode mode, String scheme, Path publicConfigurationFile, int frameBytesMax,
      List<ReplicaEntry> replicas, ClusterTuning tuning, LinkShaping network, List<Integer> members) {
    this(file, mode, scheme, publicConfigurationFile, frameBytesMax, replicas, tuning, network, members, List.of());
  }

  /** Every listed replica a member of the first configuration. */
  public ClusterConfig(Path file, ClusterMode mode, String scheme, Path publicConfigurationFile, int frameBytesMax,
      List<ReplicaEntry> replicas, ClusterTuning tuning, LinkShaping network) {
    this(file, mode, scheme, publicConfigurationFile, frameBytesMax, replicas, tuning, network, allOf(replicas.size()));
  }

  /** The ids 0..n-1. */
  public static List<Integer> allOf(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  /** Whether some listed replica is a spare, outside the first configuration. */
  public boolean hasSpares() {
    return members.size() < replicas.size();
  }

  /** The same cluster with {@code newMembers} as its first configuration. */
  public ClusterConfig withMembers(List<Integer> newMembers) {
    return new ClusterConfig(file, mode, scheme, publicConfigurationFile, frameBytesMax, replicas, tuning, network,
        newMembers, reconfigureClients);
  }

  /** The same cluster with only {@code clients} allowed to reconfigure (empty: any client). */
  public ClusterConfig withReconfigureClients(List<Long> clients) {
    return new ClusterConfig(file, mode, scheme, publicConfigurationFile, frameBytesMax, replicas, tuning, network,
        members, clients);
  }

  /**
   * The replica core's configuration: the timing, batching and limits sections for the listed
   * replicas ({@link ClusterTuning#core}), with the clients allowed to reconfigure.
   */
  public dev.bftpaxos.core.CoreConfig coreConfig() {
    dev.bftpaxos.core.CoreConfig c = tuning.core(n());
    return c.withLimits(c.limits().withReconfigureClients(java.util.Set.copyOf(reconfigureClients)));
  }

  /** A configuration whose replica links are not shaped. */
  public ClusterConfig(Path file, ClusterMode mode, String scheme, Path publicConfigurationFile, int frameBytesMax,
      List<ReplicaEntry> replicas, ClusterTuning tuning) {
    this(file, mode, scheme, publicConfigurationFile, frameBytesMax, replicas, tuning, LinkShaping.NONE);
  }

  /** A configuration with {@link ClusterTuning#CORE_DEFAULTS}, as a file without the sections has. */
  public ClusterConfig(Path file, ClusterMode mode, String scheme, Path publicConfigurationFile, int frameBytesMax,
      List<ReplicaEntry> replicas) {
    this(file, mode, scheme, publicConfigurationFile, frameBytesMax, replicas, ClusterTuning.CORE_DEFAULTS);
  }

  public int n() {
    return replicas.size();
  }

  /** Faults the first configuration tolerates (a change re-derives f from its own members). */
  public int f() {
    return mode.faultsTolerated(members.size());
  }

  /** The replica with {@code id}; ids are 0..n-1, checked when the file was read. */
  public ReplicaEntry replica(int id) {
    if (id < 0 || id >= replicas.size()) {
      throw new IllegalArgumentException("no replica " + id + " in " + file + " (ids are 0.." + (n() - 1) + ")");
    }
    return replicas.get(id);
  }
}
