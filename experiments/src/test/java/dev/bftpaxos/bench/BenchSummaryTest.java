package dev.bftpaxos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

class BenchSummaryTest {
  @TempDir
  Path dir;

  private static String result(String benchmark, String params, double score, double cpu) {
    return """
        {"benchmark": "dev.bftpaxos.bench.%s", "mode": "avgt", "params": {%s},
         "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "us/op"},
         "secondaryMetrics": {"·cpu.worker": {"score": %s, "scoreError": 0.5, "scoreUnit": "us/op"}}}
        """.formatted(benchmark, params, score, cpu);
  }

  private static String summarize(String json) throws Exception {
    List<BenchSummary.Row> rows = BenchSummary.parse(new ObjectMapper().readTree(json));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new BenchSummary(rows).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void perRequestIsPerSlotOverBatchAndClusterAddsEveryRole() throws Exception {
    String p = "\"scheme\": \"ed25519\", \"n\": \"4\", \"b\": \"10\"";
    String json = "[" + result("SlotCryptoBench.acceptorSlot", p, 2000, 1000) + ","
        + result("SlotCryptoBench.leaderSlot", p, 1800, 900) + ","
        + result("SlotCryptoBench.clientsSlot", p, 400, 200) + "]";
    String out = summarize(json);
    // CPU per request: acceptor 100, leader 90, client 20; cluster 90 + 3 * 100 + 20 = 410.
    assertTrue(out.contains("| ed25519 | 4 | 10 | 100 | 90.0 | 20.0 | 410 | 10,000 | 4,880 |"), out);
    // Per slot: wall with error, CPU; q = 3 at n = 4.
    assertTrue(out.contains("| ed25519 | 4 | 3 | 10 | 2,000 ± 1.00 | 1,000 | 1,800 ± 1.00 | 900 | 400 ± 1.00 | 200 |"), out);
  }

  @Test
  void formatsThreeSignificantDigits() {
    assertEquals("0.123", BenchSummary.num(0.1234));
    assertEquals("1.23", BenchSummary.num(1.234));
    assertEquals("12.3", BenchSummary.num(12.34));
    assertEquals("1,234", BenchSummary.num(1234.4));
    assertEquals("8,990", BenchSummary.rate(8987.2));
    assertEquals("415,000", BenchSummary.rate(414_937));
  }

  /** The benchmarks and the CPU profiler run under JMH, and the summary reads JMH's own JSON. */
  @Test
  void endToEndThroughJmh() throws Exception {
    Path json = dir.resolve("jmh.json");
    Options opts = new OptionsBuilder()
        .include("dev.bftpaxos.bench.(SignatureBench|CertificateVerifyBench)")
        .param("scheme", "fastsim")
        .param("n", "4")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .addProfiler(CpuTimeProfiler.class)
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString())
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    new Runner(opts).run();
    String out = summarize(Files.readString(json));
    assertTrue(out.contains("| fastsim | 4 | 3 |"), out);
    assertTrue(out.contains("One signature / one verification"), out);
    List<BenchSummary.Row> rows = BenchSummary.parse(new ObjectMapper().readTree(json.toFile()));
    assertEquals(4, rows.size());
    for (BenchSummary.Row r : rows) {
      assertTrue(r.cpu() > 0, r.toString());
    }
  }
}
