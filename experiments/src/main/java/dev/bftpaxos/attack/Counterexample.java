package dev.bftpaxos.attack;

import dev.bftpaxos.faulty.ActionGate;
import dev.bftpaxos.sim.Simulator;
import java.util.ArrayList;
import java.util.List;

/**
 * A shrunk counterexample as a person reads it: what broke, the replay command, what shrinking
 * removed, the misbehaving acts that remain, and the trace of the run - every message delivered
 * or dropped, with who sent it to whom, every fault and act, in order, up to the violation.
 */
public record Counterexample(SimRun.Outcome original, AttackShrinker.Shrunk shrunk, List<String> trace) {
  /** Events kept in a counterexample's trace: the last ones before the violation (about 1.5 MB of text at most). */
  public static final int TRACE_EVENTS = 5_000;

  /** Re-runs the shrunk run keeping its whole trace (the shrink runs keep none). */
  public static Counterexample of(SimRun.Outcome original, AttackShrinker.Shrunk shrunk, Simulator.Options options) {
    SimRun.Outcome full = shrunk.outcome().run().run(options.withTrace(TRACE_EVENTS));
    return new Counterexample(original, shrunk, full.result().trace());
  }

  public SimRun.Outcome minimal() {
    return shrunk.outcome();
  }

  /** The header: property, detail, replay command, sizes before and after. */
  public List<String> summary() {
    SimRun.Outcome m = minimal();
    SimRun run = m.run();
    List<String> out = new ArrayList<>();
    out.add("VIOLATION " + m.result().violation().property() + ": " + m.result().violation().detail());
    out.add("  scenario " + run.scenario().name() + ", n=" + run.scenario().replicas() + " (" + run.scenario().mode()
        + " mode), seed " + run.seed() + ", faulty " + dev.bftpaxos.faulty.BehaviourSpec.renderAssignments(run.faulty()));
    out.add("  replay:  " + run.replayCommand());
    out.add("  shrunk in " + shrunk.runs() + " runs: " + sizes(original) + "  ->  " + sizes(m));
    for (String s : shrunk.steps()) {
      out.add("    - " + s);
    }
    out.add("  misbehaving acts that remain (" + m.actions().size() + "):");
    int shown = 0;
    for (ActionGate.Action a : m.actions()) {
      if (shown++ == 40) {
        out.add("    ... " + (m.actions().size() - 40) + " more");
        break;
      }
      out.add("    #" + a.index() + " " + a.actor() + ": " + a.description());
    }
    return out;
  }

  private static String sizes(SimRun.Outcome o) {
    var s = o.run().scenario();
    return o.result().requestsIssued() + " requests from " + s.workload().clients() + " clients, "
        + String.format(java.util.Locale.ROOT, "%.0f ms", s.durationMicros() / 1000.0) + ", "
        + o.run().plan().events().size() + " fault events, " + o.disturbed().size() + " messages lost/duplicated/delayed, "
        + o.actions().size() + " acts";
  }

  /** Summary, then the trace. */
  public String render() {
    return report().render();
  }

  /** The counterexample as plain data, for reports and shard files. */
  public CounterexampleReport report() {
    return CounterexampleReport.of(this);
  }
}
