package dev.bftpaxos.sim;

import java.util.regex.Pattern;

/** The one-line {@code bft-paxos simulate} command that replays a run exactly. */
public final class ReplayCommand {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@,+-]+");

  private ReplayCommand() {}

  /**
   * {@code faultFree} replays a run of the fault-free form of the scenario ({@code --no-faults});
   * otherwise the run's fault plan is given explicitly, so the command keeps working if the way
   * plans are drawn from seeds changes.
   */
  public static String simulate(String scenario, int replicas, long seed, String variant, FaultPlan plan,
      boolean faultFree) {
    StringBuilder b = new StringBuilder("bft-paxos simulate --scenario ").append(quote(scenario))
        .append(" --n ").append(replicas).append(" --seed ").append(seed).append(" --variant ").append(quote(variant));
    if (faultFree) {
      b.append(" --no-faults");
    } else {
      b.append(" --faults '").append(plan.render().replace("'", "'\\''")).append('\'');
    }
    return b.toString();
  }

  /** {@code s} as one POSIX shell word. */
  public static String quote(String s) {
    if (!s.isEmpty() && SAFE.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
