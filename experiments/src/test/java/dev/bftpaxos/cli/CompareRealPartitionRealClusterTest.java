package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bftpaxos.experiment.RealCompareReport;
import dev.bftpaxos.replica.transport.TransportCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --real} on a real Byzantine n=4 cluster with one partition: the report says which
 * replica was cut off and that it healed, the replicas' own counters show links refused through the
 * refuse-peers files (the cut really happened inside the processes), and the clients' history is
 * linearizable. Tagged {@code real-cluster} (about 30 s): {@code mvn -B test -pl experiments -am
 * -Preal-cluster -Dtest=CompareRealPartitionRealClusterTest}.
 */
@Tag("real-cluster")
class CompareRealPartitionRealClusterTest {
  private static final Pattern REFUSED = Pattern.compile(TransportCounters.REFUSED_PEER + "=(\\d+)");
  @TempDir Path tmp;

  @Test
  void byzantineFourWithAPartitionIsLinearizableAndTheCutHappened() throws Exception {
    Path out = tmp.resolve("real");
    CliContractTest.Run r = CliContractTest.run("compare", "--real", "--mode", "byzantine", "--replicas", "4",
        "--duration", "8s", "--warmup", "2s", "--perturb", "partition", "--no-baseline", "--clients", "2",
        "--seed", "5", "--out", out.toString(), "-q");
    System.out.println(r.all());
    JsonNode run = new ObjectMapper().readTree(out.resolve(RealCompareReport.JSON).toFile()).get("runs").get(0);
    assertEquals("LINEARIZABLE", run.get("verdict").asText(), r.all());
    assertEquals(1, run.get("events").size(), run.toString());
    JsonNode e = run.get("events").get(0);
    assertEquals("partition", e.get("kind").asText());
    assertEquals(1, e.get("targets").size(), "f = 1: one replica cut off " + e);
    assertTrue(e.get("outcome").asText().contains("healed"), e.toString());
    long refused = 0;
    for (int i = 0; i < 4; i++) {
      for (String line : Files.readAllLines(out.resolve("runs/byzantine-n4-perturbed/replica-" + i + ".log"))) {
        Matcher m = REFUSED.matcher(line);
        long last = 0;
        while (m.find()) {
          last = Long.parseLong(m.group(1));
        }
        refused = Math.max(refused, last);
      }
    }
    assertTrue(refused > 0, "some replica refused a link while partitioned (counter " + TransportCounters.REFUSED_PEER + ")");
    assertFalse(r.exitCode() == ExitCodes.SAFETY, r.all());
  }
}
