package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.check.Violation;
import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.experiment.Formats;
import dev.bftpaxos.sim.ReplayCommand;
import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.RunResult;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.attack.SimRun;
import dev.bftpaxos.experiment.ScenarioFile;
import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.faulty.BehaviourSpec;
import dev.bftpaxos.learner.CertificateExport;
import java.util.Map;

@Command(name = "simulate",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Run one scenario with one seed in the deterministic simulator.",
    description = {
        "Runs the cluster, its clients and the network in simulated time from one seed, checks "
            + "agreement, validity, exactly-once, linearizability and liveness, and prints what it "
            + "measured. The same scenario, seed, variant and fault plan always give the same run "
            + "and trace hash.",
        "",
        "On a violation it prints the property, the seed, a one-line replay command and the last "
            + "events of the trace, and exits with 1 (safety) or 3 (liveness).",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos simulate                 (basic scenario, 3 replicas, seed 1)",
        "  bft-paxos simulate --scenario random-faults --n 5 --seed 42",
        "  bft-paxos simulate --scenario docs/scenario-example.yaml --json",
        "  bft-paxos simulate --scenario random-faults --seed 3 \\",
        "      --variant quorum-n-over-2",
        "  bft-paxos simulate --scenario random-faults --seed 3 \\",
        "      --faults 'crash(1)@200ms;cut(0,2)@300ms;heal@800ms'",
        "  bft-paxos simulate --history run.jsonl",
        "",
        "Fault plan text: events separated by ';', each at a time in us, ms or s:",
        "  crash(R)@T   crash!(R)@T (crashes after persisting, before sending)",
        "  restart(R)@T   cut(A,B)@T   partition(0,1|2)@T   heal@T",
        "After the last event (or the random-faults window) the network heals and",
        "every crashed replica restarts."})
final class SimulateCommand extends CliCommand {
  @Mixin
  ExitCodes.Help exitCodes;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRACE_EVENTS = 400;

