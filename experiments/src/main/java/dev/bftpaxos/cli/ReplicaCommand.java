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
        "",
        "Byzantine mode: it also signs with every other private key file of its own (role replica, its id) in "
            + "its key file's directory, where reconfigure --rotate-key writes a rotated key; while a key its "
            + "configuration names is missing it reads that directory again, at most once a second.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped by a signal",
        "1:stopped because its write-ahead log failed",
        "2:bad input: configuration, key file, or a data directory it refuses to start from",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {"  bft-paxos replica --config cluster/cluster.yaml --id 0",
        "  bft-paxos replica --config cluster/cluster.yaml --id 3 --faulty equivocating-proposer",
        "  bft-paxos replica --config cluster/cluster.yaml --id 0 --export-certificates certs/r0"})
final class ReplicaCommand extends CliCommand {
  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The cluster file (YAML).")
  Path config;

  @Option(names = "--id", paramLabel = "N", required = true, description = "Which replica of the file to run.")
  int id;

  @Option(names = "--faulty", paramLabel = "BEHAVIOUR",
      description = "Run this replica as a misbehaving one: a ready behaviour (`bft-paxos behaviours` lists them), "
          + "with parameters, e.g. 'equivocating-proposer' or 'extreme-values(p=0.3)', or a class name. It acts "
          + "with its own key only, as in the simulator; the rest of the cluster is correct.")
  String faulty;

  @Option(names = "--export-certificates", paramLabel = "DIR",
      description = "Byzantine mode: write config.json and, for each slot this replica commits, its commit certificate "
          + "(DIR/slot-NNNNNNN.json, format bftpaxos-commit-certificate/v1) into DIR, for verify-certificate. Written "
          + "atomically by a separate thread from a bounded queue: if it falls behind, certificates are dropped and "
          + "counted (status line: export.dropped), the replica is never slowed. Files already in DIR are kept.")
  Path exportCertificates;

  /** The faulty behaviour around the correct core, checked before anything starts; or the core alone. */
  private dev.bftpaxos.replica.node.CoreWrapper wrapper() {
    if (faulty == null) {
      return dev.bftpaxos.replica.node.CoreWrapper.CORRECT;
    }
    BadInputException.check(() -> dev.bftpaxos.faulty.Behaviours.byName(faulty));
    // A real process has no seed to replay: the behaviour's randomness is fresh per start.
    java.util.Random random = new java.util.Random(new java.security.SecureRandom().nextLong());
    return (core, ctx) -> new dev.bftpaxos.faulty.FaultyReplica(core, dev.bftpaxos.faulty.Behaviours.byName(faulty),
        new dev.bftpaxos.faulty.FaultyContext(ctx.id(), ctx.replicas(), ctx.byzantine(), ctx.config(), ctx.signer(),
            ctx.configId(), random::nextInt, new dev.bftpaxos.faulty.Coalition(new java.util.TreeSet<>(java.util.Set.of(ctx.id()))),
            dev.bftpaxos.faulty.ActionGate.all(), durable -> ctx.freshCore().apply(durable)));
  }

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
    if (exportCertificates != null && c.mode() != dev.bftpaxos.replica.config.ClusterMode.BYZANTINE) {
      throw new BadInputException("--export-certificates: " + config + " is a " + c.mode().fileName()
          + "-mode cluster, whose replicas hold no commit certificates (no signatures); byzantine mode only");
    }
    if (exportCertificates != null && java.nio.file.Files.exists(exportCertificates)
        && !java.nio.file.Files.isDirectory(exportCertificates)) {
      throw new BadInputException("--export-certificates " + exportCertificates + ": is a file, give a directory");
    }
    PrintStream out = WriterOutputStream.printStream(out());
    PrintStream err = WriterOutputStream.printStream(err());
    java.util.function.Function<dev.bftpaxos.crypto.PublicConfiguration, dev.bftpaxos.replica.driver.CommitObserver>
        export = exportCertificates == null ? null
            : pub -> new dev.bftpaxos.learner.LiveCertificateExport(exportCertificates, pub, err, "replica " + id);
    try {
      int code = ReplicaProcess.run(config, id, out, err, new CountDownLatch(1), wrapper(), faulty, export);
      return code == ReplicaProcess.EXIT_BAD_INPUT ? ExitCodes.BAD_INPUT : code;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
