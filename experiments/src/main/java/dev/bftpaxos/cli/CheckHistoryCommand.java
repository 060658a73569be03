package dev.bftpaxos.cli;

import dev.bftpaxos.history.CheckHistoryMain;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-history",
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Check a recorded client history for linearizability.",
    description = {
        "Reads a history in JSON lines (one invoke and one ok/fail/info completion per operation, "
            + "in real-time order, as written by 'simulate --history' or by clients of the real "
            + "replica) and checks it against the key-value store's sequential specification. The "
            + "exit code is the checker's.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos simulate --scenario random-faults --seed 7 --history run.jsonl",
        "  bft-paxos check-history run.jsonl"})
final class CheckHistoryCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", description = "The history, JSON lines.")
  Path file;

  @Override
  int execute() {
    PrintStream out = WriterOutputStream.printStream(out());
    PrintStream err = WriterOutputStream.printStream(err());
    try {
      return CheckHistoryMain.run(file, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
