package dev.bftpaxos.cli;

import dev.bftpaxos.replica.node.ReplicaProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replica",
    header = "Run one replica process of a real cluster.",
    description = {
        "Reads the cluster file (YAML, see docs/OPERATIONS.md), this replica's private key and its data "
            + "directory, recovers what it had made durable, listens on its host and port, connects to "
            + "the other replicas and serves clients until it is killed. Prints one status line a second.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped by a signal",
        "1:stopped because its write-ahead log failed",
        "2:bad input: configuration, key file, or a data directory it refuses to start from",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {"  bft-paxos replica --config cluster/cluster.yaml --id 0"})
final class ReplicaCommand extends CliCommand {
  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
  Path config;

  @Option(names = "--id", paramLabel = "N", required = true, description = "Which replica of the file to run.")
  int id;

  @Override
  int execute() throws Exception {
    // Checked here as well so the message starts with the command, like every other command's.
    dev.bftpaxos.replica.config.ClusterConfig c;
    try {
      c = dev.bftpaxos.replica.config.ClusterConfigFile.read(config);
    } catch (dev.bftpaxos.replica.config.ClusterConfigException e) {
      throw new BadInputException(e.getMessage());
    }
    if (id < 0 || id >= c.n()) {
      throw new BadInputException("--id " + id + ": " + config + " lists replicas 0.." + (c.n() - 1));
    }
    PrintStream out = WriterOutputStream.printStream(out());
    PrintStream err = WriterOutputStream.printStream(err());
    try {
      int code = ReplicaProcess.run(config, id, out, err, new CountDownLatch(1));
      return code == ReplicaProcess.EXIT_BAD_INPUT ? ExitCodes.BAD_INPUT : code;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
