package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.shard.CodeVersion;
import dev.bftpaxos.shard.Shard;
import dev.bftpaxos.shard.ShardFile;
import dev.bftpaxos.shard.ShardOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code --shard I/N} means on matrix, attack and compare: parse it, and write a shard's raw
 * results (with the settings and code version they came from) where {@code merge} will read them.
 * A shard exits 0 once its results are written, whatever they show: cluster schedulers retry or
 * flag a task that exits non-zero, and the verdict is the merge's to give.
 */
final class Sharding {
  static final String HELP = "Run only shard I of N (from 0; e.g. $JOB_COMPLETION_INDEX/8 or $SLURM_ARRAY_TASK_ID/8): "
      + "a deterministic share of the work, such that the N shards together run exactly the work of one unsharded run. "
      + "Writes the raw results to OUT/shard-I-of-N.jsonl and exits 0; 'bft-paxos merge' makes the reports. "
      + "See docs/SCALE-OUT.md.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Sharding() {}

  /** {@code --shard}, or null if not given. */
  static Shard parse(String text) {
    return text == null ? null : BadInputException.check(() -> Shard.parse(text));
  }

  /**
   * Options that change how a run is shown or how fast it goes, never its results: every other
   * option of the command is a setting, so an option added later (say --faulty-clients) is
   * compared between shards without anyone having to remember it.
   */
  private static final java.util.Set<String> RESULT_NEUTRAL =
      java.util.Set.of("--shard", "--out", "--threads", "--quiet", "--json", "--no-plots");

  /**
   * The settings a shard records: which code ran, the command's resolved settings, and the value
   * of every option that can change the results.
   */
  static ObjectNode settings(CommandSpec command, ObjectNode resolved) {
    ObjectNode n = JSON.createObjectNode().put("version", CodeVersion.current());
    // The resolved settings first: when two shards differ, they name the difference best.
    n.setAll(resolved);
    ObjectNode options = n.putObject("options");
    for (OptionSpec o : command.options()) {
      if (o.usageHelp() || o.versionHelp() || RESULT_NEUTRAL.contains(o.longestName())) {
        continue;
      }
      Object v = o.getValue();
      options.put(o.longestName(), v == null ? null : String.valueOf(v));
    }
    return n;
  }

  /** Writes the shard's file and says what to do next. */
  static int write(PrintWriter o, String command, Shard shard, ObjectNode settings, List<ObjectNode> records,
      Path out, long startNanos, int threads, String summary) throws IOException {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    Path file = ShardFile.write(out, new ShardOutput(null, command, shard, settings, records, wall, threads));
    o.printf(Locale.ROOT, "%s shard %s: %s in %.1f s on %d threads%n", command, shard.render(), summary, wall, threads);
    o.println("wrote " + file);
    o.println("when all " + shard.count() + " shards are done: bft-paxos merge DIR... (the folders they wrote into)");
    return ExitCodes.OK;
  }

  /** Wall-clock figures, kept out of the reports (which must not differ between runs) in their own file. */
  static void writeTiming(Path out, ObjectNode timing) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("timing.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(timing) + "\n");
  }

  static ObjectNode timing(double wallSeconds, int threads) {
    return JSON.createObjectNode().put("wallSeconds", wallSeconds).put("threads", threads);
  }
}
