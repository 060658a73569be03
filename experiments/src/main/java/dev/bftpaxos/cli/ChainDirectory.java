package dev.bftpaxos.cli;

import dev.bftpaxos.learner.ConfigurationChain;
import dev.bftpaxos.learner.OfflineVerifier;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A cluster's configuration chain as {@code reconfigure} leaves it in a directory, {@code C1.json},
 * {@code C2.json}, ... (each the reply certificate of the change that made it), followed by a
 * client: each link is verified as a learner verifies it (ConfigurationChain) before the client
 * counts replies in the configuration it proves. By default the directory is {@code chain} next
 * to the cluster file, where {@code reconfigure} writes. Thread-safe: the clients of one
 * {@code load} share one.
 */
final class ChainDirectory implements KvClient.ConfigurationSource {
  private final Path dir;
  private final ConfigurationChain chain;
  private final PrintWriter warnings;
  /** Set once a link failed to verify: the chain stops there, and the warning is printed once. */
  private boolean broken;

  ChainDirectory(Path dir, ClusterConfig config, ClusterKeys keys, PrintWriter warnings) {
    this.dir = dir;
    this.chain = new ConfigurationChain(keys.publicConfiguration(), keys.scheme(), new TreeSet<>(config.members()));
    this.warnings = warnings;
  }

  /**
   * Makes {@code client} follow the chain in {@code config}'s default directory (Byzantine mode; a
   * crash-mode client takes the first reply and follows nothing); {@code shared} (may be null) is
   * a directory already made for this cluster, so the clients of one run share one. Returns the
   * one followed, or null.
   */
  static ChainDirectory follow(KvClient client, ClusterConfig config, ClusterKeys keys, ChainDirectory shared,
      PrintWriter warnings) {
    if (config.mode() != dev.bftpaxos.replica.config.ClusterMode.BYZANTINE) {
      return null;
    }
    ChainDirectory d = shared != null ? shared : new ChainDirectory(defaultDir(config), config, keys, warnings);
    client.follow(d);
    return d;
  }

  /** Where {@code reconfigure} writes the chain unless told otherwise: {@code chain/} next to the cluster file. */
  static Path defaultDir(ClusterConfig config) {
    Path parent = config.file().toAbsolutePath().getParent();
    return (parent == null ? Path.of(".") : parent).resolve("chain");
  }

  /** The file of link {@code C<id>}. */
  static Path link(Path dir, long id) {
    return dir.resolve("C" + id + ".json");
  }

  @Override
  public synchronized List<KvClient.Membership> after(long configurationId) {
    while (!broken && Files.isRegularFile(link(dir, chain.last().id() + 1))) {
      Path next = link(dir, chain.last().id() + 1);
      OfflineVerifier.Result r;
      try {
        r = chain.extend(Files.readAllBytes(next));
      } catch (IOException e) {
        return since(configurationId); // being written, or unreadable now: asked again at the next retransmission
      }
      if (!r.isValid()) {
        broken = true;
        warnings.println("warning: the configuration chain stops before " + next + ", which does not verify: "
            + r.render() + " (replies are counted in C" + chain.last().id() + ")");
        warnings.flush();
      }
    }
    return since(configurationId);
  }

  private List<KvClient.Membership> since(long configurationId) {
    List<KvClient.Membership> out = new ArrayList<>();
    for (ConfigurationChain.Link k : chain.links()) {
      if (k.id() > configurationId) {
        out.add(new KvClient.Membership(k.id(), k.fromSlot(), k.members(), chain.ring(k)));
      }
    }
    return out;
  }
}
