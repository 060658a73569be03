package dev.bftpaxos.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports a usage error: one line that names the command and the bad input,
 * picocli's suggestions, and where the help is; exit code 2. Only a missing command prints the
 * whole top-level usage, because there the list of commands is the answer.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionStrategy {
  private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

  /**
   * picocli does not reject unmatched arguments when {@code --help} is among them, so
   * {@code bft-paxos no-such-command --help} would print the top-level help and exit 0, and a
   * script could not tell that the command does not exist. Any unmatched argument, at any level,
   * is an error before help is considered.
   */
  @Override
  public int execute(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      // A command that collects unmatched arguments (jmh passes them on) has none to reject.
      if (!p.unmatched().isEmpty() && p.commandSpec().unmatchedArgsBindings().isEmpty()) {
        throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
      }
    }
    return next.execute(parseResult);
  }

  @Override
  public int handleParseException(ParameterException given, String[] args) {
    ParameterException e = typoFirst(given);
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + message(e, cmd));
    UnmatchedArgumentException.printSuggestions(e, err);
    if (cmd.getParent() == null && e.getMessage().startsWith(Main.MISSING_COMMAND)) {
      cmd.usage(err);
    } else {
      err.println("'" + name + " --help' explains the " + (cmd.getParent() == null ? "commands" : "options") + ".");
    }
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  /**
   * picocli reports missing required options before unknown ones, so {@code keygen --replicsa 4
   * --out k} would say that --replicas is missing rather than that --replicsa is misspelt. The
   * misspelling is the thing to fix: report it first.
   */
  private static ParameterException typoFirst(ParameterException e) {
    ParseResult partial = e.getCommandLine().getParseResult();
    if (e instanceof CommandLine.MissingParameterException && partial != null && !partial.unmatched().isEmpty()) {
      return new UnmatchedArgumentException(e.getCommandLine(), partial.unmatched());
    }
    return e;
  }

  /**
   * At the top level an unmatched word is a command that does not exist (and so is the word after
   * {@code help}): say so, by name, in the same words either way.
   */
  private static String message(ParameterException e, CommandLine cmd) {
    if (cmd.getParent() != null) {
      return e.getMessage();
    }
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      return first.startsWith("-") ? "unknown option '" + first + "'" : unknownCommand(first, cmd);
    }
    if (e.getMessage().startsWith("Unknown subcommand") && e.getValue() != null) {
      return unknownCommand(e.getValue(), cmd);
    }
    return e.getMessage();
  }

  private static String unknownCommand(String name, CommandLine root) {
    return "unknown command '" + name + "' (commands: " + String.join(", ", root.getSubcommands().keySet()) + ")";
  }
}
