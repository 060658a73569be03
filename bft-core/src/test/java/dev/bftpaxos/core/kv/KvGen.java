package dev.bftpaxos.core.kv;

import java.util.Random;

/** Random commands, results and strings for the property tests; all driven by one Random. */
final class KvGen {

  /** The seed for this run: -Dkv.seed=N reproduces a failure. */
  static final long SEED = Long.getLong("kv.seed", System.nanoTime());

  static {
    System.out.println("kv property tests: seed=" + SEED + " (rerun with -Dkv.seed=" + SEED + ")");
  }

  private static final String[] ODD = {
    "", "é", "ü", "日本", "\u0000", "😀", "\uD834\uDD1E", "\uFEFF", "\u07FF", "\uFFFD", "k"
  };

  private final Random random;

  KvGen(Random random) {
    this.random = random;
  }

  /** A Random for one test, derived from {@link #SEED} and the test's own salt. */
  static Random random(String test) {
    return new Random(SEED ^ test.hashCode());
  }

  /** A well-formed string of up to {@code maxChars} code points, mixing ASCII and non-ASCII. */
  String string(int maxChars) {
    int n = random.nextInt(maxChars + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(6)) {
        case 0 -> sb.append(ODD[random.nextInt(ODD.length)]);
        case 1 -> sb.appendCodePoint(0x80 + random.nextInt(0xD800 - 0x80));
        case 2 -> sb.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
        default -> sb.append((char) ('a' + random.nextInt(26)));
      }
    }
    return sb.toString();
  }

  /** Mostly a few hot keys, so that operations collide; sometimes a random one. */
  String key() {
    int r = random.nextInt(10);
    if (r < 7) {
      return "k" + random.nextInt(8);
    }
    return r < 9 ? string(12) : "";
  }

  /** Mostly small decimal numbers (as the simulator writes), sometimes random text. */
  String value() {
    int r = random.nextInt(10);
    if (r < 5) {
      return Integer.toString(random.nextInt(5));
    }
    if (r == 9 && random.nextInt(20) == 0) {
      return "v".repeat(random.nextInt(KvLimits.VALUE_BYTES_MAX + 1));
    }
    return string(20);
  }

  KvCommand command() {
    return switch (random.nextInt(4)) {
      case 0 -> new KvCommand.Put(key(), value());
      case 1 -> new KvCommand.Get(key());
      case 2 -> new KvCommand.Delete(key());
      default -> new KvCommand.Cas(key(), random.nextInt(3) == 0 ? null : value(), value());
    };
  }

  KvResult result() {
    return switch (random.nextInt(4)) {
      case 0 -> new KvResult.Ok();
      case 1 -> new KvResult.Value(random.nextBoolean() ? null : value());
      case 2 -> new KvResult.CasResult(random.nextBoolean(), random.nextBoolean() ? null : value());
      default -> new KvResult.Error(string(40));
    };
  }

  /** Random bytes of length 0 to {@code maxLength}. */
  byte[] bytes(int maxLength) {
    byte[] b = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(b);
    return b;
  }

  /** A copy of {@code original} with 1 to 3 random bytes changed (xor with a non-zero mask). */
  byte[] flip(byte[] original) {
    byte[] b = original.clone();
    int flips = 1 + random.nextInt(3);
    for (int i = 0; i < flips; i++) {
      int at = random.nextInt(b.length);
      b[at] ^= (byte) (1 + random.nextInt(255));
    }
    return b;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
