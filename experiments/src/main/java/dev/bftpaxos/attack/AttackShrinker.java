package dev.bftpaxos.attack;

import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.NetworkSpec;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Shrinks a failing run to a smaller one that still breaks the same property: a shorter workload
 * (run length, requests per client, clients), no message loss, duplication or reordering (or, if
 * the run needs some, fewer lost, duplicated and delayed messages), fewer fault-plan events, and
 * fewer misbehaving acts (first the shortest prefix of acts, then single
 * acts and chunks removed). Every candidate is a complete run from the same seed; a change is kept
 * only if that run still fails the same way, so the result replays exactly with its command. The
 * passes repeat until none makes progress or the run budget is spent.
 */
public final class AttackShrinker {
  /** Told after every candidate run, so a long shrink can show progress. */
  public interface Progress {
    Progress NONE = (runs, budget, what) -> {};

    void ran(int runs, int budget, String what);
  }

  /** The smallest failing run found, the candidate runs it took, and what each kept step removed. */
  public record Shrunk(SimRun.Outcome outcome, int runs, List<String> steps) {}

  private final Simulator.Options options;
  private final int budget;
  private final Progress progress;
  private final String property;
  private SimRun.Outcome best;
  private int runs;
  private final List<String> steps = new ArrayList<>();

  private AttackShrinker(SimRun.Outcome failing, Simulator.Options options, int budget, Progress progress) {
    this.options = options;
    this.budget = budget;
    this.progress = progress;
    this.property = failing.result().violation().property();
    this.best = failing;
  }

  public static Shrunk shrink(SimRun.Outcome failing, Simulator.Options options, int budget, Progress progress) {
    if (failing.ok()) {
      throw new IllegalArgumentException("only a failing run can be shrunk");
    }
    AttackShrinker s = new AttackShrinker(failing, options, budget, progress);
    s.loop();
    return new Shrunk(s.best, s.runs, List.copyOf(s.steps));
  }

  private void loop() {
    for (int round = 0; round < 3 && runs < budget; round++) {
      int before = steps.size();
      shrinkDuration();
      shrinkRequests();
      shrinkClients();
      shrinkNetwork();
      shrinkDisturbances();
      shrinkPlan();
      shrinkActions();
      if (steps.size() == before) {
        return;
      }
    }
  }

  /** Runs {@code candidate}; keeps it (and says why) if it still breaks the property. */
  private boolean tryRun(SimRun candidate, String what) {
    if (runs >= budget) {
      return false;
    }
    runs++;
    SimRun.Outcome o = candidate.run(options);
    progress.ran(runs, budget, what);
    if (!o.ok() && o.result().violation().property().equals(property)) {
      best = o;
      steps.add(what);
      return true;
    }
    return false;
  }

  private Scenario scenario() {
    return best.run().scenario();
  }

  private void shrinkDuration() {
    while (runs < budget) {
      long d = scenario().durationMicros();
      long shorter = d / 2;
      if (shorter < 1_000 || !tryRun(best.run().withScenario(scenario().withDuration(shorter)),
          String.format(Locale.ROOT, "run length %.1f ms -> %.1f ms", d / 1000.0, shorter / 1000.0))) {
        return;
      }
    }
  }

  private void shrinkRequests() {
    int clients = scenario().workload().clients();
    int per = scenario().workload().requestsPerClient();
    if (per == 0) {
      long issued = best.result().requestsIssued();
      int cap = (int) Math.max(1, (issued + clients - 1) / clients);
      if (!tryRun(withRequests(cap), "requests per client: until the end -> " + cap)) {
        return;
      }
      per = cap;
    }
    while (per > 1 && runs < budget) {
      int fewer = per / 2;
      if (!tryRun(withRequests(fewer), "requests per client " + per + " -> " + fewer)) {
        return;
      }
      per = fewer;
    }
  }

  private SimRun withRequests(int per) {
    return best.run().withScenario(scenario().withWorkload(scenario().workload().withRequestsPerClient(per)));
  }

  private void shrinkClients() {
    int c = scenario().workload().clients();
    if (c > 1 && tryRun(withClients(1), "clients " + c + " -> 1")) {
      return;
    }
    while (c > 1 && runs < budget) {
      int fewer = c / 2;
      if (fewer == c || !tryRun(withClients(fewer), "clients " + c + " -> " + fewer)) {
        return;
      }
      c = fewer;
    }
  }

  private SimRun withClients(int c) {
    return best.run().withScenario(scenario().withWorkload(scenario().workload().withClients(c)));
  }

