package dev.bftpaxos.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core must stay a pure state machine: no networking, files, threads, clocks or randomness of
 * its own. This reads every compiled class of bft-core and fails on any reference to them, so a
 * stray import breaks the build instead of a replay.
 */
class ArchitectureTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "java/net/|java/nio/file/|java/nio/channels/|java/io/File|java/util/concurrent/|java/time/"
          + "|java/util/Random[;\\x00-\\x1f]|java/util/Random$|java/security/SecureRandom|java/lang/Thread[;\\x00-\\x1f]"
          + "|currentTimeMillis|nanoTime|io/netty/");

  @Test
  void coreClassesReferenceNoIoThreadsClocksOrRandomness() throws IOException {
    Path classes = Paths.get("target", "classes", "dev", "bftpaxos", "core");
    assertTrue(Files.isDirectory(classes), "compiled classes not found at " + classes.toAbsolutePath());
    List<String> offences = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        // Generated protobuf classes are plain data holders built by protoc; the codec that uses them is checked.
        if (p.toString().contains("/wire/proto/")) {
          continue;
        }
        checked++;
        String constantPool = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        Matcher m = FORBIDDEN.matcher(constantPool);
        while (m.find()) {
          offences.add(classes.relativize(p) + " references " + m.group().replaceAll("[\\x00-\\x1f;]", ""));
        }
      }
    }
    assertTrue(checked > 20, "expected to check the core's classes, checked " + checked);
    if (!offences.isEmpty()) {
      fail("bft-core must do no I/O, threads, clocks or randomness:\n  " + String.join("\n  ", offences));
    }
  }

  @Test
  void theCheckCatchesAForbiddenReference() {
    String fakePool = "\u0001\u0000\u0010java/util/Random\u0001\u0000\u0008nanoTime";
    Matcher m = FORBIDDEN.matcher(fakePool);
    assertTrue(m.find() && m.find(), "the pattern must match java/util/Random and nanoTime");
    assertTrue(!FORBIDDEN.matcher("java/util/RandomAccess;").find(), "RandomAccess is fine");
  }
}
