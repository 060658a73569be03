package dev.bftpaxos.cli;

import dev.bftpaxos.core.kv.KvResult;
import dev.bftpaxos.crypto.MemberKey;
import dev.bftpaxos.replica.client.KvClient;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.node.ClusterKeys;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** put, get and delete against a real cluster: one operation, its result on stdout. */
final class KvCommands {
  private KvCommands() {}

  /** ok, the value, (absent), or error: REASON. */
  static String show(KvResult r) {
    if (r instanceof KvResult.Value v) {
      return v.valueOrNull() == null ? "(absent)" : v.valueOrNull();
    }
    if (r instanceof KvResult.Error e) {
      return "error: " + e.reason();
    }
    return r instanceof KvResult.Ok ? "ok" : r.toString();
  }

  abstract static class KvCommandBase extends CliCommand {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
    Path config;

    @Option(names = "--client-key", paramLabel = "FILE", required = true,
        description = "This client's private key file from keygen (client-ID.key); the client id is read from it.")
    Path clientKey;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "Give up (exit 3) if no result arrives in this long.")
    long timeoutMillis;

    abstract CompletableFuture<KvResult> op(KvClient client);

    @Override
    int execute() throws Exception {
      if (timeoutMillis < 1) {
        throw new BadInputException("--timeout-ms must be at least 1, got " + timeoutMillis);
      }
      ClientIdentity me = ClientIdentity.read(config, clientKey);
      ClusterConfig c = me.config();
      ClusterKeys keys = me.keys();
      MemberKey own = me.own();
      try (KvClient client = new KvClient(c, keys, own.signer(keys.scheme()), own.id(), KvClient.clockSeq())) {
        KvResult r = op(client).get(timeoutMillis, TimeUnit.MILLISECONDS);
        out().println(show(r));
        return r instanceof KvResult.Error ? ExitCodes.BAD_INPUT : ExitCodes.OK;
      } catch (TimeoutException e) {
        err().println(spec.qualifiedName() + ": no result in " + timeoutMillis + " ms (are the replicas running?)");
        return ExitCodes.LIVENESS;
      }
    }
  }

  @Command(name = "put", header = "Set a key on a real cluster.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "2:bad input", "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {"  bft-paxos put --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key k v"})
  static final class Put extends KvCommandBase {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Override
    CompletableFuture<KvResult> op(KvClient client) {
      return BadInputException.check(() -> client.put(key, value));
    }
  }

  @Command(name = "get", header = "Read a key from a real cluster (through the log).",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "2:bad input", "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {"  bft-paxos get --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key k"})
  static final class Get extends KvCommandBase {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    CompletableFuture<KvResult> op(KvClient client) {
      return BadInputException.check(() -> client.get(key));
    }
  }

  @Command(name = "delete", header = "Delete a key on a real cluster.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "2:bad input", "3:no result before --timeout-ms", "4:internal error"},
      footerHeading = "%nExamples:%n",
      footer = {"  bft-paxos delete --config cluster/cluster.yaml --client-key cluster/keys/client-1000.key k"})
  static final class Delete extends KvCommandBase {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    CompletableFuture<KvResult> op(KvClient client) {
      return BadInputException.check(() -> client.delete(key));
    }
  }
}
