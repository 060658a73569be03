package dev.bftpaxos.cli;

import dev.bftpaxos.history.CheckHistoryMain;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-history",
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Check recorded client histories for linearizability.",
    description = {
        "Reads a history in JSON lines (one invoke and one ok/fail/info completion per operation, "
            + "in real-time order, as written by 'simulate --history' or by clients of the real "
            + "replica) and checks it against the key-value store's sequential specification.",
        "",
        "With one file it prints the verdict (LINEARIZABLE, NOT LINEARIZABLE or UNKNOWN) and, for a "
            + "failure, the operations that cannot be ordered. With several, each file gets one verdict "
            + "line 'FILE: VERDICT' (VERDICT may also be BAD INPUT) with its details indented below, so "
            + "'grep -v \"^ \"' leaves one line per file; a count of verdicts goes to stderr. '-' reads "
            + "standard input. All files are checked in one process, which saves a JVM start per file. "
            + "With several files the exit code is the worst file's, in the order 1, 2, 3, 0.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every history is linearizable",
        "1:a history is not linearizable",
        "2:bad input: a file is missing, unreadable or malformed (the message names the line)",
        "3:unknown: the search budget ran out on some key, and no history was proven non-linearizable",
        "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos simulate --scenario random-faults --seed 7 --history run.jsonl",
        "  bft-paxos check-history run.jsonl",
        "  bft-paxos check-history histories/*.jsonl | grep -v '^ '",
        "  cat run.jsonl | bft-paxos check-history -"})
final class CheckHistoryCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "History files, JSON lines; '-' is standard input.")
  List<String> files;

  @Override
  int execute() {
    PrintStream out = WriterOutputStream.printStream(out());
    PrintStream err = WriterOutputStream.printStream(err());
    try {
      return CheckHistoryMain.run(files, in(), out, err, spec.qualifiedName());
    } finally {
      out.flush();
      err.flush();
    }
  }
}
