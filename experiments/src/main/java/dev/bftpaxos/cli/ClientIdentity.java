package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.nio.file.Path;

/**
 * What a command that talks to a real cluster as a client reads first: the cluster file, the
 * cluster's keys, and this client's own private key. Every problem is bad input (exit 2) that names
 * the file.
 */
record ClientIdentity(ClusterConfig config, ClusterKeys keys, MemberKey own) {
  static ClientIdentity read(Path clusterFile, Path clientKey) {
    ClusterConfig c;
    ClusterKeys keys;
    MemberKey own;
    try {
      c = ClusterConfigFile.read(clusterFile);
      keys = ClusterKeys.read(c);
      own = KeyFiles.readPrivateKey(clientKey, keys.scheme());
    } catch (ClusterConfigException | KeyFileException | IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    if (own.role() != Role.CLIENT) {
      throw new BadInputException(clientKey + ": holds the key of " + own.role().fileName() + " " + own.id()
          + ", expected a client key");
    }
    return new ClientIdentity(c, keys, own);
  }
}
