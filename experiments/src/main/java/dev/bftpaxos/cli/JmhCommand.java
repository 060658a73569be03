package dev.bftpaxos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Hands every argument to JMH's own command line ({@code org.openjdk.jmh.Main}), so the
 * micro-benchmarks shipped in this jar (package {@code dev.bftpaxos.bench}) run with
 * {@code bft-paxos jmh ...} exactly as with {@code java -cp bft-paxos.jar org.openjdk.jmh.Main ...}.
 * JMH writes to the process's standard output, and exits the JVM itself on bad arguments.
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
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos jmh -l",
        "  bft-paxos jmh SlotCryptoBench -p scheme=ed25519 -p n=4",
        "  bft-paxos jmh 'SlotCryptoBench|CertificateVerifyBench|SignatureBench' "
            + "-prof dev.bftpaxos.bench.CpuTimeProfiler -rf json -rff jmh.json"})
final class JmhCommand implements Callable<Integer> {
  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(args.toArray(new String[0]));
    return ExitCodes.OK;
  }
}
