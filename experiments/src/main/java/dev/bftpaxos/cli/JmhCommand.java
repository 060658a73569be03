package dev.bftpaxos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Hands every argument to JMH's own command line, so the micro-benchmarks shipped in this jar
 * (package {@code dev.bftpaxos.bench}) run with {@code bft-paxos jmh ...} as with
 * {@code java -cp bft-paxos.jar org.openjdk.jmh.Main ...}. It does what {@code org.openjdk.jmh.Main}
 * does, but answers errors with this tool's exit codes instead of JMH's {@code System.exit(1)}:
 * bad JMH options or a pattern that matches no benchmark are bad input (2), a failed run is an
 * internal error (4). JMH writes to the process's standard output.
 */
@Command(name = "jmh",
    customSynopsis = "bft-paxos jmh [JMH-ARGUMENTS...]",
    headerHeading = "%n",
    header = "Run the JMH micro-benchmarks in this jar; every argument goes to JMH (try 'bft-paxos jmh -h').",
    description = {
        "Benchmarks: SlotCryptoBench (signing and verification per committed Byzantine slot, per role), "
            + "CertificateVerifyBench (commit certificate, direct and cached), SignatureBench (one sign, one verify). "
            + "Add '-prof dev.bftpaxos.bench.CpuTimeProfiler' for CPU time per op, '-rf json -rff FILE' to keep the "
            + "results, then 'java -cp bft-paxos.jar dev.bftpaxos.bench.BenchSummary FILE' for the tables of "
            + "docs/BENCHMARKS.md.",
        "",
        "'bft-paxos jmh --help' prints this page; 'bft-paxos jmh -h' prints JMH's own options.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:benchmarks ran (or a list or JMH's help was printed)",
        "2:bad input: an option JMH does not know, or a pattern that matches no benchmark",
        "4:internal error: a benchmark or profiler failed"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos jmh -l",
        "  bft-paxos jmh SlotCryptoBench -p scheme=ed25519 -p n=4",
        "  bft-paxos jmh 'SlotCryptoBench|CertificateVerifyBench|SignatureBench' "
            + "-prof dev.bftpaxos.bench.CpuTimeProfiler -rf json -rff jmh.json"})
final class JmhCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (args.contains("--help")) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(args.toArray(new String[0]));
    } catch (CommandLineOptionException e) {
      return badInput("JMH does not accept these arguments: " + e.getMessage());
    }
    Runner runner = new Runner(options);
    if (options.shouldHelp()) {
      options.showHelp();
    } else if (options.shouldList()) {
      runner.list();
    } else if (options.shouldListWithParams()) {
      runner.listWithParams(options);
    } else if (options.shouldListProfilers()) {
      options.listProfilers();
    } else if (options.shouldListResultFormats()) {
      options.listResultFormats();
    } else {
      try {
        runner.run();
      } catch (NoBenchmarksException e) {
        return badInput("no benchmark matches " + options.getIncludes() + " ('bft-paxos jmh -l' lists them)");
      } catch (RunnerException e) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": the benchmark run failed: " + e);
        spec.commandLine().getErr().flush();
        return ExitCodes.INTERNAL;
      }
    }
    return ExitCodes.OK;
  }

  private int badInput(String message) {
    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
    spec.commandLine().getErr().flush();
    return ExitCodes.BAD_INPUT;
  }
}
