package dev.bftpaxos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One planned event of a real run, in milliseconds from the start of the measurement: a kill -9
 * (restarted from its data directory after {@code lengthMillis}), a SIGSTOP (continued after it),
 * or a partition that cuts a minority of f replicas off the rest (healed after it). The target is
 * "the leader" (resolved when the event fires, by asking the replicas' status) or a replica id;
 * {@code others} is a seeded order of the replica ids from which a partition's minority is filled
 * up, so the whole plan is a function of the seed.
 */
record Perturbation(Kind kind, long atMillis, long lengthMillis, boolean leader, int replica, List<Integer> others) {

  enum Kind {
    KILL("kill"), PAUSE("pause"), PARTITION("partition");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    static Kind byLabel(String s) {
      for (Kind k : values()) {
        if (k.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      throw new BadInputException("--perturb " + s + ": expected kill, pause or partition (comma-separated), or none");
    }
  }

  Perturbation {
    others = List.copyOf(others);
  }

  /** The replicas the event acts on, given the target it resolved to: one, or a partition's f. */
  List<Integer> targets(int resolved, int f) {
    List<Integer> t = new ArrayList<>(List.of(resolved));
    if (kind == Kind.PARTITION) {
      for (int id : others) {
        if (t.size() >= Math.max(1, f)) {
          break;
        }
        if (id != resolved) {
          t.add(id);
        }
      }
    }
    return t;
  }

  /** "kill leader at 3.2 s for 1.5 s": the plan as the report and --dry-run print it. */
  String render() {
    return String.format(Locale.ROOT, "%s %s at %.1f s for %.1f s", kind.label, leader ? "leader" : "replica " + replica,
        atMillis / 1000.0, lengthMillis / 1000.0);
  }
}
