package dev.bftpaxos.replica.config;

import java.nio.file.Path;

/**
 * One replica of the cluster as the configuration names it. Paths are already resolved against the
 * directory of the configuration file, so a file can be moved together with its keys.
 */
public record ReplicaEntry(int id, String host, int port, Path privateKeyFile, Path dataDir) {}
