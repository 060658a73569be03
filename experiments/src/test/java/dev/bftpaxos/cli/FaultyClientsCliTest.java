package dev.bftpaxos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --faulty-clients and faulty_clients: on the command line: a run replays with them, mistakes exit 2 naming them. */
class FaultyClientsCliTest {
  @TempDir
  Path dir;

  @Test
  void aRunWithFaultyClientsPrintsAReplayThatNamesThem() {
    MainTest.Run r = MainTest.run("simulate", "--scenario", "byzantine-basic", "--duration", "100ms", "--faulty-clients",
        "flooding-client(rate=4),forging-client");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("clients flooding-client(rate=4),forging-client"), r.err());
    MainTest.Run caught = MainTest.run("simulate", "--scenario", "byzantine-basic", "--duration", "100ms",
        "--variant", "unsigned-requests", "--faulty-clients", "flooding-client(rate=4),forging-client");
    assertEquals(1, caught.exitCode(), caught.out() + caught.err());
    assertTrue(caught.out().contains("VIOLATION of validity"), caught.out());
    assertTrue(caught.out().contains("--faulty-clients 'flooding-client(rate=4),forging-client'"), caught.out());
  }

  @Test
  void badClientBehavioursAreNamed() {
    MainTest.Run unknown = MainTest.run("simulate", "--faulty-clients", "nope-client");
    assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown client behaviour 'nope-client'"), unknown.err());
    MainTest.Run param = MainTest.run("simulate", "--faulty-clients", "flooding-client(rate=0)");
    assertEquals(ExitCodes.BAD_INPUT, param.exitCode());
    assertTrue(param.err().contains("rate"), param.err());
  }

  @Test
  void aScenarioFileNamesFaultyClients() throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, "mode: byzantine\ndurationMicros: 100000\nfaulty_clients: [replaying-client, \"oversized-client(every=2)\"]\n");
    MainTest.Run r = MainTest.run("simulate", "--scenario", f.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("clients replaying-client,oversized-client(every=2)"), r.err());
    Files.writeString(f, "mode: byzantine\nfaulty_clients: flooding-client\n");
    MainTest.Run bad = MainTest.run("simulate", "--scenario", f.toString());
    assertEquals(ExitCodes.BAD_INPUT, bad.exitCode());
    assertTrue(bad.err().contains("faulty_clients"), bad.err());
  }

  @Test
  void attackFindsAndShrinksAFaultyClientsForgeryToOneAct() {
    MainTest.Run r = MainTest.run("attack", "--scenario", "byzantine-random-faults", "--n", "4", "--variant",
        "unsigned-requests", "--faulty-clients", "forging-client", "--seeds", "3", "--no-other-mode", "--out",
        dir.resolve("attack").toString(), "-q");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("VIOLATION validity"), r.out());
    assertTrue(r.out().contains("misbehaving acts that remain (1):"), r.out());
    assertTrue(r.out().contains("--faulty-clients forging-client"), r.out());
  }
}
