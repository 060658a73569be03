package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.profile.CpuSplit;
import dev.bftpaxos.profile.JfrRecording;
import dev.bftpaxos.profile.JfrSamples;
import dev.bftpaxos.profile.MachineCpu;
import dev.bftpaxos.profile.ProfileReport;
import dev.bftpaxos.profile.ThreadCpu;
import dev.bftpaxos.replica.config.ClusterConfig;
import dev.bftpaxos.replica.config.ClusterConfigException;
import dev.bftpaxos.replica.config.ClusterConfigFile;
import dev.bftpaxos.replica.config.ReplicaEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "profile",
    header = "Where the CPU goes per committed request on a local cluster: crypto, serialization, the log, "
        + "the network, the core, GC, JIT; and the fsync wait.",
    description = {
        "Runs the closed-loop load of 'load' (its clients in this process) against a cluster that 'cluster' "
            + "started on this machine (it finds the replicas by the pid files beside the cluster file), with a "
            + "flight recording in every replica and in this process, started and dumped through the JDK's jcmd. "
            + "Over a window inside the measured part of the load it reads each thread's CPU time from /proc "
            + "(Linux only) and divides it by that thread's samples: a sample counts for the first category any "
            + "frame of its stack names, innermost first (so a map lookup in the core is core, a signature check "
            + "anywhere is crypto); collector and compiler threads go by their names. The fsync wait is the time "
            + "spent in FileChannel.force, which is waiting, not CPU.",
        "",
        "Prints, per process and in total, CPU microseconds per committed operation by category and the share "
            + "of the machine's cores the run used (near 100%% means the run is CPU-bound); writes profile.json, "
            + "profile.csv, the recordings (*.jfr, for JDK Mission Control) and the load's own report into --out. "
            + "Profiling costs some CPU itself (it shows as jvm/profiler). Columns: docs/BENCHMARKS.md.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:profile written", "2:bad input: options, cluster file, no pid files, no jcmd",
        "3:the load did not complete (see its exit code in the output)", "4:internal error (an exception in the tool)"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  bft-paxos cluster --mode byzantine --n 4 --dir c4 &",
        "  bft-paxos profile --config c4/cluster.yaml --clients 64 --warmup 15s --duration 15s --out results/profile-byz"})
final class ProfileCommand extends CliCommand {
  /** Time after the load's warm-up, and before its end, left out of the window (connections, the drain). */
  static final long SETTLE_MILLIS = 1_000;
  /** The window must be at least this long to mean anything at 10-20 ms sampling. */
  static final long WINDOW_MILLIS_MIN = 2_000;
  /** How long after the planned end the load may take to finish (its drain and report). */
  static final long LOAD_END_GRACE_MILLIS = 60_000;

  @Option(names = "--config", paramLabel = "FILE", required = true,
      description = "The cluster file (YAML) of a cluster started by 'cluster' on this machine.")
  Path config;

  @Option(names = "--clients", paramLabel = "C", defaultValue = "16", description = "Clients, as in load.")
  int clients;

  @Option(names = "--outstanding", paramLabel = "O", defaultValue = "1", description = "Per client, as in load.")
  int outstanding;

  @Option(names = "--value-bytes", paramLabel = "B", defaultValue = "16", description = "As in load.")
  int valueBytes;

