package dev.bftpaxos.cli;

import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.faulty.client.ClientBehaviours;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "behaviours",
    sortOptions = false,
    headerHeading = "%n",
    header = "List the ready misbehaviours of replicas (--faulty, faulty:) and clients (--faulty-clients, "
        + "faulty_clients:), with their parameters.",
    description = {"Each line: the name, what it does, and its parameters (name(key=value,...); list items joined "
        + "with '+'). A class name (com.example.MyBehaviour(k=v)) loads a behaviour of your own from the "
        + "classpath. docs/FAULTY-NODES.md says more, and how to write a new one.", ""},
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
    for (dev.bftpaxos.faulty.Registry.Entry<?> e : Behaviours.entries().values()) {
      if (names) {
        o.println(e.name());
        continue;
      }
      line(o, e.name(), e.summary(), e.parameters());
    }
    if (!names) {
      o.println();
      o.println("Faulty clients (--faulty-clients, faulty_clients:):");
    }
    for (dev.bftpaxos.faulty.Registry.Entry<?> e : ClientBehaviours.entries().values()) {
      if (names) {
        o.println(e.name());
      } else {
        line(o, e.name(), e.summary(), e.parameters());
      }
    }
    return ExitCodes.OK;
  }

  private static void line(PrintWriter o, String name, String summary, String parameters) {
    o.printf(Locale.ROOT, "%-26s %s%n", name, summary);
    if (!parameters.isEmpty()) {
      o.printf(Locale.ROOT, "%-26s   parameters: %s%n", "", parameters);
    }
  }
}
