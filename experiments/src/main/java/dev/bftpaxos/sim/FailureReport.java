package dev.bftpaxos.sim;

/**
 * The text printed when a run breaks a property: what broke, the seed, a command that replays
 * exactly this run, and the message trace that led there.
 */
public final class FailureReport {
  private FailureReport() {}

  public static String replayCommand(String scenarioRef, int replicas, RunResult r) {
    return ReplayCommand.simulate(scenarioRef, replicas, r.seed(), r.variant(), r.plan(), false);
  }

  public static String render(String scenarioRef, int replicas, RunResult r) {
    StringBuilder b = new StringBuilder();
    b.append("VIOLATION ").append(r.violation().property()).append(": ").append(r.violation().detail()).append('\n');
    b.append("  seed:   ").append(r.seed()).append('\n');
    b.append("  plan:   ").append(r.plan().render()).append('\n');
    b.append("  replay: ").append(replayCommand(scenarioRef, replicas, r)).append('\n');
    b.append("  last ").append(r.trace().size()).append(" events before the violation:\n");
    for (String line : r.trace()) {
      b.append("    ").append(line).append('\n');
    }
    return b.toString();
  }
}
