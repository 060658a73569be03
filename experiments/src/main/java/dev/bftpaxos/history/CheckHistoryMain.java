package dev.bftpaxos.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "check a history file" command without any CLI framework, so that picocli (or a test, or
 * the simulator) can call it with its own streams and act on the exit code.
 *
 * <p>Exit codes: 0 linearizable; 1 not linearizable; 2 the file is missing, unreadable or
 * malformed (the message names the line); 3 unknown, because the search budget ran out on some
 * key and no key was proven non-linearizable. Verdicts go to {@code out}, problems with the input
 * go to {@code err}.
 */
public final class CheckHistoryMain {
  public static final int LINEARIZABLE = 0;
  public static final int NOT_LINEARIZABLE = 1;
  public static final int BAD_INPUT = 2;
  public static final int UNKNOWN = 3;

  private CheckHistoryMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CheckHistoryMain <history.jsonl>");
      System.exit(BAD_INPUT);
    }
    System.exit(run(Path.of(args[0]), System.out, System.err));
  }

  /** Checks {@code file}, prints the verdict and returns the exit code (see class comment). */
  public static int run(Path file, PrintStream out, PrintStream err) {
    if (!Files.exists(file)) {
      err.println("error: history file not found: " + file);
      return BAD_INPUT;
    }
    if (Files.isDirectory(file)) {
      err.println("error: history file is a directory: " + file);
      return BAD_INPUT;
    }
    History history;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
      history = HistoryParser.parse(in);
    } catch (HistoryFormatException e) {
      err.println("error: " + file + ": malformed history: " + e.getMessage());
      return BAD_INPUT;
    } catch (IOException e) {
      err.println("error: cannot read history file " + file + ": " + e);
      return BAD_INPUT;
    }
    CheckResult result = LinearizabilityChecker.check(history);
    out.print(result.render());
    out.flush();
    return result.exitCode();
  }
}
