package dev.bftpaxos.attack;

import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.faulty.BehaviourSpec;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.NetworkSpec;
import dev.bftpaxos.sim.ReplayCommand;
import dev.bftpaxos.sim.RunResult;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import dev.bftpaxos.sim.variants.BrokenVariants;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Everything that fixes one simulated run with faulty replicas, and so its replay command: the
 * scenario as named on the command line and as actually run (after --n, --mode, --no-faults and any
 * shrinking of clients, requests, duration and network faults), the seed, rules, fault plan, which
 * replicas and clients misbehave and which of their acts are allowed ({@code null}: all).
 */
public record SimRun(String scenarioRef, Scenario scenario, boolean noFaults, long seed, String variant,
    FaultPlan plan, SortedMap<Integer, String> faulty, SortedSet<Integer> actions, SortedSet<Integer> spared,
    List<String> faultyClients) {

  public SimRun {
    faulty = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(faulty));
    faultyClients = List.copyOf(faultyClients);
    spared = spared == null ? java.util.Collections.emptySortedSet()
        : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(spared));
  }

  public SimRun(String scenarioRef, Scenario scenario, boolean noFaults, long seed, String variant, FaultPlan plan,
      SortedMap<Integer, String> faulty, SortedSet<Integer> actions) {
    this(scenarioRef, scenario, noFaults, seed, variant, plan, faulty, actions, null, List.of());
  }

  public SimRun(String scenarioRef, Scenario scenario, boolean noFaults, long seed, String variant, FaultPlan plan,
      SortedMap<Integer, String> faulty, SortedSet<Integer> actions, SortedSet<Integer> spared) {
    this(scenarioRef, scenario, noFaults, seed, variant, plan, faulty, actions, spared, List.of());
  }

  /**
   * A run's result together with the misbehaving acts it performed, what the reconfiguration
   * client got back for each configuration change the plan issued, and (Byzantine mode) the chain
   * of those changes' reply certificates a learner follows.
   */
  public record Outcome(SimRun run, RunResult result, List<ActionGate.Action> actions, int actionsAttempted,
      List<Integer> disturbed, List<String> reconfigurations,
      List<dev.bftpaxos.core.client.ReplyCertificate> chain) {
    public boolean ok() {
      return result.ok();
    }
  }

  /** The run of {@code scenario} for {@code seed} with its own fault plan (fixed plus drawn). */
  public static SimRun of(String scenarioRef, Scenario scenario, boolean noFaults, long seed, String variant,
      Map<Integer, String> faulty) {
    return new SimRun(scenarioRef, scenario, noFaults, seed, variant, Simulator.planFor(scenario, seed),
        new TreeMap<>(faulty), null, null, List.of());
  }

  /** The same run with these misbehaving clients beside the correct ones. */
  public SimRun withFaultyClients(List<String> specs) {
    return new SimRun(scenarioRef, scenario, noFaults, seed, variant, plan, faulty, actions, spared, specs);
  }

  public Outcome run(Simulator.Options options) {
    Simulator sim = new Simulator(scenario, seed, BrokenVariants.byName(variant), plan,
        options.withFaulty(faulty).withFaultyActions(actions).withFaultyClients(faultyClients)).spare(spared);
    RunResult r = sim.run();
    return new Outcome(this, r, sim.faultyActions(), sim.faultyActionsAttempted(), sim.disturbedTransmissions(),
        sim.reconfigurations(), sim.chainLinks());
  }

  public SimRun withScenario(Scenario s) {
    return new SimRun(scenarioRef, s, noFaults, seed, variant, plan, faulty, actions, spared, faultyClients);
  }

  public SimRun withPlan(FaultPlan p) {
    return new SimRun(scenarioRef, scenario, noFaults, seed, variant, p, faulty, actions, spared, faultyClients);
  }

  public SimRun withSpared(SortedSet<Integer> transmissions) {
    return new SimRun(scenarioRef, scenario, noFaults, seed, variant, plan, faulty, actions, transmissions, faultyClients);
  }

  public SimRun withActions(SortedSet<Integer> a) {
    return new SimRun(scenarioRef, scenario, noFaults, seed, variant, plan, faulty, a, spared, faultyClients);
  }

  public SimRun withSeed(long s) {
    return new SimRun(scenarioRef, scenario, noFaults, s, variant, Simulator.planFor(scenario, s), faulty, actions, spared, faultyClients);
  }

  /**
   * The same schedule (seed, fault plan, workload, faulty replicas and their acts) in the other
   * mode. The size stays, except that Byzantine mode needs at least 4 replicas. The network is
   * drawn from the same seed, but the two modes send different messages, so delays fall on
   * different messages: it is the same schedule of faults, not the same interleaving.
   */
  public SimRun inOtherMode() {
    String other = scenario.byzantine() ? "crash" : "byzantine";
    Scenario s = scenario;
    if (other.equals("byzantine") && s.replicas() < 4) {
      s = s.withReplicas(4);
    }
    return withScenario(s.withMode(other));
  }

  /** The scenario the command line would build before any override: what overrides are relative to. */
  private Scenario reference() {
    Scenario ref = Scenarios.resized(Scenarios.resolve(scenarioRef).scenario(), scenario.mode(), scenario.replicas());
    return noFaults ? Scenarios.withoutFaults(ref) : ref;
  }

  /** The one-line {@code bft-paxos simulate} command that replays this run exactly. */
  public String replayCommand() {
    Scenario ref = reference();
    StringBuilder b = new StringBuilder(ReplayCommand.simulate(scenarioRef, scenario.replicas(), seed, variant, plan,
        noFaults && plan.events().isEmpty()));
    if (!scenario.mode().equals(Scenarios.resolve(scenarioRef).scenario().mode())) {
      b.append(" --mode ").append(scenario.mode());
    }
    appendOverrides(b, ref);
    if (!faulty.isEmpty()) {
      b.append(" --faulty ").append(ReplayCommand.quote(BehaviourSpec.renderAssignments(faulty)));
    }
    if (!faultyClients.isEmpty()) {
      b.append(" --faulty-clients ").append(ReplayCommand.quote(String.join(",", faultyClients)));
    }
    if (actions != null) {
      b.append(" --faulty-actions ").append(ReplayCommand.quote(ActionGate.render(actions)));
    }
    if (!spared.isEmpty()) {
      b.append(" --spare-messages ").append(ReplayCommand.quote(ActionGate.render(spared)));
    }
    return b.toString();
  }

  private void appendOverrides(StringBuilder b, Scenario ref) {
    if (scenario.workload().clients() != ref.workload().clients()) {
      b.append(" --clients ").append(scenario.workload().clients());
    }
    if (scenario.workload().requestsPerClient() != ref.workload().requestsPerClient()) {
      b.append(" --requests ").append(scenario.workload().requestsPerClient());
    }
    if (scenario.durationMicros() != ref.durationMicros()) {
      b.append(" --duration ").append(scenario.durationMicros()).append("us");
    }
    NetworkSpec n = scenario.network();
    NetworkSpec r = ref.network();
    if (n.lossRate() != r.lossRate()) {
      b.append(" --loss ").append(rate(n.lossRate()));
    }
    if (n.duplicateRate() != r.duplicateRate()) {
      b.append(" --duplicate ").append(rate(n.duplicateRate()));
    }
    if (n.reorderRate() != r.reorderRate()) {
      b.append(" --reorder ").append(rate(n.reorderRate()));
    }
  }

  private static String rate(double d) {
    return String.format(Locale.ROOT, "%s", d);
  }
}
