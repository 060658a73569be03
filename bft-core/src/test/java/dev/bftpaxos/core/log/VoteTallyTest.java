package dev.bftpaxos.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import org.junit.jupiter.api.Test;

class VoteTallyTest {
  private static final byte[] SIG = {1};

  @Test
  void aFullSignerReplacesOnlyItsOwnLowestVote() {
    VoteTally<Long> t = new VoteTally<>(2);
    t.add(10L, 0, SIG);
    t.add(20L, 0, SIG);
    t.add(20L, 1, SIG);
    assertEquals(VoteTally.Added.NEW, t.add(30L, 0, SIG));
    assertEquals(VoteTally.Added.REFUSED, t.add(5L, 0, SIG), "lower than all it keeps");
    assertEquals(0, t.signers(10L).size());
    assertEquals(2, t.signers(20L).size(), "another signer's vote is untouched");
    assertEquals(3, t.size(), "two per signer at most, and signer 1 has one");
  }

  /**
   * Checkpoints rank votes beyond their window below every vote inside it: a signer whose share is
   * full of far-future junk can still have its genuine vote counted (with the natural order it
   * would be refused for as long as the junk stays above the stable checkpoint: for ever).
   */
  @Test
  void votesInsideTheWindowOutrankJunkBeyondIt() {
    long window = 128;
    Comparator<Long> worth = Comparator.comparing((Long slot) -> slot <= window).thenComparing(Comparator.naturalOrder());
    VoteTally<Long> t = new VoteTally<>(4);
    for (long junk = 1; junk <= 4; junk++) {
      t.add((1L << 40) + junk, 3, SIG, worth);
    }
    assertEquals(VoteTally.Added.REFUSED, t.add(64L, 3, new byte[] {2}), "natural order: the junk wins");
    assertEquals(VoteTally.Added.NEW, t.add(64L, 3, SIG, worth));
    assertEquals(1, t.signers(64L).size());
    assertEquals(4, t.size(), "still four votes for the signer");
    t.add((1L << 41), 3, SIG, worth); // more junk replaces only junk
    assertEquals(VoteTally.Added.REFUSED, t.add(1L << 39, 3, SIG, worth), "lower junk than all it keeps beyond the window");
    assertEquals(1, t.signers(64L).size(), "the vote inside the window stays");
  }
}
