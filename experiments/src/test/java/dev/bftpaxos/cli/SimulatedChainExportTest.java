package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated Byzantine run that reconfigures exports, beside its commit certificates, the chain of
 * its changes' reply certificates, and every certificate names the configuration that governs its
 * slot: a learner holding only the first configuration verifies the last one through the chain
 * (docs/CERTIFICATES.md, section 10), and without the chain it is refused for naming a later
 * configuration.
 */
class SimulatedChainExportTest {
  @TempDir Path dir;

  @Test
  void theExportedChainVerifiesTheLastConfigurationsCertificates() throws Exception {
    Path out = dir.resolve("certs");
    CliContractTest.Run sim = CliContractTest.run("simulate", "--scenario", "byzantine-basic", "--n", "6", "--seed",
        "3", "--faults", "members(0,1,2,3)@0ms;add(4)@300ms;remove(0)@900ms", "--export-certificates", out.toString());
    assertEquals(ExitCodes.OK, sim.exitCode(), sim.all());
    assertTrue(sim.err().contains("the chain of 2 configuration changes"), sim.all());
    Path last;
    try (Stream<Path> files = Files.list(out)) {
      last = files.filter(f -> f.getFileName().toString().startsWith("slot-")).max(Path::compareTo).orElseThrow();
    }
    assertTrue(Files.readString(last).contains("\"configuration\": 2,"), last.toString());
    List<String> common = List.of("verify-certificate", last.toString(), "--config", out.resolve("config.json")
        .toString(), "--seed", "3", "--members", "0,1,2,3");
    List<String> withChain = new java.util.ArrayList<>(common);
    withChain.addAll(List.of("--chain", out.resolve("chain/C1.json").toString(), "--chain",
        out.resolve("chain/C2.json").toString()));
    CliContractTest.Run verified = CliContractTest.run("", withChain);
    assertEquals(ExitCodes.OK, verified.exitCode(), verified.all());
    assertTrue(verified.out().trim().endsWith("configuration=C2"), verified.all());
    assertTrue(verified.err().contains("C2 from slot"), verified.all());
    CliContractTest.Run firstOnly = CliContractTest.run("", common);
    assertEquals(VerifyCertificateCommand.INVALID, firstOnly.exitCode(), firstOnly.all());
    assertTrue(firstOnly.out().startsWith("INVALID: CONFIGURATION_MISMATCH"), firstOnly.all());
    CliContractTest.Run first = CliContractTest.run("", List.of("verify-certificate",
        out.resolve("slot-0000001.json").toString(), "--config", out.resolve("config.json").toString(), "--seed", "3",
        "--members", "0,1,2,3"));
    assertEquals(ExitCodes.OK, first.exitCode(), "the first configuration's certificates need no chain: " + first.all());
  }
}
