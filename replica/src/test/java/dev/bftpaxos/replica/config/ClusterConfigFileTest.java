package dev.bftpaxos.replica.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
