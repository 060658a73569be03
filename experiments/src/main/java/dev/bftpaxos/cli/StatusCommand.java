package dev.bftpaxos.cli;

import dev.bftpaxos.core.msg.Message;
import dev.bftpaxos.core.wire.ClientFrameDecoded;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.crypto.Role;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ReplicaEntry;
import dev.bftpaxos.replica.node.ClusterKeys;
import dev.bftpaxos.replica.transport.Listener;
import dev.bftpaxos.replica.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status",
    header = "Show every replica's status line: ballot, leader, executed slot, checkpoint, digest, counters.",
    description = {
        "Connects to every replica of the cluster file as a client (the handshake needs a client key), "
            + "asks each for its status line and prints them in id order; a replica that does not answer "
            + "within --timeout-ms is listed as such. Fields and counters: docs/OPERATIONS.md.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every replica answered", "2:bad input", "3:some replica did not answer",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {"  bft-paxos status --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key"})
final class StatusCommand extends CliCommand {
  /** How often an unanswered replica is asked again while waiting. */
  static final long ASK_EVERY_MILLIS = 100;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
  Path config;

  @Option(names = "--client-key", paramLabel = "FILE", required = true,
      description = "A client's private key file from keygen; the client id is read from it.")
  Path clientKey;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "3000",
      description = "How long to wait for the replicas' answers.")
  long timeoutMillis;

  @Override
  int execute() throws Exception {
    if (timeoutMillis < 1) {
      throw new BadInputException("--timeout-ms must be at least 1, got " + timeoutMillis);
    }
    ClientIdentity me = ClientIdentity.read(config, clientKey);
    ClusterConfig c = me.config();
    ClusterKeys keys = me.keys();
    Map<Integer, String> lines = ask(c, keys, me.own(), timeoutMillis);
    for (ReplicaEntry e : c.replicas()) {
      String line = lines.get(e.id());
      out().println(line != null ? line : "replica " + e.id() + " (" + e.host() + ":" + e.port() + "): no answer");
    }
    return lines.size() == c.n() ? ExitCodes.OK : ExitCodes.LIVENESS;
  }

  /**
   * Each replica's status line (replica id to line), as answered within {@code timeoutMillis}; a
   * replica that did not answer is absent. The lines are unsigned: what one replica says of itself.
   */
  static Map<Integer, String> ask(ClusterConfig c, ClusterKeys keys, MemberKey own, long timeoutMillis)
      throws InterruptedException {
    Map<Integer, String> lines = new ConcurrentHashMap<>();
    NettyTransport t = new NettyTransport(Role.CLIENT, own.id(), own.signer(keys.scheme()), keys.replicas(), null,
        c.frameBytesMax(), new Listener() {
          @Override
          public boolean onPeerMessage(int fromReplica, Message message) {
            return true;
          }

          @Override
          public boolean onClientFrame(Role role, int id, ClientFrameDecoded frame) {
            return true;
          }

          @Override
          public void onStatus(int replica, String line) {
            lines.put(replica, line);
          }
        });
    try {
      for (ReplicaEntry e : c.replicas()) {
        t.dial(e.id(), new InetSocketAddress(e.host(), e.port()));
      }
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (lines.size() < c.n() && System.currentTimeMillis() < deadline) {
        for (ReplicaEntry e : c.replicas()) {
          if (!lines.containsKey(e.id()) && t.connectedTo(e.id())) {
            t.requestStatus(e.id());
          }
        }
        Thread.sleep(ASK_EVERY_MILLIS);
      }
    } finally {
      t.close();
    }
    return lines;
  }
}
