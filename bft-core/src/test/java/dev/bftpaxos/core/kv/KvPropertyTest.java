package dev.bftpaxos.core.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Randomized properties with java.util.Random (no property-testing library). {@link KvGen}
 * prints the run's seed once; every failure message repeats it; -Dkv.seed=N replays a run.
 */
class KvPropertyTest {

  private static final String SEED = "seed=" + KvGen.SEED;

  /** Encodings shorter than this get every truncation checked; longer ones a sample. */
  private static final int ALL_TRUNCATIONS_MAX = 512;

  @Test
  void commandsRoundTrip() {
    KvGen gen = new KvGen(KvGen.random("commandsRoundTrip"));
    for (int i = 0; i < 5_000; i++) {
      KvCommand c = gen.command();
      byte[] encoded = c.encode();
      assertEquals(c, KvCommand.decode(encoded), SEED);
      assertArrayEquals(encoded, KvCommand.decode(encoded).encode(), SEED);
    }
  }

  @Test
  void resultsRoundTrip() {
    KvGen gen = new KvGen(KvGen.random("resultsRoundTrip"));
    for (int i = 0; i < 5_000; i++) {
      KvResult r = gen.result();
      assertEquals(r, KvResult.decode(r.encode()), SEED);
    }
  }

  @Test
  void sameOpsGiveSameResultsSnapshotsAndDigests() {
    KvGen gen = new KvGen(KvGen.random("sameOps"));
    for (int run = 0; run < 20; run++) {
      KvStateMachine a = new KvStateMachine();
      KvStateMachine b = new KvStateMachine();
      int ops = gen.nextInt(500);
      for (int i = 0; i < ops; i++) {
        byte[] op = gen.command().encode();
        assertArrayEquals(a.apply(op), b.apply(op.clone()), SEED);
        if (gen.nextInt(10) == 0) {
          a.stateDigest(); // exercise the cache on one side only
        }
      }
      assertArrayEquals(a.snapshot(), b.snapshot(), SEED);
      assertArrayEquals(a.stateDigest(), b.stateDigest(), SEED);
    }
  }

  @Test
  void restoredMachineBehavesLikeTheOriginal() {
    KvGen gen = new KvGen(KvGen.random("restore"));
    for (int run = 0; run < 20; run++) {
      KvStateMachine original = new KvStateMachine();
      for (int i = gen.nextInt(300); i > 0; i--) {
        original.apply(gen.command().encode());
      }
      KvStateMachine copy = new KvStateMachine();
      copy.apply(new KvCommand.Put("stale", "x").encode());
      copy.restore(original.snapshot());
      assertArrayEquals(original.stateDigest(), copy.stateDigest(), SEED);
      assertEquals(original.size(), copy.size(), SEED);
      for (int i = 0; i < 200; i++) {
        byte[] op = gen.command().encode();
        assertArrayEquals(original.apply(op), copy.apply(op), SEED);
      }
      assertArrayEquals(original.snapshot(), copy.snapshot(), SEED);
      assertArrayEquals(original.stateDigest(), copy.stateDigest(), SEED);
    }
  }

  @Test
  void mangledCommandsDecodeCanonicallyOrFailCleanly() {
    KvGen gen = new KvGen(KvGen.random("mangledCommands"));
    for (int i = 0; i < 2_000; i++) {
      mangle(gen, gen.command().encode(), KvCommand::decode, KvCommand::encode);
    }
  }

  @Test
  void mangledResultsDecodeCanonicallyOrFailCleanly() {
    KvGen gen = new KvGen(KvGen.random("mangledResults"));
    for (int i = 0; i < 2_000; i++) {
      mangle(gen, gen.result().encode(), KvResult::decode, KvResult::encode);
    }
  }

  @Test
  void mangledSnapshotsRestoreCanonicallyOrFailCleanly() {
    KvGen gen = new KvGen(KvGen.random("mangledSnapshots"));
    for (int run = 0; run < 100; run++) {
      KvStateMachine source = new KvStateMachine();
      for (int i = gen.nextInt(8); i > 0; i--) {
        source.apply(new KvCommand.Put(gen.key(), gen.string(6)).encode());
      }
      mangle(gen, source.snapshot(), KvStateMachineSnapshots::restore, KvStateMachine::snapshot);
    }
  }

  @Test
  void randomBytesDecodeCanonicallyOrFailCleanly() {
    KvGen gen = new KvGen(KvGen.random("randomBytes"));
    for (int i = 0; i < 20_000; i++) {
      byte[] b = gen.bytes(24);
      if (b.length > 0 && gen.nextInt(2) == 0) {
        b[0] = (byte) (1 + gen.nextInt(4)); // a valid tag, to get past the first check
      }
      check(b, KvCommand::decode, KvCommand::encode);
      check(b, KvResult::decode, KvResult::encode);
      check(b, KvStateMachineSnapshots::restore, KvStateMachine::snapshot);
    }
  }

  @Test
  void applyingGarbageReturnsErrorAndLeavesStateUnchanged() {
    KvGen gen = new KvGen(KvGen.random("garbage"));
    KvStateMachine kv = new KvStateMachine();
    for (int i = 0; i < 50; i++) {
      kv.apply(gen.command().encode());
    }
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      byte[] valid = gen.command().encode();
      garbage.add(gen.nextInt(3) == 0 ? gen.bytes(16) : gen.flip(valid));
      garbage.add(Arrays.copyOf(valid, gen.nextInt(valid.length)));
    }
    byte[] snapshot = kv.snapshot();
    byte[] digest = kv.stateDigest();
    int errors = 0;
    for (byte[] op : garbage) {
      if (decodes(op)) {
        continue; // a flip can turn a command into another valid one
      }
      KvResult result = KvResult.decode(kv.apply(op));
      assertInstanceOf(KvResult.Error.class, result, SEED);
      assertArrayEquals(digest, kv.stateDigest(), SEED);
      errors++;
    }
    assertArrayEquals(snapshot, kv.snapshot(), SEED);
    if (errors < 1_000) {
      fail("too few undecodable inputs generated: " + errors + ", " + SEED);
    }
  }

  private static boolean decodes(byte[] op) {
    try {
      KvCommand.decode(op);
      return true;
    } catch (KvDecodeException e) {
      return false;
    }
  }

  /** Checks every (or a sample of) truncation and some random byte flips of {@code valid}. */
  private static <T> void mangle(
      KvGen gen, byte[] valid, Function<byte[], T> decode, Function<T, byte[]> encode) {
    if (valid.length <= ALL_TRUNCATIONS_MAX) {
      for (int n = 0; n < valid.length; n++) {
        check(Arrays.copyOf(valid, n), decode, encode);
      }
    } else {
      for (int i = 0; i < 50; i++) {
        check(Arrays.copyOf(valid, gen.nextInt(valid.length)), decode, encode);
      }
    }
    for (int i = 0; i < 10; i++) {
      check(gen.flip(valid), decode, encode);
    }
    byte[] longer = Arrays.copyOf(valid, valid.length + 1 + gen.nextInt(3));
    check(longer, decode, encode);
  }

  /** {@code bytes} either decode to something that re-encodes to them, or fail cleanly. */
  private static <T> void check(byte[] bytes, Function<byte[], T> decode, Function<T, byte[]> enc) {
    T decoded;
    try {
      decoded = decode.apply(bytes);
    } catch (KvDecodeException e) {
      return;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "decode threw " + e + " on " + Arrays.toString(bytes) + ", " + SEED, e);
    }
    assertArrayEquals(bytes, enc.apply(decoded), "non-canonical encoding accepted, " + SEED);
  }
}
