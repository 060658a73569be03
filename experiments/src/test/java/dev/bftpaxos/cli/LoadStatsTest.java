package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** load's measurement and report logic on made-up times: no cluster, no processes. */
class LoadStatsTest {
  private static final long S = LoadStats.SECOND_NANOS;
  private static final long MS = 1_000_000;
  private static final long START = 5 * S; // the warm-up's end
  private static final LoadStats.Settings SETTINGS =
      new LoadStats.Settings("crash", 3, 2, 1, 3.0, 5.0, 16, 10, "r1-", 0.5, 1, "log");

  @Test
  void warmUpOperationsAreCountedApartAndTheSeriesShowsAStall() {
    LoadStats st = new LoadStats(START, START + 3 * S);
    st.completed(START - 10 * MS, START + 1 * MS, true, false); // invoked in the warm-up
    st.completed(START, START + 500 * MS, true, false); // second 0
    st.completed(START + 1 * S, START + 1500 * MS, false, false); // second 1
    st.completed(START + 1 * S, START + 1600 * MS, false, true); // second 1, an error
    st.completed(START + 2 * S, START + 3 * S, true, false); // exactly at the end: the last second
    st.completed(START + 2900 * MS, START + 3 * S + 1, false, false); // after the end: late
    st.timedOut(START + 2 * S);
    st.timedOut(START - 1); // in the warm-up: counted apart

    LoadStats.Report r = st.report(SETTINGS, false, START + 10 * S, 7);
    assertEquals(1, r.warmupOps());
    assertEquals(4, r.ops());
    assertEquals(1, r.late());
    assertEquals(1, r.errors());
    assertEquals(1, r.timedOut());
    assertEquals(1, r.warmupTimedOut());
    assertTrue(LoadStats.summary(r).contains("1 timed out (and 1 invoked in the warm-up)"), LoadStats.summary(r));
    assertEquals(7, r.retransmissions());
    assertEquals(3.0, r.measuredSeconds(), 1e-9);
    assertEquals(4 / 3.0, r.throughputOpsPerSecond(), 1e-9);
    assertEquals(List.of(1L, 2L, 1L), r.perSecond().stream().map(LoadStats.SecondRow::ops).toList());
    assertEquals(5, r.latency().count(), "the late operation's latency counts too");
    assertEquals(2, r.reads().count());
    assertEquals(3, r.writes().count());
  }

  @Test
  void aSecondWithoutCompletionsIsZeroNotMissing() {
    LoadStats st = new LoadStats(START, START + 4 * S);
    st.completed(START, START + 100 * MS, true, false);
    st.completed(START + 3 * S, START + 3100 * MS, true, false);
    LoadStats.Report r = st.report(SETTINGS, false, START + 4 * S, 0);
    assertEquals(List.of(1L, 0L, 0L, 1L), r.perSecond().stream().map(LoadStats.SecondRow::ops).toList());
    assertEquals(0, r.slowestSecond()[0]);
    assertEquals(1, r.slowestSecond()[1]);
  }

  @Test
  void percentilesComeFromTheHistogram() {
    LoadStats st = new LoadStats(START, START + 10 * S);
    for (int i = 1; i <= 1000; i++) {
      st.completed(START, START + i * MS / 10, i % 2 == 0, false); // 0.1 ms .. 100 ms
    }
    LoadStats.Percentiles p = st.report(SETTINGS, false, START + 10 * S, 0).latency();
    assertEquals(1000, p.count());
    assertEquals(50_000, p.p50Micros(), 50);
    assertEquals(90_000, p.p90Micros(), 90);
    assertEquals(99_000, p.p99Micros(), 99);
    assertEquals(99_900, p.p999Micros(), 100);
    assertEquals(100_000, p.maxMicros(), 100);
  }

  @Test
  void anInterruptedRunEndsItsMeasurementEarly() {
    LoadStats st = new LoadStats(START, START + 10 * S);
    st.completed(START, START + 500 * MS, true, false);
    st.end(START + 1500 * MS); // Ctrl-C
    st.completed(START + 1 * S, START + 1600 * MS, true, false); // after the stop: late
    LoadStats.Report r = st.report(SETTINGS, true, START + 2 * S, 0);
    assertTrue(r.interrupted());
    assertEquals(1.5, r.measuredSeconds(), 1e-9);
    assertEquals(1, r.ops());
    assertEquals(1, r.late());
    assertEquals(2, r.perSecond().size(), "the partial second is in the series");
    assertTrue(LoadStats.summary(r).contains("INTERRUPTED"));
  }

  @Test
  void theJsonAndCsvReportsParseAndAgree() throws Exception {
    LoadStats st = new LoadStats(START, START + 2 * S);
    st.completed(START, START + 2 * MS, true, false);
    st.completed(START + S, START + S + 4 * MS, false, false);
    LoadStats.Report r = st.report(SETTINGS, false, START + 2 * S, 3);
    JsonNode j = new ObjectMapper().readTree(LoadStats.json(r));
    assertEquals(LoadStats.JSON_FORMAT, j.get("format").asText());
    assertEquals("crash", j.get("settings").get("mode").asText());
    assertEquals(2, j.get("ops").asLong());
    assertEquals(1.0, j.get("throughputOpsPerSecond").asDouble(), 1e-9);
    assertEquals(4_000, j.get("latency").get("maxMicros").asLong(), 10);
    assertEquals(2, j.get("perSecond").size());
    for (String field : List.of("p50Micros", "p90Micros", "p99Micros", "p999Micros", "maxMicros", "meanMicros")) {
      assertTrue(j.get("latency").has(field), field);
    }
    List<String> csv = LoadStats.csv(r).lines().toList();
    assertEquals(LoadStats.CSV_HEADER, csv.get(0));
    assertEquals(3, csv.size());
    assertTrue(csv.get(2).startsWith("1,1,0,1,0,"), csv.get(2));
    String summary = LoadStats.summary(r);
    assertTrue(summary.contains("throughput 1.0 ops/s"), summary);
    assertTrue(summary.contains("per second 1 1"), summary);
  }

  @Test
  void valuesArePaddedToTheirSizeAndKeepTheirTag() {
    assertEquals("p3-7-xxxxxxxxxxx", LoadCommand.pad("p3-7", 16));
    assertEquals(16, LoadCommand.pad("p3-7", 16).length());
    assertEquals("p123-456789", LoadCommand.pad("p123-456789", 4), "the unique tag is never cut");
  }

  /** A second run on the same cluster must not read the first run's values as if from nowhere. */
  @Test
  void eachRunGetsFreshKeys() {
    assertEquals("rmippvcw0-", LoadCommand.defaultKeyPrefix(1_764_748_800_000L));
    assertFalse(LoadCommand.defaultKeyPrefix(1_764_748_800_000L).equals(LoadCommand.defaultKeyPrefix(1_764_748_800_001L)));
  }
}
