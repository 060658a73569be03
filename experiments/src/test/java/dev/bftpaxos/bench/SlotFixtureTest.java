package dev.bftpaxos.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmarked work verifies what it claims to, with every signature valid. */
class SlotFixtureTest {
  @ParameterizedTest
  @CsvSource({"fastsim,4,1", "fastsim,7,10", "fastsim,4,100", "ed25519,4,1", "ed25519,7,10"})
  void everyVerificationPasses(String scheme, int n, int b) {
    SlotFixture f = new SlotFixture(scheme, n, b);
    assertEquals(1 + b + 2 * (n - 1), f.acceptorVerifications());
    assertEquals(b + 2 * (n - 1), f.leaderVerifications());
    for (int i = 0; i < SlotFixture.SLOTS + 2; i++) {
      assertEquals(f.acceptorVerifications(), f.acceptorSlot(i), "acceptor, slot " + i);
      assertEquals(f.leaderVerifications(), f.leaderSlot(i), "leader, slot " + i);
      assertEquals(b, f.clientsSlot(i), "clients, slot " + i);
    }
  }

  @ParameterizedTest
  @CsvSource({"4,3", "7,5"})
  void quorumIsByzantine(int n, int q) {
    assertEquals(q, new SlotFixture("fastsim", n, 1).quorum());
  }

  @ParameterizedTest
  @CsvSource({"fastsim,3,1", "fastsim,4,0", "rsa,4,1"})
  void rejectsWhatIsNotAByzantineSlot(String scheme, int n, int b) {
    assertThrows(IllegalArgumentException.class, () -> new SlotFixture(scheme, n, b));
  }
}
