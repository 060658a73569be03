package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.attack.AttackRecords;
import dev.bftpaxos.attack.AttackSearch;
import dev.bftpaxos.attack.AttackSweep;
import dev.bftpaxos.attack.CounterexampleReport;
import dev.bftpaxos.attack.SimRun;
import dev.bftpaxos.check.Violation;
import dev.bftpaxos.experiment.ScenarioFile;
import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.faulty.BehaviourSpec;
import dev.bftpaxos.shard.Shard;
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
        "",
        "With no --faulty replicas this is the property tests' seed sweep (the same scenarios, seeds and "
            + "checkers), for many more seeds: e.g. --scenario random-faults --n 5 --seeds 100000. --shard I/N runs "
            + "every N-th seed; 'bft-paxos merge' reports the lowest failing seed over all shards (each shard "
            + "shrinks its own; the merge keeps the lowest), with the same files as one unsharded run.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos attack --mode crash --n 3 --faulty 0=equivocating-proposer",
        "  bft-paxos attack --scenario byzantine-random-faults --n 4 --seeds 200 \\",
        "      --faulty 0=colluding-equivocators,1=colluding-equivocators",
        "  bft-paxos attack --scenario byzantine-random-faults --n 4 --faulty 1=promise-breaking-acceptor",
        "",
        "  bft-paxos attack --scenario random-faults --n 5 --seeds 100000 --shard 3/8 --out shards",
        "",
        "The full trace and a JSON summary go to --out (counterexample.txt, counterexample.json); the search and",
        "shrink times go to timing.json (and --json's output), so the other files depend only on the settings."})
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

  @Option(names = "--faulty-clients", paramLabel = "BEHAVIOUR,...",
      description = "Misbehaving clients beside the correct ones, e.g. flooding-client,forging-client (the scenario "
          + "file's faulty_clients: unless given); their acts are shrunk like replicas'.")
  String faultyClients;

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
      description = "Where the counterexample's full trace and JSON summary are written (with --shard: the shard's file).")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every core).")
  Integer threads;

  @Option(names = "--shard", paramLabel = "I/N", description = Sharding.HELP)
  String shard;

  @Option(names = "--json", description = "Print the JSON summary instead of the readable report.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Override
  int execute() throws IOException {
    ScenarioFile.Loaded file = BadInputException.check(() -> Scenarios.resolve(scenario));
    Scenario s = Overrides.sized(file, replicas, mode);
    SortedMap<Integer, String> faultyReplicas = Overrides.faulty(faulty, file.faulty(), s.replicas());
    List<String> misbehavingClients = Overrides.faultyClients(faultyClients, file.faultyClients());
    BadInputException.check(() -> BrokenVariants.byName(variant));
    Overrides.atLeast("--seeds", seeds, 1);
    Overrides.atLeast("--shrink-budget", shrinkBudget, 0);
    int threadCount = Overrides.threads(threads);
    Shard part = Sharding.parse(shard);
    Scenario attacked = s;
    ObjectNode settings = settings(s, faultyReplicas, misbehavingClients);
    PrintWriter o = out();
    if (!json) {
      o.println(header(settings) + " on " + threadCount + " threads" + (part == null ? "" : ", shard " + part.render()));
      o.flush();
    }
    Simulator.Options options = Simulator.Options.defaults();
    long start = System.nanoTime();
    AttackSearch.Found found;
    long[] mine = AttackSweep.seeds(seedBase, seeds, part == null ? Shard.ALL : part);
    try (ProgressDisplay progress = ProgressDisplay.create("attack", quiet)) {
      found = AttackSearch.search(seed -> SimRun.of(scenario, attacked, false, seed, variant, faultyReplicas)
              .withFaultyClients(misbehavingClients),
          mine, options, threadCount, progress::update);
    }
    double searchSeconds = (System.nanoTime() - start) / 1e9;
    if (found.failure() != null && !json) {
      SimRun.Outcome failing = found.failure();
      o.printf(Locale.ROOT, "seed %d breaks %s (found after %d seeds%s, %.1f s): %s%n", failing.run().seed(),
          failing.result().violation().property(), found.seedsRun(), part == null ? "" : " of this shard's",
          searchSeconds, failing.result().violation().detail());
      o.println("shrinking ...");
      o.flush();
    }
    long shrinkStart = System.nanoTime();
    AttackSweep.Raw raw;
    try (ProgressDisplay progress = ProgressDisplay.create("shrink", quiet)) {
      raw = AttackSweep.finish(found, options, shrinkBudget, !noOtherMode,
          (runs, budget, what) -> progress.update(runs, budget));
    }
    double shrinkSeconds = found.failure() == null ? 0 : (System.nanoTime() - shrinkStart) / 1e9;
    if (part != null) {
      return Sharding.write(o, "attack", part, settings, AttackRecords.records(raw), out, start, threadCount,
          found.seedsRun() + " of its " + mine.length + " seeds judged, " + (raw.counterexample() == null
              ? "no violation" : "seed " + raw.counterexample().seed() + " breaks " + raw.counterexample().property()));
    }
    ObjectNode timing = JSON.createObjectNode().put("searchSeconds", searchSeconds).put("shrinkSeconds", shrinkSeconds)
        .put("threads", threadCount);
    return report(settings, AttackSweep.merge(seedBase, seeds, List.of(raw)), out, o, json, timing);
  }

  /** Everything the search's result depends on, resolved (threads do not, so they are not here). */
  private ObjectNode settings(Scenario s, SortedMap<Integer, String> faultyReplicas, List<String> clients) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("scenario", scenario).put("scenarioFile", Scenarios.fileDigest(scenario)).put("scenarioName", s.name())
        .put("mode", s.mode()).put("replicas", s.replicas())
        .put("faulty", (faultyReplicas.isEmpty() ? "none" : BehaviourSpec.renderAssignments(faultyReplicas))
            + (clients.isEmpty() ? "" : ", clients " + String.join(",", clients)))
        .put("variant", variant).put("seeds", seeds).put("seedBase", seedBase).put("shrinkBudget", shrinkBudget)
        .put("otherMode", !noOtherMode);
    return Sharding.settings(spec, n);
  }

  static String header(ObjectNode st) {
    long base = st.path("seedBase").asLong();
    return String.format(Locale.ROOT, "attack: scenario %s, n=%d (%s mode), variant %s, faulty %s, seeds %d..%d",
        st.path("scenarioName").asText(), st.path("replicas").asInt(), st.path("mode").asText(),
        st.path("variant").asText(), st.path("faulty").asText(), base, base + st.path("seeds").asInt() - 1);
  }

  /**
   * Prints the result, writes counterexample.txt and counterexample.json (if a seed failed) and
   * timing.json, and returns the exit code: what an unsharded run and a merge of shards both do.
   * {@code timing} holds wall-clock figures; they go to timing.json and --json's output only.
   */
  static int report(ObjectNode settings, AttackSweep.Result result, Path out, PrintWriter o, boolean json,
      ObjectNode timing) throws IOException {
    if (!result.found()) {
      if (json) {
        ObjectNode n = JSON.createObjectNode().put("found", false).put("seedsRun", result.seedsRun())
            .put("requestsCompleted", result.requestsCompleted()).put("actsPerformed", result.actsPerformed());
        n.setAll(timing);
        o.println(JSON.writeValueAsString(n));
      } else {
        o.printf(Locale.ROOT, "no violation in %d seeds (%d requests completed, %d misbehaving acts performed)%s%n",
            result.seedsRun(), result.requestsCompleted(), result.actsPerformed(), seconds(timing));
      }
      Sharding.writeTiming(out, timing);
      return ExitCodes.OK;
    }
    CounterexampleReport cx = result.counterexample();
    Files.createDirectories(out);
    Files.writeString(out.resolve("counterexample.txt"), cx.render());
    ObjectNode summary = json(cx, result);
    Files.writeString(out.resolve("counterexample.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    Sharding.writeTiming(out, timing);
    if (json) {
      summary.setAll(timing);
      o.println(JSON.writeValueAsString(summary));
    } else {
      o.printf(Locale.ROOT, "lowest failing seed %d breaks %s, found after %d seeds%n", cx.seed(), cx.property(),
          result.seedsRun());
      for (String l : cx.summary()) {
        o.println(l);
      }
      List<String> t = cx.trace();
      o.printf(Locale.ROOT, "  last %d of %d trace events (all in %s):%n", Math.min(TRACE_SHOWN, t.size()), t.size(),
          out.resolve("counterexample.txt"));
      for (String l : t.subList(Math.max(0, t.size() - TRACE_SHOWN), t.size())) {
        o.println("    " + l);
      }
      if (timing.has("shrinkSeconds")) {
        o.printf(Locale.ROOT, "shrunk in %.1f s%n", timing.path("shrinkSeconds").asDouble());
      }
      AttackSweep.OtherMode other = result.other();
      if (other != null) {
        o.println("same schedule in " + other.mode() + " mode (n=" + other.replicas() + "): "
            + (other.property() == null ? "no violation" : "VIOLATION of " + other.property() + ": " + other.detail()));
        o.println("  replay:  " + other.replay());
      }
    }
    return Violation.LIVENESS.equals(cx.property()) ? ExitCodes.LIVENESS : ExitCodes.SAFETY;
  }

  private static String seconds(ObjectNode timing) {
    return timing.has("searchSeconds") ? String.format(Locale.ROOT, " in %.1f s", timing.path("searchSeconds").asDouble())
        : "";
  }

  /** The counterexample's JSON summary: counterexample.json, and --json's output with the timing added. */
  private static ObjectNode json(CounterexampleReport cx, AttackSweep.Result result) {
    ObjectNode n = JSON.createObjectNode();
    n.put("found", true);
    n.put("property", cx.property());
    n.put("detail", cx.detail());
    n.put("seed", cx.seed());
    n.put("seedsRun", result.seedsRun());
    n.put("replay", cx.replay());
    n.put("originalReplay", cx.originalReplay());
    n.put("shrinkRuns", cx.shrinkRuns());
    ArrayNode steps = n.putArray("shrinkSteps");
    cx.steps().forEach(steps::add);
    ArrayNode acts = n.putArray("acts");
    for (CounterexampleReport.Act a : cx.acts()) {
      acts.addObject().put("index", a.index()).put("actor", a.actor()).put("what", a.what());
    }
    n.put("requests", cx.requests());
    n.put("faultEvents", cx.faultEvents());
    AttackSweep.OtherMode other = result.other();
    if (other != null) {
      n.putObject("otherMode").put("mode", other.mode()).put("replicas", other.replicas())
          .put("violation", other.property()).put("replay", other.replay());
    }
    return n;
  }
}
