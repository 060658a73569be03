package dev.bftpaxos.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.variants.Variant;
import dev.bftpaxos.core.bft.CommitCertificate;
import dev.bftpaxos.core.msg.CommitProof;
import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.RunResult;
import dev.bftpaxos.sim.Scenario;
import dev.bftpaxos.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every commit certificate a simulated Ed25519 run exports verifies offline, from the files alone. */
class ExportedCertificatesVerifyTest {

  @Test
  void everyExportedCertificateVerifies(@TempDir Path dir) throws Exception {
    Scenario s = Scenario.byzantineRandomFaults(4).withDuration(300_000);
    RunResult r = new Simulator(s, 5, Variant.CORRECT, Simulator.planFor(s, 5),
        Simulator.Options.defaults().withSignatureScheme("ed25519").withCertificates()).run();
    assertTrue(r.ok(), String.valueOf(r.violation()));
    List<CommitCertificate> certs = new ArrayList<>();
    for (CommitProof p : r.certificates()) {
      certs.add(new CommitCertificate(r.configuration().configId(), p.ballot(), p.slot(), p.digest(), p.batch(), p.signatures()));
    }
    assertTrue(certs.size() > 50, "expected a run with many chosen slots, got " + certs.size());
    CertificateExport.exportAll(dir, r.configuration(), certs);
    var config = dev.bftpaxos.crypto.KeyFiles.readPublicConfiguration(dir.resolve("config.json"), new dev.bftpaxos.crypto.Ed25519Scheme());
    int verified = 0;
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("slot-"))::iterator) {
        var result = OfflineVerifier.verify(Files.readAllBytes(f), config);
        assertTrue(result.render().startsWith("VALID"), f + ": " + result.render());
        verified++;
      }
    }
    assertEquals(certs.size(), verified);
  }
}
