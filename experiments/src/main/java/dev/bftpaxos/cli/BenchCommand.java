package dev.bftpaxos.cli;

import dev.bftpaxos.sim.ThroughputBench;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Whole-cluster simulator speed: the figure the foundation issue asks for, measured, not guessed. */
@Command(name = "bench",
    header = "Measure simulated committed requests per second of wall time (either mode, batching on).",
    description = {
        "Runs a fault-free cluster under closed-loop load in the simulator, single-threaded, after warm-up "
            + "runs, and prints each measured run and the median. Checkers that need the whole history "
            + "(linearizability) are off; agreement, validity and exactly-once stay on.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {"  bft-paxos bench", "  bft-paxos bench --n 5 --clients 1000 --batch 200",
        "  bft-paxos bench --mode byzantine --scheme ed25519 --sim-seconds 1 --runs 3"})
final class BenchCommand extends CliCommand {
  @Option(names = "--mode", description = "crash or byzantine.")
  String mode = "crash";

  @Option(names = "--scheme", description = "Signature scheme in Byzantine mode: fastsim or ed25519.")
  String scheme = "fastsim";

  @Option(names = "--n", description = "Replicas (default: 3 in crash mode, 4 in Byzantine mode).")
  Integer replicasOption;

  @Option(names = "--clients", description = "Closed-loop clients, one request outstanding each.")
  int clients = 400;

  @Option(names = "--batch", description = "Most requests per slot (batchCountMax).")
  int batch = 100;

  @Option(names = "--sim-seconds", description = "Simulated seconds per measured run.")
  double simSeconds = 3;

  @Option(names = "--runs", description = "Measured runs.")
  int runs = 5;

  @Option(names = "--warmup", description = "Unmeasured warm-up runs (JIT).")
  int warmup = 3;

  @Override
  int execute() {
    if (!mode.equals("crash") && !mode.equals("byzantine")) {
      throw new BadInputException("--mode must be crash or byzantine, got '" + mode + "'");
    }
    if (!scheme.equals("fastsim") && !scheme.equals("ed25519")) {
      throw new BadInputException("--scheme must be fastsim or ed25519, got '" + scheme + "'");
    }
    int replicas = replicasOption != null ? replicasOption : mode.equals("crash") ? 3 : 4;
    if (replicas < 1 || clients < 1 || batch < 1 || runs < 1 || warmup < 0 || !(simSeconds > 0)) {
      throw new BadInputException("--n, --clients, --batch and --runs must be >= 1, --warmup >= 0, --sim-seconds > 0");
    }
    long simMicros = (long) (simSeconds * 1e6);
    for (int i = 0; i < warmup; i++) {
      ThroughputBench.measure(mode, scheme, replicas, clients, batch, Math.min(simMicros, 1_000_000), true);
    }
    double[] rates = new double[runs];
    for (int i = 0; i < runs; i++) {
      ThroughputBench.Figure f = ThroughputBench.measure(mode, scheme, replicas, clients, batch, simMicros, true);
      rates[i] = f.perWallSecond();
      out().printf(Locale.ROOT, "run %d: %d requests in %.2f s wall (%.1f s simulated): %.0f req/s of wall time%n",
          i + 1, f.completed(), f.wallSeconds(), f.simSeconds(), f.perWallSecond());
      out().flush();
    }
    Arrays.sort(rates);
    out().printf(Locale.ROOT, "median: %.0f simulated committed requests per second of wall time "
        + "(n=%d %s mode%s, %d clients, batches of up to %d, %d cores, Java %s)%n",
        rates[runs / 2], replicas, mode, mode.equals("crash") ? "" : ", " + scheme + " signatures", clients, batch, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    return ExitCodes.OK;
  }
}
