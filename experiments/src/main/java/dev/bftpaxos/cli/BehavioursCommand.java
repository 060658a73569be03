package dev.bftpaxos.cli;

import dev.bftpaxos.faulty.Behaviours;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "behaviours",
    sortOptions = false,
    headerHeading = "%n",
    header = "List the ready misbehaviours for --faulty and faulty:, with their parameters.",
    description = {"Each line: the name, what it does, and its parameters (name(key=value,...); list items joined "
        + "with '+'). docs/FAULTY-NODES.md says more, and how to write a new one.", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  bft-paxos behaviours", "  bft-paxos behaviours --names      (one name a line, for scripts)"})
final class BehavioursCommand extends CliCommand {
  @Mixin
  ExitCodes.Help exitCodes;

  @Option(names = "--names", description = "Print only the names, one a line.")
  boolean names;

  @Override
  int execute() {
    PrintWriter o = out();
    for (Behaviours.Entry e : Behaviours.entries().values()) {
      if (names) {
        o.println(e.name());
        continue;
      }
      o.printf(Locale.ROOT, "%-26s %s%n", e.name(), e.summary());
      if (!e.parameters().isEmpty()) {
        o.printf(Locale.ROOT, "%-26s   parameters: %s%n", "", e.parameters());
      }
    }
    return ExitCodes.OK;
  }
}
