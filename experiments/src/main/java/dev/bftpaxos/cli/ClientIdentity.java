package dev.bftpaxos.cli;

import dev.bftpaxos.crypto.ClientMacKeys;
import dev.bftpaxos.crypto.KeyFileException;
import dev.bftpaxos.crypto.KeyFiles;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.config.ClientAuth;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ClusterMode;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.nio.file.Path;

/**
 * What a command that talks to a real cluster as a client reads first: the cluster file, the
 * cluster's keys, this client's own private key and, with MAC client authentication, its MAC keys. Every problem is bad input (exit 2) that names
 * the file.
 */
record ClientIdentity(ClusterConfig config, ClusterKeys keys, MemberKey own, ClientMacKeys macs) {
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
    return new ClientIdentity(c, keys, own, macKeys(c, keys, clientKey, own.id()));
  }

  /**
   * The MAC keys of client {@code id}, read from beside its key file, if the cluster authenticates
   * clients with MACs ({@code crypto.clientAuth: macs}); otherwise null.
   */
  static ClientMacKeys macKeys(ClusterConfig c, ClusterKeys keys, Path clientKey, int id) {
    ClientAuth auth = c.tuning().clientAuthKind();
    if (c.mode() != ClusterMode.BYZANTINE || (auth.signsRequests() && auth.signsReplies())) {
      return null;
    }
    try {
      return KeyFiles.readClientMacKeys(KeyFiles.clientMacKeysBeside(clientKey), keys.publicConfiguration().configId(),
          id, c.n());
    } catch (KeyFileException e) {
      throw new BadInputException(e.getMessage() + " (" + c.file() + " has crypto.clientAuth: " + auth.fileName() + ")");
    }
  }
}
