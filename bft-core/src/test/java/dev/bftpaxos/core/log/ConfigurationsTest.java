package dev.bftpaxos.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.core.RejectionCounters;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rules of {@link Configurations}: activation at s + alpha, one change at a time, refusals counted. */
class ConfigurationsTest {
  private static final int ALPHA = 16;
  private final RejectionCounters rejections = new RejectionCounters();

  private Configurations history(int n, int universe) {
    return new Configurations(Configuration.initial(n), universe, ALPHA, (next, change) -> null, rejections::count);
  }

  private static String result(byte[] r) {
    return new String(r, StandardCharsets.UTF_8);
  }

  @Test
  void aChangeGovernsSlotsFromItsSlotPlusAlpha() {
    Configurations h = history(3, 5);
    assertEquals("ok C1 from " + (10 + ALPHA), result(h.execute(10, ConfigChange.add(3, null).encode())));
    assertEquals(3, h.at(10 + ALPHA - 1).n(), "slots before the activation keep the old configuration");
    assertEquals(0, h.at(10).id(), "the change itself is decided in the old configuration");
    assertEquals(4, h.at(10 + ALPHA).n());
    assertEquals(1, h.at(10 + ALPHA).id());
    assertTrue(h.anyContains(3), "an added replica hears everything while the change is pending");
  }

  @Test
  void quorumsFollowTheConfiguration() {
    Configuration c = Configuration.initial(4);
    assertEquals(3, c.crashQuorum());
    assertEquals(1, c.byzantineF());
    assertEquals(3, c.byzantineQuorum());
    Configuration seven = Configuration.initial(7);
    assertEquals(2, seven.byzantineF());
    assertEquals(5, seven.byzantineQuorum());
    Configuration five = c.apply(ConfigChange.add(4, null));
    assertEquals(3, five.crashQuorum());
    assertEquals(4, five.byzantineQuorum(), "n=5, f=1: ceil((5+1+1)/2)");
    Configuration three = c.apply(ConfigChange.remove(0));
    assertEquals(2, three.crashQuorum());
    assertEquals(1, three.countMembers(0b0011), "a removed replica's vote never counts");
  }

  @Test
  void oneChangeAtATime() {
    Configurations h = history(3, 5);
    h.execute(10, ConfigChange.add(3, null).encode());
    String second = result(h.execute(11, ConfigChange.add(4, null).encode()));
    assertEquals("refused: configuration change while another is pending", second);
    assertEquals(1L, rejections.snapshot().get("configuration change while another is pending"));
    assertEquals(1, h.latest().id());
    assertEquals("refused: configuration change while another is pending",
        result(h.execute(10 + ALPHA - 1, ConfigChange.add(4, null).encode())));
    // Once active, the next change is validated against the configuration it changes (issue #58).
    assertEquals("ok C2 from " + (10 + 2 * ALPHA), result(h.execute(10 + ALPHA, ConfigChange.add(4, null).encode())));
    assertEquals(5, h.at(10 + 2 * ALPHA).n());
  }