  @Option(names = "--read-ratio", paramLabel = "R", defaultValue = "0", description = "As in load (default: puts only).")
  double readRatio;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "10s",
      description = "Load before the window (JIT, connections); long enough for the JIT matters here.")
  String warmup;

  @Option(names = "--duration", paramLabel = "D", defaultValue = "10s", description = "Measured load; the window "
      + "is this less " + SETTLE_MILLIS + " ms at each end.")
  String duration;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/profile",
      description = "Where profile.json, profile.csv, the recordings and the load report go.")
  Path out;

  @Override
  int execute() throws Exception {
    long warmupMillis = DurationOption.micros("--warmup", warmup, true, TimeUnit.HOURS.toMicros(1), "an hour") / 1000;
    long durationMillis = DurationOption.micros("--duration", duration, false, TimeUnit.HOURS.toMicros(1), "an hour") / 1000;
    long windowMillis = durationMillis - 2 * SETTLE_MILLIS;
    if (windowMillis < WINDOW_MILLIS_MIN) {
      throw new BadInputException("--duration must be at least " + (WINDOW_MILLIS_MIN + 2 * SETTLE_MILLIS)
          + "ms (the window leaves out " + SETTLE_MILLIS + " ms at each end), got " + duration);
    }
    ClusterConfig c;
    try {
      c = ClusterConfigFile.read(config);
    } catch (ClusterConfigException | IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    List<Long> replicaPids = replicaPids(c);
    Files.createDirectories(out);
    long self = ProcessHandle.current().pid();
    List<Long> pids = new ArrayList<>(replicaPids);
    pids.add(self);
    List<JfrRecording> recordings = new ArrayList<>();
    try {
      for (long p : pids) {
        recordings.add(JfrRecording.start(p));
      }
    } catch (IOException e) {
      recordings.forEach(JfrRecording::discard);
      throw new BadInputException("cannot start a flight recording: " + e.getMessage());
    }
    StringWriter loadText = new StringWriter();
    int[] loadExit = {-1};
    Thread load = new Thread(() -> loadExit[0] = runLoad(loadText), "profile-load");
    long start = System.currentTimeMillis();
    load.start();
    List<Map<Long, ThreadCpu.Thread>> before = new ArrayList<>();
    List<Map<Long, ThreadCpu.Thread>> after = new ArrayList<>();
    Instant from;
    Instant to;
    MachineCpu machineBefore;
    MachineCpu machineAfter;
    try {
      sleepUntil(start + warmupMillis + SETTLE_MILLIS);
      from = Instant.now();
      machineBefore = MachineCpu.read();
      for (long p : pids) {
        before.add(ThreadCpu.read(p));
      }
      sleepUntil(start + warmupMillis + SETTLE_MILLIS + windowMillis);
      for (long p : pids) {
        after.add(ThreadCpu.read(p));
      }
      to = Instant.now();
      machineAfter = MachineCpu.read();
      load.join(warmupMillis + durationMillis + LOAD_END_GRACE_MILLIS);
    } finally {
      for (int i = 0; i < pids.size(); i++) {
        try {
          recordings.get(i).dumpAndStop(out.resolve(label(i, replicaPids, c) + ".jfr"));
        } catch (IOException e) {
          err().println("profile: " + e.getMessage());
        }
      }
    }
    out().print(loadText);
    if (load.isAlive() || loadExit[0] != ExitCodes.OK) {
      err().println("profile: the load " + (load.isAlive() ? "did not finish" : "exited " + loadExit[0])
          + "; no profile written");
      return ExitCodes.LIVENESS;
    }
    double throughput = throughput(out.resolve("load").resolve("load.json"));
    double windowSeconds = (to.toEpochMilli() - from.toEpochMilli()) / 1e3;
    double tps = ticksPerSecond();
    List<ProfileReport.Process> rows = new ArrayList<>();
    for (int i = 0; i < pids.size(); i++) {
      JfrSamples s = JfrSamples.read(out.resolve(label(i, replicaPids, c) + ".jfr"), from, to);
      CpuSplit.Result split = CpuSplit.split(before.get(i), after.get(i), s, tps);
      rows.add(new ProfileReport.Process(label(i, replicaPids, c), pids.get(i), split.seconds(), s.forceNanos / 1e9,
          s.forces, split.unsampledByName()));
    }
    ProfileReport r = new ProfileReport(c.mode().fileName(), c.n(), clients, valueBytes, throughput, windowSeconds,
        Runtime.getRuntime().availableProcessors(),
        machineAfter.busyCoresSince(machineBefore, Runtime.getRuntime().availableProcessors()), rows);
    out().print(r.text());
    Files.writeString(out.resolve("profile.json"), r.json(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("profile.csv"), r.csv(), StandardCharsets.UTF_8);
    out().println("wrote " + out.resolve("profile.json") + ", profile.csv and the recordings");
    return ExitCodes.OK;
  }

  private int runLoad(StringWriter text) {
    CommandLine cl = new CommandLine(new LoadCommand());
    PrintWriter w = new PrintWriter(text, true);
    cl.setOut(w);
    cl.setErr(w);
    return cl.execute("--config", config.toString(), "--clients", Integer.toString(clients),
        "--outstanding", Integer.toString(outstanding), "--value-bytes", Integer.toString(valueBytes),
        "--read-ratio", Double.toString(readRatio), "--warmup", warmup, "--duration", duration,
        "--out", out.resolve("load").toString(), "-q");
  }

  private List<Long> replicaPids(ClusterConfig c) throws IOException {
    List<Long> pids = new ArrayList<>();
    Path dir = config.toAbsolutePath().getParent();
    for (ReplicaEntry e : c.replicas()) {
      Path f = dir.resolve("replica-" + e.id() + ".pid");
      if (!Files.isRegularFile(f)) {
        throw new BadInputException("no " + f + ": profile needs a cluster that 'cluster' started on this machine "
            + "(it writes one pid file per replica beside the cluster file)");
      }
      long pid;
      try {
        pid = Long.parseLong(Files.readString(f).trim());
      } catch (NumberFormatException ex) {
        throw new BadInputException(f + " does not hold a pid");
      }
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
        throw new BadInputException("replica " + e.id() + " (pid " + pid + " from " + f + ") is not running");
      }
      pids.add(pid);
    }
    return pids;
  }

  private static String label(int i, List<Long> replicaPids, ClusterConfig c) {
    return i < replicaPids.size() ? "replica-" + c.replicas().get(i).id() : "load-client";
  }

  private static double throughput(Path loadJson) throws IOException {
    JsonNode n = new ObjectMapper().readTree(loadJson.toFile());
    return n.path("throughputOpsPerSecond").asDouble(Double.NaN);
  }

  /** The kernel's clock ticks per second for /proc times: getconf's answer, or Linux's usual 100. */
  private static double ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Double.parseDouble(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
      }
      p.destroyForcibly();
    } catch (IOException | NumberFormatException e) {
      // fall through to the usual value
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
