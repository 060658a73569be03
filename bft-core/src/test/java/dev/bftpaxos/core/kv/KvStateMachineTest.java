package dev.bftpaxos.core.kv;

import static dev.bftpaxos.core.kv.KvTestBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bftpaxos.core.app.StateMachine;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {

  private final KvStateMachine kv = new KvStateMachine();

  private KvResult run(KvCommand command) {
    return KvResult.decode(kv.apply(command.encode()));
  }

  @Test
  void putThenGet() {
    assertEquals(new KvResult.Ok(), run(new KvCommand.Put("k", "1")));
    assertEquals(new KvResult.Value("1"), run(new KvCommand.Get("k")));
    assertEquals(new KvResult.Ok(), run(new KvCommand.Put("k", "2")));
    assertEquals(new KvResult.Value("2"), run(new KvCommand.Get("k")));
    assertEquals("2", kv.get("k"));
    assertEquals(1, kv.size());
  }

  @Test
  void getOfAbsentKeyIsNullValue() {
    assertEquals(new KvResult.Value(null), run(new KvCommand.Get("missing")));
    assertEquals(0, kv.size());
  }

  @Test
  void emptyValueIsDistinctFromAbsent() {
    run(new KvCommand.Put("k", ""));
    assertEquals(new KvResult.Value(""), run(new KvCommand.Get("k")));
  }

  @Test
  void deleteRemovesAndDeleteOfAbsentKeyIsOk() {
    run(new KvCommand.Put("k", "1"));
    assertEquals(new KvResult.Ok(), run(new KvCommand.Delete("k")));
    assertNull(kv.get("k"));
    byte[] digest = kv.stateDigest();
    assertEquals(new KvResult.Ok(), run(new KvCommand.Delete("k")));
    assertEquals(new KvResult.Ok(), run(new KvCommand.Delete("never")));
    assertArrayEquals(digest, kv.stateDigest());
    assertEquals(0, kv.size());
  }

  @Test
  void casWithAbsentExpectedAppliesOnlyWhenKeyIsAbsent() {
    assertEquals(new KvResult.CasResult(true, null), run(new KvCommand.Cas("k", null, "1")));
    assertEquals("1", kv.get("k"));
    assertEquals(new KvResult.CasResult(false, "1"), run(new KvCommand.Cas("k", null, "2")));
    assertEquals("1", kv.get("k"));
  }

  @Test
  void casWithExpectedValue() {
    run(new KvCommand.Put("k", "1"));
    assertEquals(new KvResult.CasResult(false, "1"), run(new KvCommand.Cas("k", "0", "2")));
    assertEquals("1", kv.get("k"));
    assertEquals(new KvResult.CasResult(true, "1"), run(new KvCommand.Cas("k", "1", "2")));
    assertEquals("2", kv.get("k"));
  }

  @Test
  void casWithExpectedValueOnAbsentKeyFails() {
    assertEquals(new KvResult.CasResult(false, null), run(new KvCommand.Cas("k", "", "1")));
    assertEquals(0, kv.size());
  }

  @Test
  void executeMatchesApply() {
    assertEquals(new KvResult.Ok(), kv.execute(new KvCommand.Put("a", "x")));
    assertEquals(new KvResult.Value("x"), kv.execute(new KvCommand.Get("a")));
  }

  @Test
  void garbageGivesErrorAndChangesNothing() {
    run(new KvCommand.Put("k", "1"));
    byte[] snapshot = kv.snapshot();
    byte[] digest = kv.stateDigest();
    assertEquals(new KvResult.Error("unknown command tag 9"), KvResult.decode(kv.apply(bytes(9))));
    assertEquals(new KvResult.Error("command is null"), KvResult.decode(kv.apply(null)));
    assertEquals(
        new KvResult.Error("truncated: missing command tag"), KvResult.decode(kv.apply(bytes())));
    assertEquals(
        new KvResult.Error("1 trailing bytes after command"),
        KvResult.decode(kv.apply(bytes(1, 1, 'k', 1, '2', 0))));
    assertArrayEquals(snapshot, kv.snapshot());
    assertArrayEquals(digest, kv.stateDigest());
    assertEquals("1", kv.get("k"));
  }

  @Test
  void snapshotEncodingIsPinnedAndInKeyOrder() {
    assertArrayEquals(bytes(1, 0), kv.snapshot());
    run(new KvCommand.Put("b", "2"));
    run(new KvCommand.Put("a", "1"));
    assertArrayEquals(bytes(1, 2, 1, 'a', 1, '1', 1, 'b', 1, '2'), kv.snapshot());
  }

  @Test
  void digestIsSha256OfSnapshot() throws Exception {
    run(new KvCommand.Put("a", "1"));
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(kv.snapshot());
    assertArrayEquals(expected, kv.stateDigest());
    assertEquals(32, kv.stateDigest().length);
  }

  @Test
  void digestFollowsEveryMutationButNotReads() {
    byte[] empty = kv.stateDigest();
    run(new KvCommand.Put("a", "1"));
    byte[] one = kv.stateDigest();
    assertFalse(MessageDigest.isEqual(empty, one));
    run(new KvCommand.Get("a"));
    run(new KvCommand.Cas("a", "0", "9"));
    run(new KvCommand.Put("a", "1"));
    assertArrayEquals(one, kv.stateDigest());
    run(new KvCommand.Cas("a", "1", "2"));
    byte[] two = kv.stateDigest();
    assertFalse(MessageDigest.isEqual(one, two));
    run(new KvCommand.Delete("a"));
    assertArrayEquals(empty, kv.stateDigest());
  }

  @Test
  void digestCallersCannotCorruptTheCache() {
    byte[] digest = kv.stateDigest();
    byte[] copy = digest.clone();
    digest[0] ^= 1;
    assertArrayEquals(copy, kv.stateDigest());
  }

  @Test
  void restoreReplacesState() {
    run(new KvCommand.Put("a", "1"));
    run(new KvCommand.Put("b", "2"));
    KvStateMachine other = new KvStateMachine();
    other.execute(new KvCommand.Put("z", "old"));
    other.stateDigest();
    other.restore(kv.snapshot());
    assertArrayEquals(kv.snapshot(), other.snapshot());
    assertArrayEquals(kv.stateDigest(), other.stateDigest());
    assertNull(other.get("z"));
    assertEquals(2, other.size());
  }

  @Test
  void restoreRejectsMalformedSnapshotsAndKeepsState() {
    run(new KvCommand.Put("k", "1"));
    byte[] snapshot = kv.snapshot();
    byte[] digest = kv.stateDigest();
    assertRestoreFails("snapshot is null", null);
    assertRestoreFails("truncated: missing snapshot format version", bytes());
    assertRestoreFails("unknown snapshot format version 2", bytes(2, 0));
    assertRestoreFails("truncated: missing snapshot entry count", bytes(1));
    assertRestoreFails("truncated: snapshot claims 1 entries in 0 bytes", bytes(1, 1));
    assertRestoreFails(
        "truncated: snapshot claims 100 entries in 4 bytes", bytes(1, 100, 1, 'a', 1, '1'));
    assertRestoreFails("1 trailing bytes after snapshot", bytes(1, 0, 0));
    assertRestoreFails(
        "snapshot keys not strictly increasing at entry 1",
        bytes(1, 2, 1, 'b', 1, '2', 1, 'a', 1, '1'));
    assertRestoreFails(
        "snapshot keys not strictly increasing at entry 1",
        bytes(1, 2, 1, 'a', 1, '1', 1, 'a', 1, '2'));
    assertRestoreFails("key is not valid UTF-8", bytes(1, 1, 1, 0xff, 0));
    assertRestoreFails(
        "key length exceeds the maximum 1024",
        KvTestBytes.padded(bytes(1, 1, 0x81, 0x08), 2000, 'k'));
    assertArrayEquals(snapshot, kv.snapshot());
    assertArrayEquals(digest, kv.stateDigest());
  }

  @Test
  void isAStateMachine() {
    StateMachine sm = kv;
    byte[] result = sm.apply(new KvCommand.Put("x", "y").encode());
    assertArrayEquals(new KvResult.Ok().encode(), result);
  }

  private void assertRestoreFails(String reason, byte[] snapshot) {
    KvDecodeException e = assertThrows(KvDecodeException.class, () -> kv.restore(snapshot));
    assertEquals(reason, e.reason());
  }
}