  @Test
  void invalidChangesAreRefusedAndCounted() {
    Configurations h = history(1, 3);
    assertEquals("refused: configuration change leaving no replica", result(h.execute(1, ConfigChange.remove(0).encode())));
    assertEquals("refused: configuration change adding a member", result(h.execute(2, ConfigChange.add(0, null).encode())));
    assertEquals("refused: configuration change removing a non-member",
        result(h.execute(3, ConfigChange.remove(2).encode())));
    assertEquals("refused: configuration change replacing a non-member",
        result(h.execute(4, ConfigChange.replace(2, new byte[] {1}).encode())));
    assertEquals("refused: configuration change naming a replica outside 0..replicaCount-1",
        result(h.execute(5, ConfigChange.add(3, null).encode())));
    assertEquals("refused: malformed configuration change",
        result(h.execute(6, java.util.Arrays.copyOf(ConfigChange.add(1, null).encode(), 10))));
    assertEquals(6, rejections.snapshot().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(0, h.latest().id());
  }

  @Test
  void theModeRuleIsApplied() {
    Configurations h = new Configurations(Configuration.initial(4), 8, ALPHA,
        (next, change) -> next.n() < 4 ? "below four" : null, rejections::count);
    assertEquals("refused: below four", result(h.execute(1, ConfigChange.remove(3).encode())));
    assertEquals(1L, rejections.snapshot().get("below four"));
  }

  @Test
  void byzantineModeAllowsChangesKeepingFourReplicasWithKeys() {
    dev.bftpaxos.core.bft.RotatedKeys usable = new dev.bftpaxos.core.bft.RotatedKeys() {
      @Override
      public dev.bftpaxos.crypto.KeyVerifier verifier(byte[] publicKey) {
        return (statement, signature) -> false;
      }

      @Override
      public dev.bftpaxos.crypto.Signer signer(byte[] publicKey) {
        return null;
      }
    };
    dev.bftpaxos.core.bft.ByzantineMode byzantine = new dev.bftpaxos.core.bft.ByzantineMode(
        dev.bftpaxos.core.CoreConfig.defaults(5), keys(usable), dev.bftpaxos.core.bft.ByzantineRules.CORRECT);
    Configuration four = Configuration.initial(4);
    ConfigChange add = ConfigChange.add(4, new byte[] {1});
    assertNull(byzantine.checkConfiguration(four.apply(add), add), "4 -> 5 need not be 3f+1");
    ConfigChange remove = ConfigChange.remove(3);
    assertEquals("configuration change below four replicas (Byzantine)",
        byzantine.checkConfiguration(four.apply(remove), remove));
    ConfigChange keyless = ConfigChange.replace(2, new byte[0]);
    assertEquals("configuration change without the replica's public key (Byzantine)",
        byzantine.checkConfiguration(four.apply(keyless), keyless));
    assertNull(new dev.bftpaxos.core.crash.CrashMode(4, dev.bftpaxos.core.crash.CrashRules.CORRECT)
        .checkConfiguration(four.apply(add), add));
    dev.bftpaxos.core.bft.ByzantineMode noNewKeys = new dev.bftpaxos.core.bft.ByzantineMode(
        dev.bftpaxos.core.CoreConfig.defaults(5), keys(dev.bftpaxos.core.bft.RotatedKeys.NONE),
        dev.bftpaxos.core.bft.ByzantineRules.CORRECT);
    assertEquals("configuration change with a public key this replica cannot use (Byzantine)",
        noNewKeys.checkConfiguration(four.apply(add), add), "a member no one could count is refused");
    ConfigChange removeFromFive = ConfigChange.remove(4);
    Configuration five = four.apply(add);
    assertNull(noNewKeys.checkConfiguration(five.apply(removeFromFive), removeFromFive), "a REMOVE needs no key");
  }

  /** Keys whose only part a configuration check reads is {@code rotated}. */
  private static dev.bftpaxos.core.bft.ByzantineKeys keys(dev.bftpaxos.core.bft.RotatedKeys rotated) {
    return new dev.bftpaxos.core.bft.ByzantineKeys(null, null, null, null, null, null, rotated);
  }

  @Test
  void keyRotationIsAReplaceWithTheSameId() {
    Configurations h = history(4, 4);
    byte[] key = {7, 7, 7};
    h.execute(5, ConfigChange.replace(2, key).encode());
    assertArrayEquals(key, h.at(5 + ALPHA).key(2));
    assertEquals(4, h.at(5 + ALPHA).n());
    assertArrayEquals(new byte[0], h.at(5).key(2));
  }

  @Test
  void theHistoryTravelsInSnapshotsAndIsPruned() {
    Configurations h = history(3, 5);
    assertNull(h.encode(10), "nothing changed: snapshots keep their old form");
    h.execute(10, ConfigChange.add(4, new byte[] {1, 2}).encode());
    byte[] bytes = h.encode(10);
    Configurations copy = history(3, 5);
    copy.restore(bytes);
    assertEquals(h.entries(), copy.entries());
    assertArrayEquals(new byte[] {1, 2}, copy.at(10 + ALPHA).key(4));
    h.prune(10 + ALPHA - 2);
    assertEquals(2, h.entries().size(), "the old configuration still governs a slot above the checkpoint");
    h.prune(10 + ALPHA - 1);
    assertEquals(1, h.entries().size());
    assertFalse(h.pendingAfter(10 + ALPHA));
    copy.restore(null);
    assertEquals(0, copy.latest().id());
    assertThrows(IllegalArgumentException.class, () -> copy.restore(new byte[] {0, 0, 0, 9}));
    assertThrows(IllegalArgumentException.class, () -> copy.restore(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
  }

  @Test
  void aSnapshotsHistoryDependsOnTheSlotNotOnPruning() {
    Configurations early = history(3, 5);
    Configurations late = history(3, 5);
    early.execute(10, ConfigChange.add(3, null).encode());
    late.execute(10, ConfigChange.add(3, null).encode());
    long slot = 10 + ALPHA + 4;
    early.prune(slot); // this replica's checkpoint moved on already, the other's not
    assertArrayEquals(late.encode(slot), early.encode(slot));
  }

  @Test
  void changesRoundTripAndMalformedOnesDecodeToNull() {
    ConfigChange c = ConfigChange.replace(63, new byte[] {9, 8});
    assertEquals(c, ConfigChange.decode(c.encode()));
    assertTrue(ConfigChange.isChange(c.encode()));
    assertFalse(ConfigChange.isChange(new byte[] {1, 0, 0}));
    byte[] bad = c.encode();
    bad[9] = 64; // replica id out of range
    assertNull(ConfigChange.decode(bad));
    byte[] trailing = java.util.Arrays.copyOf(c.encode(), c.encode().length + 1);
    assertNull(ConfigChange.decode(trailing));
  }
}
