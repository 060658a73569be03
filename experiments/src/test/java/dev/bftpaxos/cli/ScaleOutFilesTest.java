package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of scale-out/, checked as far as this machine can: the Kubernetes manifests parse and
 * agree with themselves (Indexed, the index as the shard, as many completions as shards); the
 * Slurm script and the local one pass {@code bash -n}, and both actually run here - the Slurm one
 * once per array task with Slurm's variables set by hand - and their shards merge into the
 * unsharded result. Neither a Kubernetes API server nor Slurm is available to run them for real.
 */
class ScaleOutFilesTest {
  private static final long SECONDS_MAX = 300;
  private static final List<String> ATTACK = List.of("attack", "--n", "3", "--faulty", "0=equivocating-proposer",
      "--seeds", "6", "--shrink-budget", "10");

  @TempDir
  Path dir;

  private static Path scaleOut() {
    return WrapperProject.repositoryRoot().resolve("scale-out");
  }

  @Test
  void theKubernetesJobsAreIndexedAndUseTheIndexAsTheShard() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode job = yaml.readTree(scaleOut().resolve("kubernetes/shards-job.yaml").toFile());
    assertEquals("Job", job.path("kind").asText());
    JsonNode spec = job.path("spec");
    assertEquals("Indexed", spec.path("completionMode").asText());
    JsonNode container = spec.path("template").path("spec").path("containers").get(0);
    String shards = null;
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals("SHARDS")) {
        shards = e.path("value").asText();
      }
    }
    assertEquals(spec.path("completions").asText(), shards, "as many completions as shards");
    String command = container.path("args").get(0).asText();
    assertTrue(command.contains("java -jar /shared/bft-paxos.jar ") && command.contains(
        "--shard \"$JOB_COMPLETION_INDEX/$SHARDS\" --out /shared/shards"), command);
    assertTrue(container.path("image").asText().contains("17"), "Java 17 and nothing else");
    assertEquals("Never", spec.path("template").path("spec").path("restartPolicy").asText());

    JsonNode merge = yaml.readTree(scaleOut().resolve("kubernetes/merge-job.yaml").toFile());
    List<String> args = new ArrayList<>();
    merge.path("spec").path("template").path("spec").path("containers").get(0).path("command").forEach(
        a -> args.add(a.asText()));
    assertTrue(String.join(" ", args).contains("-jar /shared/bft-paxos.jar merge /shared/shards --out "), args.toString());
    JsonNode pvc = yaml.readTree(scaleOut().resolve("kubernetes/shared-volume.yaml").toFile());
    assertEquals(job.path("spec").path("template").path("spec").path("volumes").get(0).path("persistentVolumeClaim")
        .path("claimName").asText(), pvc.path("metadata").path("name").asText());
  }

  @Test
  void theScriptsPassBashSyntaxChecks() throws Exception {
    for (String script : List.of("slurm/shard.sbatch", "local/shards.sh")) {
      Result r = bash(Map.of(), "-n", scaleOut().resolve(script).toString());
      assertEquals(0, r.exitCode(), script + ": " + r.output());
    }
  }

  /** An array --array=1-3: task ids 1, 2, 3 are shards 0, 1, 2 of 3. */
  @Test
  void theSlurmScriptRunsEachArrayTaskAsItsShard() throws Exception {
    Path shards = dir.resolve("shards");
    for (int task = 1; task <= 3; task++) {
      List<String> args = new ArrayList<>(List.of(scaleOut().resolve("slurm/shard.sbatch").toString()));
      args.addAll(ATTACK);
      Result r = bash(Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(task), "SLURM_ARRAY_TASK_MIN", "1",
          "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_CPUS_PER_TASK", "1", "BFT_PAXOS_OUT", shards.toString()),
          args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.output());
      assertTrue(r.output().contains("attack shard " + (task - 1) + "/3: "), r.output());
    }
    assertMergesLikeOneRun(shards);
    Result outside = bash(Map.of(), scaleOut().resolve("slurm/shard.sbatch").toString(), "matrix");
    assertEquals(2, outside.exitCode(), outside.output());
    assertTrue(outside.output().contains("run it as a job array"), outside.output());
  }

  @Test
  void theLocalScriptRunsTheShardsAndMerges() throws Exception {
    List<String> args = new ArrayList<>(List.of(scaleOut().resolve("local/shards.sh").toString(), "2"));
    args.addAll(ATTACK);
    Path merged = dir.resolve("merged");
    Result r = bash(Map.of("P", "2", "OUT", merged.toString(), "SHARDS_DIR", dir.resolve("shards").toString()),
        args.toArray(String[]::new));
    assertEquals(ExitCodes.SAFETY, r.exitCode(), "the merge's exit code: a violation\n" + r.output());
    assertTrue(r.output().contains("merge: 2 attack shards"), r.output());
    CliContractTest.Run single = CliContractTest.run("", withOut(dir.resolve("single")));
    assertEquals(ExitCodes.SAFETY, single.exitCode(), single.all());
    assertEquals(Files.readString(dir.resolve("single/counterexample.json")),
        Files.readString(merged.resolve("counterexample.json")));
  }

  private void assertMergesLikeOneRun(Path shards) throws IOException {
    CliContractTest.Run merged = CliContractTest.run("merge", shards.toString(), "--out", dir.resolve("merged").toString());
    CliContractTest.Run single = CliContractTest.run("", withOut(dir.resolve("single")));
    assertEquals(single.exitCode(), merged.exitCode(), merged.all());
    assertEquals(Files.readString(dir.resolve("single/counterexample.txt")),
        Files.readString(dir.resolve("merged/counterexample.txt")));
  }

  private static List<String> withOut(Path out) {
    List<String> a = new ArrayList<>(ATTACK);
    a.addAll(List.of("--threads", "1", "-q", "--out", out.toString()));
    return a;
  }

  record Result(int exitCode, String output) {}

  /** Runs bash with the tool started from this test's classpath instead of the jar. */
  private Result bash(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("bash.log").toFile());
    pb.environment().putAll(env);
    pb.environment().put("BFT_PAXOS", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
        + System.getProperty("java.class.path") + " " + Main.class.getName());
    Process p = pb.start();
    if (!p.waitFor(SECONDS_MAX, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in " + SECONDS_MAX + " s");
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("bash.log")));
  }
}
