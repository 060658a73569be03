package dev.bftpaxos.cli;

import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code bft-paxos} command: simulation, experiments and checks from one jar. */
@Command(name = "bft-paxos",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Crash-fault and Byzantine-fault Paxos on one deterministic core: simulate, compare, check.",
    description = {
        "Every simulated run is deterministic: the same scenario, seed and variant give the same run, "
            + "and every failure prints a one-line command that replays it.",
        ""},
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    subcommands = {SimulateCommand.class, CompareCommand.class, AttackCommand.class, MatrixCommand.class, BehavioursCommand.class, MergeCommand.class, CheckHistoryCommand.class, BenchCommand.class,
        KeygenCommand.class, VerifyCertificateCommand.class, JmhCommand.class, ReplicaCommand.class,
        KvCommands.Put.class, KvCommands.Get.class, KvCommands.Delete.class, KvCommands.Cas.class, StatusCommand.class,
        LoadCommand.class, ProfileCommand.class, ClusterCommand.class, ReconfigureCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos simulate --scenario random-faults --n 5 --seed 42",
        "  bft-paxos compare --seeds 20",
        "  bft-paxos matrix --shard 0/4 --out shards   (then: bft-paxos merge shards)",
        "  bft-paxos check-history run.jsonl",
        "  bft-paxos bench",
        "  bft-paxos keygen --replicas 4 --clients 2 --out keys/",
        "  bft-paxos cluster --mode crash --n 3 --dir cluster   (then: bft-paxos load --config cluster/cluster.yaml)",
        "  bft-paxos verify-certificate slot-0000001.json --config keys/config.json",
        "  bft-paxos jmh SlotCryptoBench -p scheme=ed25519",
        "  bft-paxos help simulate"})
public final class Main implements Runnable {
  @Spec
  CommandSpec spec;

  @Mixin
  ExitCodes.Help exitCodes;

  /** What commands read as standard input ({@code check-history -}). */
  final InputStream in;

  private Main(InputStream in) {
    this.in = in;
  }

  public static void main(String[] args) {
    // A command-line tool: the plots of compare are drawn off-screen, with or without a display.
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@code main} runs it, with its usage-error handling and every command's
   * exit codes in its help. Tests use this too, so they exercise what a user runs.
   */
  public static CommandLine commandLine() {
    return commandLine(System.in);
  }

  /** {@link #commandLine()} reading {@code in} where a command reads standard input. */
  public static CommandLine commandLine(InputStream in) {
    CommandLine cl = new CommandLine(new Main(in));
    UsageErrors errors = new UsageErrors();
    cl.setParameterExceptionHandler(errors);
    cl.setExecutionStrategy(errors);
    ExitCodes.listInEveryHelp(cl);
    return cl;
  }

  static final String MISSING_COMMAND = "missing command";

  /** Without a command: say so and show the usage, as for any other usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), MISSING_COMMAND + ": give one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** The version from the jar's manifest (set by the build), and the Java running it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
          "bft-paxos " + (v == null ? "(development build)" : v),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
