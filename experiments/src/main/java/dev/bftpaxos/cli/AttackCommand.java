package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.attack.AttackSearch;
import dev.bftpaxos.attack.AttackShrinker;
import dev.bftpaxos.attack.Counterexample;
import dev.bftpaxos.attack.SimRun;
import dev.bftpaxos.check.Violation;
import dev.bftpaxos.experiment.ScenarioFile;
import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.faulty.BehaviourSpec;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "attack",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Search seeds for a run in which faulty replicas break a property, and shrink it.",
    description = {
        "Runs seeds of a scenario with the given faulty replicas (on every core) until one breaks "
            + "agreement, validity, exactly-once, linearizability or liveness among the correct replicas. "
            + "It then shrinks that run - shorter workload, fewer requests and clients, no message loss, "
            + "fewer fault-plan events, fewer misbehaving acts - to a small run that still breaks the same "
            + "property, prints it with a replay command and the trace of messages that led there, and "
            + "replays the same schedule (seed, fault plan, workload, faulty replicas and acts) in the other mode.",
        "",
        "Exit codes: 0 no violation found, 1 a safety violation found, 3 a liveness violation found, 2 bad input.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos attack --mode crash --n 3 --faulty 0=equivocating-proposer",
        "  bft-paxos attack --scenario byzantine-random-faults --n 4 --seeds 200 \\",
        "      --faulty 0=colluding-equivocators,1=colluding-equivocators",
        "  bft-paxos attack --scenario byzantine-random-faults --n 4 --faulty 1=promise-breaking-acceptor",
        "",
        "The full trace and a JSON summary go to --out (counterexample.txt, counterexample.json)."})
final class AttackCommand extends CliCommand {
  @Mixin
  ExitCodes.Help exitCodes;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Trace lines printed on the terminal; the whole trace goes to the file. */
  private static final int TRACE_SHOWN = 60;

