package dev.bftpaxos.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand: writes through picocli's out and err writers (so tests can capture them) and
 * turns {@link BadInputException} into a one-line message and exit code 2, also when the caller
 * built a plain {@code new CommandLine(new Main())} without Main's handlers.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true, headerHeading = "%n",
    exitCodeOnExecutionException = ExitCodes.INTERNAL)
abstract class CliCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } catch (BadInputException e) {
      err().println(spec.qualifiedName() + ": " + e.getMessage());
      err().flush();
      return ExitCodes.BAD_INPUT;
    } finally {
      out().flush();
      err().flush();
    }
  }

  abstract int execute() throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Standard input, or what a test gave {@link Main#commandLine(InputStream)} in its place. */
  InputStream in() {
    return spec.root().userObject() instanceof Main m ? m.in : System.in;
  }
}
