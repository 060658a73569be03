package dev.bftpaxos.replica.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigFileTest {
  @TempDir Path dir;

  private static final String GOOD = """
      format: bftpaxos-cluster/v1
      mode: byzantine
      scheme: ed25519
      publicConfiguration: keys/config.json
      replicas:
        - {id: 0, host: 127.0.0.1, port: 7000, privateKey: keys/replica-0.json, dataDir: data/0}
        - {id: 1, host: 127.0.0.1, port: 7001, privateKey: keys/replica-1.json, dataDir: data/1}
        - {id: 2, host: 127.0.0.1, port: 7002, privateKey: keys/replica-2.json, dataDir: data/2}
        - {id: 3, host: 127.0.0.1, port: 7003, privateKey: keys/replica-3.json, dataDir: data/3}
      """;

  private Path file(String text) throws IOException {
    Path f = dir.resolve("cluster.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void readsAGoodFileAndResolvesPathsAgainstItsDirectory() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD));
    assertEquals(ClusterMode.BYZANTINE, c.mode());
    assertEquals(4, c.n());
    assertEquals(1, c.f());
    assertEquals(7002, c.replica(2).port());
    assertEquals(dir.resolve("data/3").toAbsolutePath().normalize(), c.replica(3).dataDir());
    assertEquals(dir.resolve("keys/config.json").toAbsolutePath().normalize(), c.publicConfigurationFile());
  }

  @Test
  void formatReadsBackTheSame() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD));
    ClusterConfig again = ClusterConfigFile.read(file(ClusterConfigFile.format(c, dir)));
    assertEquals(c, again);
  }

  private void assertBad(String text, String... fragments) throws IOException {
    Path f = file(text);
    ClusterConfigException e = assertThrows(ClusterConfigException.class, () -> ClusterConfigFile.read(f));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks '" + fragment + "'");
    }
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void badInputNamesTheField() throws Exception {
    assertBad(GOOD.replace("mode: byzantine", "mode: bizantine"), "\"mode\"", "crash or byzantine");
    assertBad(GOOD.replace("port: 7001", "port: 70001"), "replicas[1].port", "1 to 65535");
    assertBad(GOOD.replace("port: 7001", "port: 7000"), "replicas[1].port", "earlier replica");
    assertBad(GOOD.replace("dataDir: data/2", "dataDir: data/1"), "replicas[2].dataDir");
    assertBad(GOOD.replace("id: 2,", "id: 5,"), "replicas[2].id", "expected 2");
    assertBad(GOOD.replace("scheme: ed25519\n", "scheme: ed25519\nshceme: x\n"), "\"shceme\"", "unknown field");
    assertBad(GOOD.replace("format: bftpaxos-cluster/v1", "format: v0"), "\"format\"");
    assertBad(GOOD.replace("publicConfiguration: keys/config.json\n", ""), "publicConfiguration", "missing");
    assertBad(GOOD.replace("port: 7003", "port: seven"), "replicas[3].port");
    assertBad(GOOD.replace("mode: byzantine", "mode: byzantine\nframeBytesMax: 10"), "frameBytesMax");
    assertBad(GOOD.replace("mode: byzantine", "mode: crash").replace("replicas:", "replicas: []\nx:"), "");
  }

  @Test
  void withoutTimingOrBatchingTheCoreDefaultsApply() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD));
    assertEquals(ClusterTuning.CORE_DEFAULTS, c.tuning());
    assertEquals(1, c.tuning().tickMillis());
    assertEquals(dev.bftpaxos.core.CoreConfig.defaults(4), c.tuning().core(4));
    assertEquals(100, c.tuning().clientRetransmitMillis());
  }

  private static final String TUNED = GOOD + """
      timing:
        tickMillis: 2
        heartbeatTicks: 50
        electionTimeoutTicks: 1000
        retransmitTicks: 200
      batching: {windowSlots: 8, batchCountMax: 16, batchBytesMax: 4096, batchDelayTicks: 3, pipelineSlots: 2}
      crypto: {precheckThreads: 3}
      """;

  private static final String SHAPED = GOOD + """
      network:
        delay: {uniform: {minMicros: 200, maxMicros: 2ms}}
        links: {"0-2": {exponential: {minMicros: 1ms, meanExtraMicros: 500}}}
        lossRate: 0.01
        reorderRate: 0.05
        bandwidthBytesPerSecond: 1000000
        seed: 9
      """;

  @Test
  void readsTheNetworkSectionAsTheTransportsShapingAndWritesItBack() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(SHAPED));
    dev.bftpaxos.replica.transport.LinkShaping n = c.network();
    assertEquals(new dev.bftpaxos.replica.transport.LinkShaping.Delay.Uniform(200, 2_000), n.delay());
    assertEquals(new dev.bftpaxos.replica.transport.LinkShaping.Delay.Exponential(1_000, 500), n.delayBetween(2, 0));
    assertEquals(n.delay(), n.delayBetween(0, 1));
    assertEquals(0.01, n.lossRate());
    assertEquals(2_000, n.reorderDelayMicros(), "a reordering rate without a delay gets the scenario default");
    assertEquals(1_000_000, n.bandwidthBytesPerSecond());
    assertEquals(9, n.seed());
    assertEquals(c, ClusterConfigFile.read(file(ClusterConfigFile.format(c, dir))));
    assertTrue(ClusterConfigFile.read(file(GOOD)).network().isNone(), "no section: no shaping");
  }

  @Test
  void aBadNetworkSectionNamesTheField() throws Exception {
    assertBad(SHAPED.replace("lossRate: 0.01", "lossRate: 1.5"), "network.lossRate", "[0, 1)");
    assertBad(SHAPED.replace("\"0-2\"", "\"0-9\""), "network.links.0-9", "two different replicas");
    assertBad(SHAPED.replace("maxMicros: 2ms", "maxMicros: 2h"), "network.delay.uniform.maxMicros", "a time");
    assertBad(SHAPED.replace("minMicros: 200, maxMicros: 2ms", "minMicros: 3ms, maxMicros: 2ms"), "network.delay",
        "min");
    assertBad(SHAPED.replace("seed: 9", "sead: 9"), "network.sead", "unknown field");
    assertBad(SHAPED.replace("bandwidthBytesPerSecond: 1000000", "bandwidthBytesPerSecond: -1"),
        "network.bandwidthBytesPerSecond", "0 (no limit)");
  }

  @Test
  void readsTimingAndBatchingIntoTheCoreConfig() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(TUNED));
    assertEquals(new ClusterTuning(2, 50, 1000, 200, 8, 16, 4096, 3, 2, 3, 0, 16 << 20, 2, 0), c.tuning());
    assertEquals(ClientAuth.SIGNATURES, c.tuning().clientAuthKind(), "absent: signatures");
    dev.bftpaxos.core.CoreConfig core = c.tuning().core(4);
    assertEquals(4, core.replicaCount());
    assertEquals(50, core.heartbeatTicks());
    assertEquals(1000, core.electionTimeoutTicks());
    assertEquals(200, core.retransmitTicks());
    assertEquals(8, core.windowSlots());
    assertEquals(16, core.batchCountMax());
    assertEquals(4096, core.batchBytesMax());
    assertEquals(3, core.batchDelayTicks());
    assertEquals(2, core.pipelineSlots());
    // the window's limits are re-derived from the window and the retransmission interval
    assertEquals(dev.bftpaxos.core.CoreConfig.Limits.defaults(8, 200), core.limits());
    assertEquals(2000, c.tuning().clientRetransmitMillis());
    assertEquals(c, ClusterConfigFile.read(file(ClusterConfigFile.format(c, dir))));
  }

  @Test
  void aPartialSectionKeepsTheOtherDefaults() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD + "timing: {electionTimeoutTicks: 1000}\nbatching: {}\n"));
    assertEquals(ClusterTuning.CORE_DEFAULTS.withTimeouts(10, 1000, 20), c.tuning());
    assertEquals(ClusterTuning.CORE_DEFAULTS, ClusterConfigFile.read(file(GOOD + "timing:\n")).tuning());
  }

  @Test
  void formatWritesBothSectionsWithTheirValues() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD));
    String text = ClusterConfigFile.format(c, dir);
    assertTrue(text.contains("timing:"), text);
    assertTrue(text.contains("  electionTimeoutTicks: 100"), text);
    assertTrue(text.contains("batching:"), text);
    assertTrue(text.contains("  batchBytesMax: 65536"), text);
    assertTrue(text.contains("  clientAuth: signatures"), text);
    ClusterConfig macs = new ClusterConfig(c.file(), c.mode(), c.scheme(), c.publicConfigurationFile(), c.frameBytesMax(),
        c.replicas(), c.tuning().with("crypto.clientAuth", ClientAuth.MACS.ordinal()), c.network());
    Path again = dir.resolve("again.yaml");
    java.nio.file.Files.writeString(again, ClusterConfigFile.format(macs, dir));
    assertEquals(ClientAuth.MACS, ClusterConfigFile.read(again).tuning().clientAuthKind());
  }

  @Test
  void readsTheWalSectionAndNamesABadField() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD + "wal: {segmentBytes: 65536, sparesMax: 3}\n"));
    assertEquals(new dev.bftpaxos.replica.wal.WalSettings(65536, 3), c.tuning().walSettings());
    assertEquals(dev.bftpaxos.replica.wal.WalSettings.DEFAULTS, ClusterConfigFile.read(file(GOOD)).tuning().walSettings());
    assertEquals(c, ClusterConfigFile.read(file(ClusterConfigFile.format(c, dir))));
    assertBad(GOOD + "wal: {segmentBytes: 100}\n", "wal.segmentBytes", "4096 to 1073741824");
    assertBad(GOOD + "wal: {segmentBytes: 4294967296}\n", "wal.segmentBytes");
    assertBad(GOOD + "wal: {sparesMax: 0}\n", "wal.sparesMax", "1 to 64");
    assertBad(GOOD + "wal: {spares: 2}\n", "wal.spares", "unknown field");
    assertEquals(65536, ClusterTuning.CORE_DEFAULTS.with("wal.segmentBytes", 65536).walSegmentBytes());
  }

  @Test
  void readsTheClockDriftBoundIntoTheCoreLimitsAndNamesABadValue() throws Exception {
    ClusterConfig c = ClusterConfigFile.read(file(GOOD + "timing: {clockDriftMaxPermille: 10}\n"));
    assertEquals(10, c.tuning().clockDriftMaxPermille());
    assertEquals(10, c.tuning().core(3).limits().clockDriftMaxPermille());
    assertEquals(0, ClusterConfigFile.read(file(GOOD)).tuning().core(3).limits().clockDriftMaxPermille(),
        "absent: no bound assumed, no lease reads");
    assertEquals(c, ClusterConfigFile.read(file(ClusterConfigFile.format(c, dir))));
    assertBad(GOOD + "timing: {clockDriftMaxPermille: 101}\n", "timing.clockDriftMaxPermille", "0 to 100");
    assertBad(GOOD + "timing: {clockDriftMaxPermille: -1}\n", "timing.clockDriftMaxPermille", "0 to 100");
  }

  @Test
  void membersMakeTheFirstConfigurationAndTheRestSpares() throws Exception {
    String crash = GOOD.replace("mode: byzantine", "mode: crash");
    ClusterConfig all = ClusterConfigFile.read(file(crash));
    assertEquals(List.of(0, 1, 2, 3), all.members(), "absent: every listed replica");
    assertFalse(all.hasSpares());
    assertFalse(ClusterConfigFile.format(all, dir).contains("members:"), "written only where there are spares");
    ClusterConfig three = ClusterConfigFile.read(file(crash + "members: [2, 0, 1]\n"));
    assertEquals(List.of(0, 1, 2), three.members());
    assertTrue(three.hasSpares());
    assertEquals(4, three.n(), "n counts every listed replica: the universe the core numbers");
    assertEquals(1, three.f(), "f is the first configuration's");
    assertEquals(three, ClusterConfigFile.read(file(ClusterConfigFile.format(three, dir))));
    assertBad(crash + "members: [0, 1, 4]\n", "members[2]", "0 to 3");
    assertBad(crash + "members: [0, 1, 1]\n", "members[2]", "listed twice");
    assertBad(crash + "members: [0, 1]\n", "members", "at least 3");
    assertBad(crash + "members: 0\n", "members", "expected a list");
    assertBad(GOOD + "members: [0, 1, 2]\n", "members", "byzantine mode needs at least 4");
    assertEquals(4, ClusterConfigFile.read(file(GOOD + "members: [0, 1, 2, 3]\n")).members().size());
  }

  @Test
  void reconfigureClientsNameWhoMayChangeTheConfiguration() throws Exception {
    ClusterConfig any = ClusterConfigFile.read(file(GOOD));
    assertTrue(any.reconfigureClients().isEmpty());
    assertTrue(any.coreConfig().limits().mayReconfigure(12345), "absent: any client");
    ClusterConfig admins = ClusterConfigFile.read(file(GOOD + "reconfigureClients: [1001, 1000]\n"));
    assertEquals(List.of(1000L, 1001L), admins.reconfigureClients());
    assertTrue(admins.coreConfig().limits().mayReconfigure(1001));
    assertFalse(admins.coreConfig().limits().mayReconfigure(1002));
    assertEquals(admins, ClusterConfigFile.read(file(ClusterConfigFile.format(admins, dir))));
    assertBad(GOOD + "reconfigureClients: []\n", "reconfigureClients", "non-empty list");
    assertBad(GOOD + "reconfigureClients: [1000, -1]\n", "reconfigureClients[1]", "client id");
    assertBad(GOOD + "reconfigureClients: [1000, 1000]\n", "reconfigureClients[1]", "listed twice");
  }

  @Test
  void badTimingOrBatchingNamesTheField() throws Exception {
    assertBad(TUNED.replace("tickMillis: 2", "tickMillis: 0"), "timing.tickMillis", "1 to 1000");
    assertBad(TUNED.replace("tickMillis: 2", "tickMillis: 1001"), "timing.tickMillis", "1 to 1000");
    assertBad(TUNED.replace("tickMillis: 2", "tickMillis: 1.5"), "timing.tickMillis");
    assertBad(TUNED.replace("tickMillis: 2", "tickMillis: fast"), "timing.tickMillis");
    assertBad(TUNED.replace("heartbeatTicks: 50", "heartbeatTicks: 0"), "timing.heartbeatTicks", "1 to 1000000");
    assertBad(TUNED.replace("heartbeatTicks: 50", "heartbeatTicks: 1000"), "timing.electionTimeoutTicks",
        "more than timing.heartbeatTicks (1000)");
    assertBad(TUNED.replace("electionTimeoutTicks: 1000", "electionTimeoutTicks: 1000001"),
        "timing.electionTimeoutTicks", "2 to 1000000");
    assertBad(TUNED.replace("electionTimeoutTicks: 1000", "electionTimeoutTicks: 99999999999"),
        "timing.electionTimeoutTicks");
    assertBad(TUNED.replace("retransmitTicks: 200", "retransmitTicks: -1"), "timing.retransmitTicks");
    assertBad(TUNED.replace("retransmitTicks: 200", "retransmitTick: 200"), "timing.retransmitTick",
        "unknown field");
    assertBad(TUNED.replace("windowSlots: 8", "windowSlots: 0"), "batching.windowSlots", "1 to 4096");
    assertBad(TUNED.replace("windowSlots: 8", "windowSlots: 5000"), "batching.windowSlots");
    assertBad(TUNED.replace("pipelineSlots: 2", "pipelineSlots: 9"), "batching.pipelineSlots", "1 to 8");
    assertBad(TUNED.replace("pipelineSlots: 2", "pipelineSlots: 0"), "batching.pipelineSlots", "1 to 8");
    assertBad(TUNED.replace("precheckThreads: 3", "precheckThreads: 65"), "crypto.precheckThreads", "0 to 64");
    assertBad(TUNED.replace("precheckThreads: 3", "precheckThreads: -1"), "crypto.precheckThreads", "0 to 64");
    assertBad(TUNED.replace("precheckThreads: 3", "prechecks: 3"), "crypto.prechecks", "unknown field");
    assertEquals(ClientAuth.MACS, ClusterConfigFile.read(file(TUNED.replace("{precheckThreads: 3}",
        "{precheckThreads: 3, clientAuth: macs}"))).tuning().clientAuthKind());
    assertBad(TUNED.replace("{precheckThreads: 3}", "{precheckThreads: 3, clientAuth: hmac}"), "crypto.clientAuth",
        "expected signatures, macs or hybrid");
    assertBad(TUNED.replace("batchCountMax: 16", "batchCountMax: 0"), "batching.batchCountMax");
    assertBad(TUNED.replace("batchCountMax: 16", "batchCountMax: 100000000"), "batching.batchCountMax",
        "1 to " + dev.bftpaxos.core.CoreConfig.BATCH_COUNT_LIMIT);
    assertBad(TUNED.replace("batchBytesMax: 4096", "batchBytesMax: 0"), "batching.batchBytesMax");
    assertBad(TUNED.replace("mode: byzantine", "mode: byzantine\nframeBytesMax: 65536")
        .replace("batchBytesMax: 4096", "batchBytesMax: 65537"), "batching.batchBytesMax", "1 to 65536");
    assertBad(TUNED.replace("batchDelayTicks: 3", "batchDelayTicks: -1"), "batching.batchDelayTicks", "0 to");
    assertBad(TUNED.replace("batchDelayTicks: 3", "batchDelayTicks: 1000"), "batching.batchDelayTicks",
        "less than timing.electionTimeoutTicks (1000)");
    assertBad(TUNED.replace("batchDelayTicks: 3", "batchDelay: 3"), "batching.batchDelay", "unknown field");
    assertBad(GOOD + "timing: 100\n", "\"timing\"", "expected a mapping");
    assertBad(GOOD + "batching: [1, 2]\n", "\"batching\"", "expected a mapping");
    assertBad(GOOD + "timeouts: {}\n", "\"timeouts\"", "unknown field");
  }

  @Test
  void tooFewReplicasForTheMode() throws Exception {
    String three = GOOD.substring(0, GOOD.lastIndexOf("  - {id: 3"));
    assertBad(three, "replicas", "byzantine mode needs 4");
    ClusterConfig crash = ClusterConfigFile.read(file(three.replace("mode: byzantine", "mode: crash")));
    assertEquals(1, crash.f());
  }

  @Test
  void notYamlOrMissing() throws Exception {
    assertBad("replicas: [unclosed", "not valid YAML");
    assertBad("- just\n- a list\n", "mapping");
    Path none = dir.resolve("none.yaml");
    ClusterConfigException e = assertThrows(ClusterConfigException.class, () -> ClusterConfigFile.read(none));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }
}