  @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "random-faults",
      description = "A built-in scenario or a YAML scenario file (its faulty: section is used unless --faulty is given).")
  String scenario;

  @Option(names = "--n", paramLabel = "N", description = "Number of replicas (" + Overrides.SIZE_DEFAULT + ").")
  Integer replicas;

  @Option(names = "--mode", paramLabel = "MODE", description = "crash or byzantine; overrides the scenario's.")
  String mode;

  @Option(names = "--faulty", paramLabel = "ID=BEHAVIOUR,...",
      description = "Misbehaving replicas, e.g. 0=equivocating-proposer or 0=colluding-equivocators,1=colluding-equivocators.")
  String faulty;

  @Option(names = "--seeds", paramLabel = "S", defaultValue = "100", description = "Seeds to try at most.")
  int seeds;

  @Option(names = "--seed-base", paramLabel = "N", defaultValue = "1", description = "First seed.")
  long seedBase;

  @Option(names = "--variant", paramLabel = "NAME", defaultValue = "correct", completionCandidates = VariantNames.class,
      description = "Protocol rules: correct or a broken variant (${COMPLETION-CANDIDATES}).")
  String variant;

  @Option(names = "--shrink-budget", paramLabel = "RUNS", defaultValue = "400",
      description = "Candidate runs the shrinker may spend (0: print the failing run unshrunk).")
  int shrinkBudget;

  @Option(names = "--no-other-mode", negatable = false, description = "Do not replay the counterexample in the other mode.")
  boolean noOtherMode;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/attack",
      description = "Where the counterexample's full trace and JSON summary are written.")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every core).")
  Integer threads;

  @Option(names = "--json", description = "Print the JSON summary instead of the readable report.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Override
  int execute() throws IOException {
    ScenarioFile.Loaded file = BadInputException.check(() -> Scenarios.resolve(scenario));
    Scenario s = Overrides.sized(file, replicas, mode);
    SortedMap<Integer, String> faultyReplicas = Overrides.faulty(faulty, file.faulty(), s.replicas());
    BadInputException.check(() -> BrokenVariants.byName(variant));
    Overrides.atLeast("--seeds", seeds, 1);
    Overrides.atLeast("--shrink-budget", shrinkBudget, 0);
    int threadCount = Overrides.threads(threads);
    Scenario attacked = s;
    PrintWriter o = out();
    if (!json) {
      o.printf(Locale.ROOT, "attack: scenario %s, n=%d (%s mode), variant %s, faulty %s, seeds %d..%d on %d threads%n",
          s.name(), s.replicas(), s.mode(), variant,
          faultyReplicas.isEmpty() ? "none" : BehaviourSpec.renderAssignments(faultyReplicas), seedBase,
          seedBase + seeds - 1, threadCount);
      o.flush();
    }
    Simulator.Options options = Simulator.Options.defaults();
    long start = System.nanoTime();
    AttackSearch.Found found;
    try (ProgressDisplay progress = ProgressDisplay.create("attack", quiet)) {
      found = AttackSearch.search(seed -> SimRun.of(scenario, attacked, false, seed, variant, faultyReplicas),
          seedBase, seeds, options, threadCount, progress::update);
    }
    double searchSeconds = (System.nanoTime() - start) / 1e9;
    if (found.failure() == null) {
      if (json) {
        ObjectNode n = JSON.createObjectNode().put("found", false).put("seedsRun", found.seedsRun())
            .put("requestsCompleted", found.requestsCompleted()).put("actsPerformed", found.actionsPerformed())
            .put("searchSeconds", searchSeconds);
        o.println(JSON.writeValueAsString(n));
      } else {
        o.printf(Locale.ROOT, "no violation in %d seeds (%d requests completed, %d misbehaving acts performed) in %.1f s%n",
            found.seedsRun(), found.requestsCompleted(), found.actionsPerformed(), searchSeconds);
      }
      return ExitCodes.OK;
    }
    SimRun.Outcome failing = found.failure();
    if (!json) {
      o.printf(Locale.ROOT, "seed %d breaks %s (found after %d seeds, %.1f s): %s%n", failing.run().seed(),
          failing.result().violation().property(), found.seedsRun(), searchSeconds, failing.result().violation().detail());
      o.println("shrinking ...");
      o.flush();
    }
    long shrinkStart = System.nanoTime();
    AttackShrinker.Shrunk shrunk;
    try (ProgressDisplay progress = ProgressDisplay.create("shrink", quiet)) {
      shrunk = AttackShrinker.shrink(failing, options, shrinkBudget, (runs, budget, what) -> progress.update(runs, budget));
    }
    Counterexample cx = Counterexample.of(failing, shrunk, options);
    double shrinkSeconds = (System.nanoTime() - shrinkStart) / 1e9;
    SimRun.Outcome other = null;
    if (!noOtherMode) {
      SimRun otherRun = cx.minimal().run().inOtherMode();
      other = otherRun.run(options);
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("counterexample.txt"), cx.render());
    ObjectNode summary = json(cx, other, found, searchSeconds, shrinkSeconds);
    Files.writeString(out.resolve("counterexample.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    if (json) {
      o.println(JSON.writeValueAsString(summary));
    } else {
      for (String l : cx.summary()) {
        o.println(l);
      }
      List<String> t = cx.trace();
      o.printf(Locale.ROOT, "  last %d of %d trace events (all in %s):%n", Math.min(TRACE_SHOWN, t.size()), t.size(),
          out.resolve("counterexample.txt"));
      for (String l : t.subList(Math.max(0, t.size() - TRACE_SHOWN), t.size())) {
        o.println("    " + l);
      }
      o.printf(Locale.ROOT, "shrunk in %.1f s%n", shrinkSeconds);
      if (other != null) {
        o.println("same schedule in " + other.run().scenario().mode() + " mode (n=" + other.run().scenario().replicas()
            + "): " + (other.ok() ? "no violation" : "VIOLATION of " + other.result().violation().property() + ": "
            + other.result().violation().detail()));
        o.println("  replay:  " + other.run().replayCommand());
      }
    }
    return Violation.LIVENESS.equals(cx.minimal().result().violation().property()) ? ExitCodes.LIVENESS : ExitCodes.SAFETY;
  }

  private static ObjectNode json(Counterexample cx, SimRun.Outcome other, AttackSearch.Found found, double searchSeconds,
      double shrinkSeconds) {
    SimRun.Outcome m = cx.minimal();
    ObjectNode n = JSON.createObjectNode();
    n.put("found", true);
    n.put("property", m.result().violation().property());
    n.put("detail", m.result().violation().detail());
    n.put("seed", m.run().seed());
    n.put("seedsRun", found.seedsRun());
    n.put("replay", m.run().replayCommand());
    n.put("originalReplay", cx.original().run().replayCommand());
    n.put("shrinkRuns", cx.shrunk().runs());
    ArrayNode steps = n.putArray("shrinkSteps");
    cx.shrunk().steps().forEach(steps::add);
    ArrayNode acts = n.putArray("acts");
    for (ActionGate.Action a : m.actions()) {
      acts.addObject().put("index", a.index()).put("replica", a.replica()).put("what", a.description());
    }
    n.put("requests", m.result().requestsIssued());
    n.put("faultEvents", m.run().plan().events().size());
    n.put("searchSeconds", searchSeconds);
    n.put("shrinkSeconds", shrinkSeconds);
    if (other != null) {
      ObjectNode on = n.putObject("otherMode");
      on.put("mode", other.run().scenario().mode()).put("replicas", other.run().scenario().replicas())
          .put("violation", other.ok() ? null : other.result().violation().property())
          .put("replay", other.run().replayCommand());
    }
    return n;
  }
}
