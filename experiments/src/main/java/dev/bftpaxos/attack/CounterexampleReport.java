package dev.bftpaxos.attack;

import dev.bftpaxos.experiment.Formats;
import dev.bftpaxos.faulty.ActionGate;
import java.util.List;

/**
 * A shrunk counterexample as plain data: everything the reports print about it (the attack's
 * summary, the matrix's row, the trace file), and nothing that needs the simulator. A shard writes
 * it as JSON and a merge renders it, so a merged report and an unsharded one come from the same
 * values. {@code traceHash} identifies the shrunk run: its replay command gives the same hash.
 */
public record CounterexampleReport(long seed, String property, String detail, boolean safety, String replay,
    String originalReplay, int shrinkRuns, List<String> steps, List<Act> acts, long requests, int faultEvents,
    String traceHash, List<String> summary, List<String> trace) {

  /** A misbehaving act the shrunk run still needs. */
  public record Act(int index, String actor, String what) {}

  public CounterexampleReport {
    steps = List.copyOf(steps);
    acts = List.copyOf(acts);
    summary = List.copyOf(summary);
    trace = List.copyOf(trace);
  }

  public static CounterexampleReport of(Counterexample cx) {
    SimRun.Outcome m = cx.minimal();
    List<Act> acts = m.actions().stream().map((ActionGate.Action a) -> new Act(a.index(), a.actor(), a.description()))
        .toList();
    return new CounterexampleReport(m.run().seed(), m.result().violation().property(), m.result().violation().detail(),
        !m.result().violation().property().equals(dev.bftpaxos.check.Violation.LIVENESS), m.run().replayCommand(),
        cx.original().run().replayCommand(), cx.shrunk().runs(), cx.shrunk().steps(), acts, m.result().requestsIssued(),
        m.run().plan().events().size(), Formats.hex(m.result().traceHash()), cx.summary(), cx.trace());
  }

  /** Summary, then the trace: the counterexample file. */
  public String render() {
    StringBuilder b = new StringBuilder();
    for (String l : summary) {
      b.append(l).append('\n');
    }
    b.append("  trace (").append(trace.size()).append(" events; time, event, from -> to, message):\n");
    for (String l : trace) {
      b.append("    ").append(l).append('\n');
    }
    return b.toString();
  }
}