  private void shrinkNetwork() {
    NetworkSpec n = scenario().network();
    if (n.lossRate() == 0 && n.duplicateRate() == 0 && n.reorderRate() == 0) {
      return;
    }
    if (tryRun(withRates(0, 0, 0), "no message loss, duplication or reordering")) {
      return;
    }
    if (n.lossRate() > 0) {
      tryRun(withRates(0, scenario().network().duplicateRate(), scenario().network().reorderRate()), "no message loss");
    }
    if (scenario().network().duplicateRate() > 0) {
      tryRun(withRates(scenario().network().lossRate(), 0, scenario().network().reorderRate()), "no duplication");
    }
    if (scenario().network().reorderRate() > 0) {
      tryRun(withRates(scenario().network().lossRate(), scenario().network().duplicateRate(), 0), "no reordering");
    }
  }

  private SimRun withRates(double loss, double dup, double reorder) {
    return best.run().withScenario(scenario().withNetwork(scenario().network().withFaultRates(loss, dup, reorder)));
  }

  /**
   * When the run needs an unreliable network, spares lost, duplicated and delayed messages: all
   * at once, then in halving chunks, keeping every sparing after which the run still fails.
   */
  private void shrinkDisturbances() {
    if (best.disturbed().isEmpty()) {
      return;
    }
    java.util.SortedSet<Integer> spared = best.run().spared();
    List<Integer> disturbed = best.disturbed();
    java.util.SortedSet<Integer> all = new TreeSet<>(spared);
    all.addAll(disturbed);
    if (tryRun(best.run().withSpared(all), "all " + disturbed.size() + " lost, duplicated or delayed messages spared")) {
      return;
    }
    for (int chunk = Math.max(1, disturbed.size() / 2); chunk >= 1 && runs < budget; chunk /= 2) {
      for (int start = 0; start < best.disturbed().size() && runs < budget; start += chunk) {
        List<Integer> now = best.disturbed();
        List<Integer> part = now.subList(start, Math.min(now.size(), start + chunk));
        java.util.SortedSet<Integer> more = new TreeSet<>(best.run().spared());
        more.addAll(part);
        tryRun(best.run().withSpared(more), part.size() + " of " + now.size() + " disturbed messages spared");
      }
      if (chunk == 1) {
        break;
      }
    }
  }

  private void shrinkPlan() {
    boolean progressMade = true;
    while (progressMade && runs < budget) {
      progressMade = false;
      FaultPlan plan = best.run().plan();
      for (int i = plan.events().size() - 1; i >= 0 && runs < budget; i--) {
        FaultPlan p = best.run().plan();
        if (i >= p.events().size()) {
          continue;
        }
        if (tryRun(best.run().withPlan(p.without(i)), "fault event " + p.events().get(i).render() + " removed")) {
          progressMade = true;
        }
      }
    }
  }

  private void shrinkActions() {
    List<Integer> acts = new ArrayList<>();
    for (ActionGate.Action a : best.actions()) {
      acts.add(a.index());
    }
    if (acts.isEmpty()) {
      return;
    }
    if (best.run().actions() == null) {
      // Pin the acts this run performed, so the later removals are relative to a fixed set.
      if (!tryRun(best.run().withActions(new TreeSet<>(acts)), "misbehaving acts pinned to the " + acts.size() + " performed")) {
        return;
      }
    }
    // The shortest prefix of acts that still fails (binary search; a failing prefix is kept).
    int lo = 0;
    int hi = acts.size();
    while (lo < hi && runs < budget) {
      int mid = (lo + hi) / 2;
      if (tryRun(best.run().withActions(new TreeSet<>(acts.subList(0, mid))),
          "misbehaving acts: first " + acts.size() + " -> first " + mid)) {
        acts = new ArrayList<>(acts.subList(0, mid));
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // Remove chunks, halving their size down to single acts.
    for (int chunk = Math.max(1, acts.size() / 2); chunk >= 1 && runs < budget; chunk /= 2) {
      for (int start = 0; start < acts.size() && runs < budget; ) {
        List<Integer> without = new ArrayList<>(acts.subList(0, start));
        without.addAll(acts.subList(Math.min(acts.size(), start + chunk), acts.size()));
        if (!without.isEmpty() && tryRun(best.run().withActions(new TreeSet<>(without)),
            "misbehaving acts " + describe(acts.subList(start, Math.min(acts.size(), start + chunk))) + " removed")) {
          acts = without;
        } else {
          start += chunk;
        }
      }
      if (chunk == 1) {
        break;
      }
    }
  }

  private static String describe(List<Integer> acts) {
    SortedSet<Integer> s = new TreeSet<>(acts);
    return "#" + ActionGate.render(s);
  }
}
