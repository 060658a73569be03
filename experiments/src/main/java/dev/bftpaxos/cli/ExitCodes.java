package dev.bftpaxos.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Process exit codes, distinct per kind of failure so that scripts and CI can tell a broken
 * safety property from a stuck cluster from a typo (as TigerBeetle's simulator does).
 */
public final class ExitCodes {
  public static final int OK = 0;
  /** A run broke a safety property: agreement, validity, exactly-once, linearizability, an invariant. */
  public static final int SAFETY = 1;
  /** Bad command line or input file. picocli uses 2 for usage errors as well. */
  public static final int BAD_INPUT = 2;
  /** A request did not complete within the liveness bound after the network stabilized. */
  public static final int LIVENESS = 3;
  /** The tool itself failed (an exception); a bug to report. */
  public static final int INTERNAL = 4;

  /** Mixed into every command so each help page lists the exit codes. */
  @Command(exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
          "0:success, no violation",
          "1:a safety property was violated (agreement, validity, exactly-once, linearizability,"
              + " invariant)",
          "2:bad input: options, scenario file, fault plan, variant",
          "3:a liveness property was violated: a request did not complete in time once the network"
              + " was stable",
          "4:internal error (an exception in the tool)"})
  static final class Help {}

  /**
   * Gives every command whose help lists no exit codes the standard list, so that a command added
   * without the {@link Help} mixin still tells its users what its exit codes mean. Commands with
   * their own list (keygen, verify-certificate, check-history) keep it.
   */
  static void listInEveryHelp(CommandLine root) {
    CommandSpec standard = CommandSpec.forAnnotatedObject(new Help());
    Map<String, String> codes = standard.usageMessage().exitCodeList();
    for (CommandLine c : root.getSubcommands().values()) {
      if (c.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
        c.getCommandSpec().usageMessage().exitCodeListHeading(standard.usageMessage().exitCodeListHeading())
            .exitCodeList(c.getCommand() instanceof CommandLine.HelpCommand ? HELP_CODES : codes);
      }
    }
  }

  private static final Map<String, String> HELP_CODES = orderedMap("0", "help shown", "2", "no such command");

  private static Map<String, String> orderedMap(String... keyValues) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private ExitCodes() {}
}
