package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PrecheckedVerifierTest {
  /** Accepts a signature iff it equals the statement's first byte repeated; counts its calls. */
  private static final class CountingVerifier implements Verifier {
    int calls;

    @Override
    public Digest32 ringId() {
      return Sha256.hash(new byte[] {1});
    }

    @Override
    public boolean isMember(int signerId) {
      return signerId >= 0 && signerId < 4;
    }

    @Override
    public SortedSet<Integer> memberIds() {
      return new TreeSet<>(java.util.List.of(0, 1, 2, 3));
    }

    @Override
    public int signatureLength() {
      return 2;
    }

    @Override
    public boolean verify(int signerId, byte[] statement, byte[] signature) {
      calls++;
      return isMember(signerId) && signature.length == 2 && signature[0] == statement[0] && signature[1] == statement[0];
    }
  }

  private static byte[] s(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theCoreTakesAPrecheckedAnswerOnceWithoutVerifyingAgain() {
    CountingVerifier ring = new CountingVerifier();
    PrecheckedVerifier v = new PrecheckedVerifier(ring, 16);
    byte[] good = {'a', 'a'};
    assertTrue(v.precheck(1, s("accept"), good));
    assertEquals(1, ring.calls);
    assertTrue(v.verify(1, s("accept"), good));
    assertEquals(1, ring.calls, "answered from the precheck");
    assertTrue(v.verify(1, s("accept"), good));
    assertEquals(2, ring.calls, "an answer is taken once; the next verify verifies");
    assertEquals(1, v.taken());
    assertEquals(1, v.verifiedAgain());
  }

  @Test
  void aBadSignatureStaysBadAndAnotherStatementOrSignerIsNeverAnsweredFromIt() {
    CountingVerifier ring = new CountingVerifier();
    PrecheckedVerifier v = new PrecheckedVerifier(ring, 16);
    assertFalse(v.precheck(1, s("commit"), new byte[] {'x', 'x'}));
    assertFalse(v.verify(1, s("commit"), new byte[] {'x', 'x'}));
    byte[] sig = {'a', 'a'};
    assertTrue(v.precheck(1, s("accept"), sig));
    // same signature over other bytes, or claimed by another signer: verified afresh
    assertFalse(v.verify(1, s("beta"), sig));
    assertTrue(v.verify(2, s("accept"), sig));
    assertEquals(2, v.verifiedAgain());
    // and the caller's arrays are copied: changing them after the precheck does not change the answer
    byte[] st = s("apple");
    byte[] sg = {'a', 'a'};
    assertTrue(v.precheck(3, st, sg));
    st[0] = 'z';
    assertFalse(v.verify(3, st, sg), "bytes changed after the precheck are verified, not matched");
  }

  @Test
  void answersAreBoundedOldestDroppedFirst() {
    CountingVerifier ring = new CountingVerifier();
    PrecheckedVerifier v = new PrecheckedVerifier(ring, 4);
    for (int i = 0; i < 10; i++) {
      byte[] st = {(byte) ('a' + i), (byte) i};
      v.precheck(0, st, new byte[] {st[0], st[0]});
    }
    int before = ring.calls;
    for (int i = 0; i < 10; i++) {
      byte[] st = {(byte) ('a' + i), (byte) i};
      assertTrue(v.verify(0, st, new byte[] {st[0], st[0]}));
    }
    assertEquals(4, v.taken(), "only the newest 4 answers were kept");
    assertEquals(before + 6, ring.calls);
  }

  @Test
  void nullBytesAreNotRemembered() {
    PrecheckedVerifier v = new PrecheckedVerifier(new CountingVerifier(), 4);
    assertFalse(v.precheck(0, null, new byte[] {1, 1}));
    assertFalse(v.precheck(0, s("a"), null));
    assertEquals(0, v.prechecked());
  }
}
