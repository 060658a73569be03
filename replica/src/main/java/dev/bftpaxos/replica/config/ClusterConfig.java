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
 */
public record ClusterConfig(Path file, ClusterMode mode, String scheme, Path publicConfigurationFile,
    int frameBytesMax, List<ReplicaEntry> replicas, ClusterTuning tuning, LinkShaping network) {

  public ClusterConfig {
    replicas = List.copyOf(replicas);
    java.util.Objects.requireNonNull(tuning, "tuning");
    java.util.Objects.requireNonNull(network, "network");
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

  public int f() {
    return mode.faultsTolerated(n());
  }

  /** The replica with {@code id}; ids are 0..n-1, checked when the file was read. */
  public ReplicaEntry replica(int id) {
    if (id < 0 || id >= replicas.size()) {
      throw new IllegalArgumentException("no replica " + id + " in " + file + " (ids are 0.." + (n() - 1) + ")");
    }
    return replicas.get(id);
  }
}
