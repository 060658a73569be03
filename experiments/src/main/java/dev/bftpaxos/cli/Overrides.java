package dev.bftpaxos.cli;

import dev.bftpaxos.experiment.Durations;
import dev.bftpaxos.experiment.Mode;
import dev.bftpaxos.experiment.ScenarioFile;
import dev.bftpaxos.experiment.Scenarios;
import dev.bftpaxos.faulty.BehaviourSpec;
import dev.bftpaxos.faulty.Behaviours;
import dev.bftpaxos.sim.NetworkSpec;
import dev.bftpaxos.sim.Scenario;
import java.util.Map;
import java.util.SortedMap;

/** The scenario overrides simulate, attack and matrix share, checked with messages a person can act on. */
final class Overrides {
  private Overrides() {}

  /** What {@code --n} says when it is not given, for the help of every command with --n and --mode. */
  static final String SIZE_DEFAULT = "default: the scenario file's replicas, else the mode's smallest cluster: "
      + "3 in crash mode, 4 in Byzantine mode";

  /**
   * {@code --n} and {@code --mode} applied to a loaded scenario. The size is {@code --n} if given,
   * else the file's {@code replicas:}, else the smallest cluster of the mode the run will have (so
   * {@code --mode byzantine} alone runs 4 replicas, not the crash-mode default of 3).
   */
  static Scenario sized(ScenarioFile.Loaded file, Integer n, String mode) {
    Scenario s = file.scenario();
    String m = mode == null ? s.mode() : BadInputException.check(() -> Mode.byLabel(mode).label());
    int size = n != null ? n : file.replicasGiven() ? s.replicas() : Mode.byLabel(m).smallestReplicas();
    try {
      return Scenarios.resized(s, m, size);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage() + (n == null ? " (the scenario file's replicas: " + size
          + "; give --n)" : ""));
    }
  }

  static Scenario apply(Scenario s, Integer clients, Integer requests, String duration, Double loss, Double duplicate,
      Double reorder) {
    Scenario out = s;
    if (clients != null) {
      if (clients < 1) {
        throw new BadInputException("--clients must be >= 1, got " + clients);
      }
      out = out.withWorkload(out.workload().withClients(clients));
    }
    if (requests != null) {
      if (requests < 0) {
        throw new BadInputException("--requests must be >= 0 (0: until the end of the workload), got " + requests);
      }
      out = out.withWorkload(out.workload().withRequestsPerClient(requests));
    }
    if (duration != null) {
      long micros = BadInputException.check(() -> Durations.parseMicros(duration));
      if (micros <= 0) {
        throw new BadInputException("--duration must be > 0, got " + duration);
      }
      out = out.withDuration(micros);
    }
    if (loss != null || duplicate != null || reorder != null) {
      NetworkSpec n = out.network();
      double l = rate("--loss", loss, n.lossRate(), true);
      double d = rate("--duplicate", duplicate, n.duplicateRate(), true);
      double r = rate("--reorder", reorder, n.reorderRate(), false);
      Scenario before = out;
      out = BadInputException.check(() -> before.withNetwork(n.withFaultRates(l, d, r)));
    }
    return out;
  }

  private static double rate(String flag, Double given, double dflt, boolean belowOne) {
    if (given == null) {
      return dflt;
    }
    if (!(given >= 0 && (belowOne ? given < 1 : given <= 1))) {
      throw new BadInputException(flag + " must be a probability in [0, 1" + (belowOne ? ")" : "]") + ", got " + given);
    }
    return given;
  }

  /** {@code --threads}, defaulting to every core. */
  static int threads(Integer threads) {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    atLeast("--threads", t, 1);
    return t;
  }

  static void atLeast(String flag, int value, int min) {
    if (value < min) {
      throw new BadInputException(flag + " must be >= " + min + ", got " + value);
    }
  }

  /** {@code --faulty} if given, else the scenario file's {@code faulty:} section; every id and behaviour checked. */
  static SortedMap<Integer, String> faulty(String flag, SortedMap<Integer, String> fromFile, int replicas) {
    SortedMap<Integer, String> f = flag == null ? fromFile : BadInputException.check(() -> BehaviourSpec.parseAssignments(flag));
    for (Map.Entry<Integer, String> e : f.entrySet()) {
      if (e.getKey() < 0 || e.getKey() >= replicas) {
        throw new BadInputException("--faulty names replica " + e.getKey() + " but the cluster has 0.." + (replicas - 1));
      }
      BadInputException.check(() -> Behaviours.byName(e.getValue()));
    }
    return f;
  }

  /** {@code --faulty-clients} if given, else the scenario file's {@code faulty_clients:} list; every behaviour checked. */
  static java.util.List<String> faultyClients(String flag, java.util.List<String> fromFile) {
    java.util.List<String> specs = flag == null ? fromFile : BadInputException.check(() -> BehaviourSpec.parseList(flag));
    for (String spec : specs) {
      BadInputException.check(() -> dev.bftpaxos.faulty.client.ClientBehaviours.byName(spec));
    }
    return specs;
  }
}
