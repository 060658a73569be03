package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's observable contract: what goes to stdout and stderr, and the exit code. */
class CheckHistoryMainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(Path file) {
    return CheckHistoryMain.run(file, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private Path write(String text) throws Exception {
    Path f = dir.resolve("history.jsonl");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void linearizable() throws Exception {
    assertEquals(0, run(write(Hist.text("1 i put a 1", "1 ok put a 1", "2 i get a",
        "2 ok get a 1"))));
    assertEquals("LINEARIZABLE\n", out());
    assertEquals("", err());
  }

  @Test
  void notLinearizable() throws Exception {
    assertEquals(1, run(write(Hist.text("1 i put a 1", "1 ok put a 1", "1 i put a 2",
        "1 ok put a 2", "2 i get a", "2 ok get a 1"))));
    assertTrue(out().startsWith("NOT LINEARIZABLE\n"), out());
    assertTrue(out().contains("key \"a\": 3 operations cannot be ordered"), out());
    assertTrue(out().contains("line 6: {\"type\":\"ok\",\"process\":2,\"f\":\"get\","), out());
    assertEquals("", err());
  }

  @Test
  void malformedNamesTheLine() throws Exception {
    Path f = write(Hist.text("1 i put a 1") + "{oops\n");
    assertEquals(2, run(f));
    assertEquals("", out());
    assertTrue(err().contains("line 2: not valid JSON"), err());
    assertTrue(err().contains(f.toString()), err());
  }

  @Test
  void missingFile() {
    Path f = dir.resolve("nope.jsonl");
    assertEquals(2, run(f));
    assertTrue(err().contains("history file not found: " + f), err());
  }

  @Test
  void directoryIsNotAHistory() {
    assertEquals(2, run(dir));
    assertTrue(err().contains("is a directory"), err());
  }

  @Test
  void invalidUtf8() throws Exception {
    Path f = dir.resolve("bin.jsonl");
    Files.write(f, new byte[] {'{', (byte) 0xFF, (byte) 0xFE, '}', '\n'});
    assertEquals(2, run(f));
    assertTrue(err().contains("line 1"), err());
    assertTrue(err().contains("UTF-8"), err());
  }
}