  @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "basic",
      description = "A built-in scenario (basic, random-faults, lease-reads, byzantine-basic, byzantine-random-faults) or a YAML scenario file (see docs/scenario-example.yaml).")
  String scenario;

  @Option(names = "--n", paramLabel = "N",
      description = "Number of replicas (" + Overrides.SIZE_DEFAULT + ").")
  Integer replicas;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the run: network, clients, replicas' randomness and any fault plan drawn from it.")
  long seed;

  @Option(names = "--variant", paramLabel = "NAME", defaultValue = "correct", completionCandidates = VariantNames.class,
      description = "Protocol rules: correct, or a deliberately broken variant that the checkers must catch: ${COMPLETION-CANDIDATES}.")
  String variant;

  @Option(names = "--faults", paramLabel = "PLAN",
      description = "Use exactly this fault plan instead of the scenario's fixed and per-seed plans (e.g. a shrunk one, or 'none').")
  String faults;

  @Option(names = "--no-faults",
      description = "Remove every fault: no fault plan and no message loss, duplication or reordering (the 'none' rows of compare).")
  boolean noFaults;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "crash or byzantine; overrides the scenario's (Byzantine mode needs n >= 4, crash mode n >= 1).")
  String mode;

  @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "fastsim",
      description = "Signature scheme of a Byzantine run: fastsim (fast, simulation only) or ed25519. "
          + "It changes no message order, only the cost and the signature bytes.")
  String scheme;

  @Option(names = "--faulty", paramLabel = "ID=BEHAVIOUR,...",
      description = "Misbehaving replicas, e.g. 0=equivocating-proposer,3='silent-node(to=1+2)'; overrides the "
          + "scenario file's faulty: section. `bft-paxos behaviours` lists them. Checkers judge only the other replicas.")
  String faulty;

  @Option(names = "--faulty-clients", paramLabel = "BEHAVIOUR,...",
      description = "Misbehaving clients beside the workload's correct ones, e.g. flooding-client,'forging-client(every=3)' "
          + "(repeat a name for several); overrides the scenario file's faulty_clients: list. `bft-paxos behaviours` "
          + "lists them. Checkers judge only the correct clients, which must stay live.")
  String faultyClients;

  @Option(names = "--faulty-actions", paramLabel = "LIST",
      description = "Allow only these misbehaving acts (numbered in the order faulty replicas attempt them), "
          + "e.g. 0-3,7; the others are not performed. Attack replays use it.")
  String faultyActions;

  @Option(names = "--spare-messages", paramLabel = "LIST",
      description = "Transmissions (numbered in the order they are sent) the network must not lose, duplicate or "
          + "delay, whatever the seed draws, e.g. 0-40,52. Attack replays use it.")
  String spareMessages;

  @Option(names = "--clients", paramLabel = "N", description = "Override the scenario's number of clients.")
  Integer clients;

  @Option(names = "--requests", paramLabel = "N",
      description = "Override requests per client (0: until the end of the workload).")
  Integer requests;

  @Option(names = "--duration", paramLabel = "TIME", description = "Override how long clients issue requests, e.g. 300ms.")
  String duration;

  @Option(names = "--settle", paramLabel = "TIME",
      description = "After the workload, run TIME more with no requests and no faults, then require every "
          + "correct replica that is up to have executed as far as the furthest one (a liveness violation "
          + "otherwise), e.g. 3s: a restarted replica must catch up on a quiet cluster too.")
  String settle;

  @Option(names = "--loss", paramLabel = "P", description = "Override the message loss rate.")
  Double loss;

  @Option(names = "--duplicate", paramLabel = "P", description = "Override the message duplication rate.")
  Double duplicate;

  @Option(names = "--reorder", paramLabel = "P", description = "Override the message reordering rate.")
  Double reorder;

  @Option(names = "--export-certificates", paramLabel = "DIR",
      description = "Byzantine mode: write every commit certificate (slot-NNNNNNN.json) and the public "
          + "configuration (config.json) to DIR; check them with verify-certificate (use --scheme ed25519 "
          + "for certificates anyone can verify from public keys).")
  Path exportCertificates;

  @Option(names = "--history", paramLabel = "FILE",
      description = "Write the clients' history (invoke/ok/fail/info JSON lines, the check-history format) to FILE.")
  Path history;

  @Option(names = "--trace", description = "Print the kept trace (the last --trace-events events).")
  boolean trace;

  @Option(names = "--trace-events", paramLabel = "N", defaultValue = "" + TRACE_EVENTS,
      description = "How many of the last events the trace keeps and prints (1..10000000; more costs memory, "
          + "about 200 bytes an event). Default: ${DEFAULT-VALUE}")
  int traceEvents;

  @Option(names = "--json", description = "Print one JSON object instead of the readable summary.")
  boolean json;

  @Override
  int execute() throws IOException {
    ScenarioFile.Loaded file = BadInputException.check(() -> Scenarios.resolve(scenario));
    Scenario s = Overrides.sized(file, replicas, mode);
    if (noFaults && faults != null) {
      throw new BadInputException("give --faults or --no-faults, not both");
    }
    if (noFaults) {
      s = Scenarios.withoutFaults(s);
    }
    if (exportCertificates != null && !s.byzantine()) {
      throw new BadInputException("--export-certificates needs Byzantine mode (--mode byzantine): crash mode signs nothing");
    }
    if (!scheme.equals("fastsim") && !scheme.equals("ed25519")) {
      throw new BadInputException("--scheme must be fastsim or ed25519, got '" + scheme + "'");
    }
    if (traceEvents < 1 || traceEvents > 10_000_000) {
      throw new BadInputException("--trace-events must be 1..10000000, got " + traceEvents);
    }
    s = Overrides.apply(s, clients, requests, duration, loss, duplicate, reorder);
    java.util.SortedMap<Integer, String> faultyReplicas = Overrides.faulty(faulty, file.faulty(), s.replicas());
    java.util.SortedSet<Integer> allowedActions = faultyActions == null ? null
        : BadInputException.check(() -> ActionGate.parse(faultyActions));
    Variant rules = BadInputException.check(() -> BrokenVariants.byName(variant));
    FaultPlan plan = planFor(s);
    Simulator.Options options = new Simulator.Options(traceEvents, history != null, true, true, trace)
        .withSignatureScheme(scheme).withFaulty(faultyReplicas).withFaultyActions(allowedActions);
    if (exportCertificates != null) {
      options = options.withCertificates();
    }
    if (settle != null) {
      long micros = BadInputException.check(() -> dev.bftpaxos.experiment.Durations.parseMicros(settle));
      if (micros <= 0) {
        throw new BadInputException("--settle must be a positive duration, got '" + settle + "'");
      }
      options = options.withSettle(micros);
    }
    java.util.SortedSet<Integer> spared = spareMessages == null ? null
        : BadInputException.check(() -> ActionGate.parse(spareMessages));
    List<String> misbehavingClients = Overrides.faultyClients(faultyClients, file.faultyClients());
    SimRun run = new SimRun(scenario, s, noFaults, seed, variant, plan, faultyReplicas, allowedActions, spared)
        .withFaultyClients(misbehavingClients);
    SimRun.Outcome outcome = run.run(options);
    RunResult r = outcome.result();
    if (history != null) {
      writeHistory(r);
    }
    if (exportCertificates != null) {
      exportCertificates(r, outcome.chain(), plan);
    }
    String replay = run.replayCommand() + (settle == null ? "" : " --settle " + settle);
    if (!outcome.reconfigurations().isEmpty() && !json) {
      err().println("reconfigured " + String.join("; ", outcome.reconfigurations()));
    }
    if ((!faultyReplicas.isEmpty() || !misbehavingClients.isEmpty()) && !json) {
      err().println("faulty       " + BehaviourSpec.renderAssignments(faultyReplicas)
          + (misbehavingClients.isEmpty() ? "" : (faultyReplicas.isEmpty() ? "" : "; ") + "clients "
              + String.join(",", misbehavingClients)) + ": " + outcome.actions().size()
          + " misbehaving acts performed of " + outcome.actionsAttempted() + " attempted");
    }
    if (json) {
      out().println(JSON.writeValueAsString(json(s, r, replay)));
    } else {
      printSummary(s, r, replay);
    }
    if (r.ok()) {
      return ExitCodes.OK;
    }
    return Violation.LIVENESS.equals(r.violation().property()) ? ExitCodes.LIVENESS : ExitCodes.SAFETY;
  }

  /**
   * An explicit plan replaces the scenario's fixed and drawn ones but keeps the scenario (and so
   * the time the network stabilizes), which is what makes a replay with --faults exact.
   */
  private FaultPlan planFor(Scenario s) {
    if (faults == null) {
      return Simulator.planFor(s, seed);
    }
    return BadInputException.check(() -> {
      FaultPlan p = FaultPlan.parse(faults);
      p.validate(s.replicas());
      return p;
    });
  }


  /**
   * Writes the run's commit certificates and config.json, and where the run reconfigured, the
   * chain of the changes' reply certificates as chain/C<j>.json, each certificate naming the
   * configuration that governs its slot (docs/CERTIFICATES.md, section 10).
   */
  private void exportCertificates(RunResult r, List<dev.bftpaxos.core.client.ReplyCertificate> links, FaultPlan plan)
      throws java.io.IOException {
    // The simulator checked each link as a learner does (ConfigurationChain); link j says "ok C<j> from F".
    java.util.TreeMap<Long, Long> configurationFrom = new java.util.TreeMap<>(java.util.Map.of(1L, 0L));
    List<Path> linkFiles = new java.util.ArrayList<>();
    for (dev.bftpaxos.core.client.ReplyCertificate link : links) {
      dev.bftpaxos.core.log.ChangeAccepted accepted = dev.bftpaxos.core.log.ChangeAccepted.parse(link.result());
      if (accepted == null) {
        break;
      }
      configurationFrom.put(accepted.fromSlot(), accepted.configuration());
      Path file = exportCertificates.resolve("chain").resolve("C" + accepted.configuration() + ".json");
      // The change executed in the configuration before the one it made: that is the one its link names.
      dev.bftpaxos.learner.ReplyCertificateFile.write(file, link, r.configuration(), accepted.configuration() - 1);
      linkFiles.add(file);
    }
    List<Path> written = CertificateExport.exportAll(exportCertificates, r.configuration(), certificates(r),
        slot -> configurationFrom.floorEntry(slot).getValue());
    String chainArgs = linkFiles.stream().map(f -> " --chain " + f).collect(java.util.stream.Collectors.joining());
    err().println("exported " + (written.size() - 1) + " commit certificates and config.json to " + exportCertificates
        + (linkFiles.isEmpty() ? "" : ", and the chain of " + linkFiles.size() + " configuration changes; check with "
            + "verify-certificate FILE --config " + exportCertificates.resolve("config.json")
            + ("fastsim".equals(scheme) ? " --seed " + seed : "")
            + (plan.firstMembers() == null ? "" : " --members " + plan.firstMembers().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","))) + chainArgs));
  }

  private static List<CommitCertificate> certificates(RunResult r) {
    List<CommitCertificate> out = new java.util.ArrayList<>();
    for (CommitProof p : r.certificates()) {
      out.add(new CommitCertificate(r.configuration().configId(), p.ballot(), p.slot(), p.digest(), p.batch(), p.signatures()));
    }
    return out;
  }

  private void writeHistory(RunResult r) {
    try {
      Path parent = history.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(history, r.history());
    } catch (IOException e) {
      throw new BadInputException("cannot write the history to " + history + ": " + e.getMessage());
    }
  }

  private void printSummary(Scenario s, RunResult r, String replay) {
    PrintWriter o = out();
    Histogram h = r.latencyMicros();
    o.printf(Locale.ROOT, "scenario     %s, n=%d (%s mode), variant %s, seed %d%n", s.name(), s.replicas(), s.mode(),
        variant, seed);
    o.printf(Locale.ROOT, "fault plan   %s%n", r.plan().render());
    o.printf(Locale.ROOT, "requests     %d completed of %d issued, %d client retransmissions%n",
        r.requestsCompleted(), r.requestsIssued(), r.clientRetransmissions());
    o.printf(Locale.ROOT, "throughput   %s req/s of simulated time (last completion at %s ms)%n",
        Formats.decimal(r.throughputPerSimSecond(), 0), Formats.millis(r.lastCompletionMicros()));
    if (h.getTotalCount() > 0) {
      o.printf(Locale.ROOT, "latency      p50 %s ms, p90 %s ms, p99 %s ms, max %s ms%n",
          Formats.millis(h.getValueAtPercentile(50)), Formats.millis(h.getValueAtPercentile(90)),
          Formats.millis(h.getValueAtPercentile(99)), Formats.millis(h.getMaxValue()));
    } else {
      o.println("latency      - (no request completed)");
    }
    o.printf(Locale.ROOT, "messages     %d sent, %s per request%n", r.messagesSent(),
        Formats.decimal(r.messagesPerRequest(), 2));
    o.printf(Locale.ROOT, "bytes        %s sent, %s per request%n", Formats.bytes(r.bytesSent()),
        Formats.decimal(r.bytesPerRequest(), 0));
    if (!r.rejections().isEmpty()) {
      o.printf(Locale.ROOT, "rejected     %s%n", r.rejections());
    }
    o.printf(Locale.ROOT, "wall time    %s ms for %s ms of simulated time%n", Formats.decimal(r.wallNanos() / 1e6, 0),
        Formats.millis(r.simulatedMicros()));
    o.printf(Locale.ROOT, "trace        hash %s over %d events%n", Formats.hex(r.traceHash()), r.traceEvents());
    if (r.ok()) {
      o.println("result       OK: no violation");
      if (trace) {
        printTrace(o, r.trace());
      }
      return;
    }
    o.printf(Locale.ROOT, "result       VIOLATION of %s%n", r.violation().property());
    o.printf(Locale.ROOT, "detail       %s%n", r.violation().detail());
    o.printf(Locale.ROOT, "seed         %d%n", seed);
    o.printf(Locale.ROOT, "replay       %s%n", replay);
    printTrace(o, r.trace());
  }

  private static void printTrace(PrintWriter o, List<String> lines) {
    if (lines.isEmpty()) {
      o.println("trace        (no events kept)");
      return;
    }
    o.printf(Locale.ROOT, "trace        last %d events:%n", lines.size());
    lines.forEach(l -> o.println("  " + l));
  }

  private ObjectNode json(Scenario s, RunResult r, String replay) {
    ObjectNode j = JSON.createObjectNode();
    j.put("scenario", s.name()).put("mode", s.mode()).put("replicas", s.replicas()).put("seed", seed)
        .put("variant", variant).put("faultPlan", r.plan().render());
    j.put("requestsIssued", r.requestsIssued()).put("requestsCompleted", r.requestsCompleted())
        .put("clientRetransmissions", r.clientRetransmissions()).put("slotsChosen", r.slotsChosen());
    j.put("simulatedMicros", r.simulatedMicros()).put("lastCompletionMicros", r.lastCompletionMicros());
    number(j, "throughputPerSimSecond", r.throughputPerSimSecond());
    ObjectNode lat = j.putObject("latencyMicros");
    Histogram h = r.latencyMicros();
    if (h.getTotalCount() > 0) {
      lat.put("p50", h.getValueAtPercentile(50)).put("p90", h.getValueAtPercentile(90))
          .put("p99", h.getValueAtPercentile(99)).put("max", h.getMaxValue()).put("mean", h.getMean());
    }
    j.put("messagesSent", r.messagesSent()).put("bytesSent", r.bytesSent());
    number(j, "messagesPerRequest", r.messagesPerRequest());
    number(j, "bytesPerRequest", r.bytesPerRequest());
    ObjectNode rej = j.putObject("rejections");
    r.rejections().forEach(rej::put);
    j.put("wallMillis", r.wallNanos() / 1e6);
    j.put("traceHash", Formats.hex(r.traceHash())).put("traceEvents", r.traceEvents());
    j.put("ok", r.ok());
    if (r.ok()) {
      j.putNull("violation");
    } else {
      j.putObject("violation").put("property", r.violation().property()).put("detail", r.violation().detail());
    }
    j.put("replay", replay);
    if (trace) {
      var lines = j.putArray("trace");
      r.trace().forEach(lines::add);
    }
    return j;
  }

  /** JSON has no NaN: a ratio over zero requests is null. */
  private static void number(ObjectNode j, String name, double v) {
    if (Double.isFinite(v)) {
      j.put(name, v);
    } else {
      j.putNull(name);
    }
  }
}
