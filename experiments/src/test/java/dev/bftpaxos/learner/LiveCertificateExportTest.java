package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.Batch;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.crypto.Ed25519Scheme;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a replica's --export-certificates does with the certificates its driver offers. */
class LiveCertificateExportTest {
  private static final TestCluster CLUSTER = new TestCluster(Ed25519Scheme.INSTANCE, 91, 4, 1);

  @TempDir
  Path dir;

  private static CommitProof proof(long slot) {
    Batch batch = new Batch(List.of(CLUSTER.request(1000, slot, ("put k " + slot).getBytes(StandardCharsets.UTF_8))));
    CommitCertificate c = CLUSTER.certificate(1, slot, batch, List.of(0, 1, 3));
    return new CommitProof(c.ballot(), c.slot(), c.digest(), c.batch(), c.signatures());
  }

  @Test
  void writesConfigAndOneVerifiableFilePerSlotAndNothingElse() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LiveCertificateExport export = new LiveCertificateExport(dir, CLUSTER.config, new PrintStream(err, true), "replica 0");
    for (long slot = 1; slot <= 5; slot++) {
      export.committed(proof(slot));
    }
    export.close();
    assertEquals(5, export.written(), export.status());
    assertEquals(0, export.dropped());
    assertTrue(export.status().contains("export.written=5 export.dropped=0"), export.status());
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("config.json", "slot-0000001.json", "slot-0000002.json", "slot-0000003.json",
        "slot-0000004.json", "slot-0000005.json"), names, "no temporary files are left");
    OfflineVerifier v = new OfflineVerifier(
        ConfigurationFiles.read(dir.resolve("config.json"), null, java.util.OptionalLong.empty()).configuration(),
        Ed25519Scheme.INSTANCE);
    for (long slot = 1; slot <= 5; slot++) {
      OfflineVerifier.Result r = v.verify(Files.readAllBytes(dir.resolve(CertificateExport.fileName(slot))));
      assertTrue(r.isValid(), r.render());
    }
    assertEquals("", err.toString());
  }

  @Test
  void whatComesAfterCloseIsCountedAsDroppedNotWaitedFor() {
    LiveCertificateExport export = new LiveCertificateExport(dir, CLUSTER.config, System.err, "replica 0");
    export.close();
    export.committed(proof(1));
    assertEquals(1, export.dropped());
    assertTrue(export.status().contains("export.dropped=1"), export.status());
  }

  @Test
  void aFolderOfAnotherConfigurationIsRefused() throws Exception {
    TestCluster other = new TestCluster(Ed25519Scheme.INSTANCE, 92, 4, 1);
    new LiveCertificateExport(dir, other.config, System.err, "replica 0").close();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LiveCertificateExport(dir, CLUSTER.config, System.err, "replica 0"));
    assertTrue(e.getMessage().startsWith("--export-certificates " + dir + ": holds a config.json"), e.getMessage());
    // The same configuration again (a restarted replica) continues in the folder.
    new LiveCertificateExport(dir, other.config, System.err, "replica 0").close();
  }
}
