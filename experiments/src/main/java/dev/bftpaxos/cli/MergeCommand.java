package dev.bftpaxos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bftpaxos.attack.AttackRecords;
import dev.bftpaxos.attack.AttackSweep;
import dev.bftpaxos.attack.MatrixRecords;
import dev.bftpaxos.attack.MatrixShard;
import dev.bftpaxos.attack.ResilienceMatrix;
import dev.bftpaxos.experiment.CompareRecords;
import dev.bftpaxos.experiment.ConfiguredRun;
import dev.bftpaxos.shard.ShardFile;
import dev.bftpaxos.shard.ShardOutput;
import dev.bftpaxos.shard.ShardSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge",
    sortOptions = false,
    showDefaultValues = true,
    exitCodeOnExecutionException = ExitCodes.INTERNAL,
    headerHeading = "%n",
    header = "Merge the outputs of sharded matrix, attack or compare runs into their reports.",
    description = {
        "Reads every shard-I-of-N.jsonl in the given folders (or the files themselves), checks that they "
            + "are the N shards of one run - the same command, settings and code version, each shard once - and "
            + "writes the reports the unsharded command writes: with the same settings and seeds, the same files, "
            + "byte for byte (matrix.md, matrix.csv, heat map and traces; counterexample.txt and .json; "
            + "compare.csv, compare.md, runs.csv and plots). Wall-clock times are kept out of them, in "
            + "timing.json. A missing shard, one given twice, an incomplete one, or one that ran other settings "
            + "is an error that names it.",
        "",
        "attack: the lowest failing seed over all shards; each shard shrank its own lowest failing seed, and "
            + "the merge keeps the lowest seed's (shrinking is deterministic, so it is the one an unsharded run "
            + "shrinks). The exit code is the unsharded command's: matrix 0 if every claim holds, else 1; attack "
            + "and compare 1 for a safety violation, 3 for liveness only, 0 for none. docs/SCALE-OUT.md runs the "
            + "shards on Kubernetes, Slurm or one machine.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  for i in 0 1 2 3; do bft-paxos matrix --shard $i/4 --out shards -q & done; wait",
        "  bft-paxos merge shards --out results/matrix",
        "  bft-paxos merge s0/shard-0-of-2.jsonl s1/shard-1-of-2.jsonl --out results/attack"})
final class MergeCommand extends CliCommand {
  @Mixin
  ExitCodes.Help exitCodes;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "DIR", arity = "1..*",
      description = "Folders the shards wrote into (their --out), or shard-I-of-N.jsonl files.")
  List<Path> inputs;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where the reports go (default: the command's own, results/matrix, results/attack or results/compare).")
  Path out;

  @Option(names = "--no-plots", negatable = false, description = "compare: write only the tables.")
  boolean noPlots;

  @Option(names = "--json", description = "attack: print the JSON summary instead of the readable report.")
  boolean json;

  @Override
  int execute() throws IOException {
    List<ShardOutput> given = new ArrayList<>();
    for (Path p : inputs) {
      given.addAll(BadInputException.check(() -> ShardFile.readAll(p)));
    }
    List<ShardOutput> shards = BadInputException.check(() -> ShardSet.check(given));
    ShardOutput first = shards.get(0);
    Path dir = out != null ? out : Path.of("results", first.command());
    PrintWriter o = out();
    if (!json) {
      o.printf(Locale.ROOT, "merge: %d %s shards, code %s%n", shards.size(), first.command(),
          first.settings().path("version").asText());
      o.flush();
    }
    long start = System.nanoTime();
    ObjectNode timing = timing(shards);
    int code = switch (first.command()) {
      case "matrix" -> matrix(shards, dir, o);
      case "attack" -> attack(shards, dir, o, timing);
      case "compare" -> compare(shards, dir, o);
      default -> throw new BadInputException(first.name() + " is from '" + first.command()
          + "', which has no shards to merge (matrix, attack and compare have)");
    };
    timing.put("mergeSeconds", (System.nanoTime() - start) / 1e9);
    Sharding.writeTiming(dir, timing);
    if (!json) {
      o.printf(Locale.ROOT, "shards took %.1f s of wall time in all (%.1f s the longest); timing in %s%n",
          timing.path("shardSecondsTotal").asDouble(), timing.path("shardSecondsMax").asDouble(),
          dir.resolve("timing.json"));
    }
    return code;
  }

  private static int matrix(List<ShardOutput> shards, Path dir, PrintWriter o) throws IOException {
    ResilienceMatrix.Spec spec = BadInputException.check(() -> MatrixRecords.spec(shards.get(0).settings(),
        Runtime.getRuntime().availableProcessors()));
    List<MatrixShard> raws = new ArrayList<>();
    for (ShardOutput s : shards) {
      raws.add(BadInputException.check(() -> MatrixRecords.shard(s.records(), spec)));
    }
    ResilienceMatrix.Result result = BadInputException.check(() -> ResilienceMatrix.merge(spec, raws));
    return MatrixCommand.report(result, dir, o);
  }

  private int attack(List<ShardOutput> shards, Path dir, PrintWriter o, ObjectNode timing) throws IOException {
    ObjectNode settings = shards.get(0).settings();
    if (!json) {
      o.println(AttackCommand.header(settings));
    }
    List<AttackSweep.Raw> raws = new ArrayList<>();
    for (ShardOutput s : shards) {
      raws.add(BadInputException.check(() -> AttackRecords.raw(s.records())));
    }
    AttackSweep.Result result = BadInputException.check(() -> AttackSweep.merge(settings.path("seedBase").asLong(),
        settings.path("seeds").asInt(), raws));
    return AttackCommand.report(settings, result, dir, o, json, timing);
  }

  private int compare(List<ShardOutput> shards, Path dir, PrintWriter o) throws IOException {
    ObjectNode settings = shards.get(0).settings();
    int jobs = CompareRecords.configurations(settings).size() * CompareRecords.seeds(settings).count();
    List<ObjectNode> records = new ArrayList<>();
    shards.forEach(s -> records.addAll(s.records("run")));
    List<ConfiguredRun> runs = BadInputException.check(() -> CompareRecords.runs(records, jobs));
    return CompareCommand.report(settings, runs, dir, noPlots, o, err());
  }

  /** Each shard's wall time and threads as it recorded them, for timing.json: never in a report. */
  private static ObjectNode timing(List<ShardOutput> shards) {
    ObjectNode t = JSON.createObjectNode();
    ArrayNode each = t.putArray("shards");
    double total = 0;
    double max = 0;
    for (ShardOutput s : shards) {
      each.addObject().put("shard", s.shard().render()).put("wallSeconds", s.wallSeconds()).put("threads", s.threads());
      total += s.wallSeconds();
      max = Math.max(max, s.wallSeconds());
    }
    t.put("shardSecondsTotal", total).put("shardSecondsMax", max);
    return t;
  }
}
