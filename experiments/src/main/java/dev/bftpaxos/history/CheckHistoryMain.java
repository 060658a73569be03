package dev.bftpaxos.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The "check history files" command without any CLI framework, so that picocli (or a test, or
 * the simulator) can call it with its own streams and act on the exit code.
 *
 * <p>Stale gets ({@code "read":"stale"}) are kept out of the linearizability check and checked
 * against the slot each claims ({@link StaleReadHistoryCheck}); one that contradicts its slot
 * makes the verdict line {@code STALE READS CONTRADICT THEIR SLOTS} and the exit code 1.
 *
 * <p>Exit codes: 0 linearizable; 1 not linearizable (or a stale read wrong for its slot); 2 the file is missing, unreadable or
 * malformed (the message names the line); 3 unknown, because the search budget ran out on some
 * key and no key was proven non-linearizable. Verdicts go to {@code out}, problems with the input
 * go to {@code err}.
 *
 * <p>Several files are checked in one process (a JVM start costs more than checking a typical
 * history), in the order given; {@code -} is standard input. Each file gets one verdict line,
 * {@code NAME: VERDICT}, at the start of a line, its details indented below it, and the exit code
 * is the worst file's: not linearizable, then bad input, then unknown, then linearizable. A proven
 * violation outranks everything; a file that could not be read at all leaves the check less
 * complete than one whose search ran out of budget, so bad input comes next.
 */
public final class CheckHistoryMain {
  public static final int LINEARIZABLE = 0;
  public static final int NOT_LINEARIZABLE = 1;
  public static final int BAD_INPUT = 2;
  public static final int UNKNOWN = 3;

  /** Stale reads shown when they contradict their slots; the count says how many more. */
  static final int STALE_SHOWN_MAX = 10;

  /** The name that stands for standard input. */
  public static final String STDIN = "-";

  /** Exit codes from best to worst: the order in which several files' codes combine. */
  private static final List<Integer> SEVERITY = List.of(LINEARIZABLE, UNKNOWN, BAD_INPUT, NOT_LINEARIZABLE);

  private CheckHistoryMain() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: CheckHistoryMain <history.jsonl|->...");
      System.exit(BAD_INPUT);
    }
    System.exit(run(List.of(args), System.in, System.out, System.err, "error"));
  }

  /** Checks {@code file}, prints the verdict and returns the exit code (see class comment). */
  public static int run(Path file, PrintStream out, PrintStream err) {
    return run(List.of(file.toString()), InputStream.nullInputStream(), out, err, "error");
  }

  /**
   * Checks every named file ({@code -}: {@code stdin}) in order. One file prints its verdict as
   * {@link CheckResult#render()} does; several prefix each verdict with the file's name. Error
   * lines start with {@code errorPrefix}, a colon and a space (the command's name, on the CLI).
   */
  public static int run(List<String> names, InputStream stdin, PrintStream out, PrintStream err, String errorPrefix) {
    if (names.stream().filter(STDIN::equals).count() > 1) {
      err.println(errorPrefix + ": '-' (standard input) is named more than once; it can be read only once");
      return BAD_INPUT;
    }
    boolean several = names.size() > 1;
    int worst = LINEARIZABLE;
    int[] counts = new int[4];
    for (String name : names) {
      int code = checkOne(name, stdin, out, err, several, errorPrefix);
      counts[code]++;
      if (SEVERITY.indexOf(code) > SEVERITY.indexOf(worst)) {
        worst = code;
      }
    }
    out.flush();
    if (several) {
      err.printf("checked %d histories: %d linearizable, %d not linearizable, %d unknown, %d bad input%n",
          names.size(), counts[LINEARIZABLE], counts[NOT_LINEARIZABLE], counts[UNKNOWN], counts[BAD_INPUT]);
    }
    return worst;
  }

  private static int checkOne(String name, InputStream stdin, PrintStream out, PrintStream err, boolean several,
      String errorPrefix) {
    History history;
    try {
      history = read(name, stdin);
    } catch (BadHistory e) {
      err.println(errorPrefix + ": " + e.getMessage());
      if (several) {
        out.println(name + ": BAD INPUT");
      }
      return BAD_INPUT;
    }
    CheckResult result = LinearizabilityChecker.check(history);
    String text = result.render();
    int code = result.exitCode();
    if (!history.staleReads().isEmpty()) {
      // stale gets are not linearizable by design: each is checked against the slot it claims
      List<StaleReadHistoryCheck.Violation> wrong = StaleReadHistoryCheck.check(history);
      if (wrong.isEmpty()) {
        text += "stale reads: " + history.staleReads().size() + ", each consistent with the slot it claims\n";
      } else {
        StringBuilder b = new StringBuilder("STALE READS CONTRADICT THEIR SLOTS (" + wrong.size() + " of "
            + history.staleReads().size() + ")\n");
        for (int i = 0; i < Math.min(wrong.size(), STALE_SHOWN_MAX); i++) {
          StaleReadHistoryCheck.Violation v = wrong.get(i);
          b.append("  ").append(v).append('\n').append("    ").append(v.read().invokeText()).append('\n')
              .append("    ").append(v.read().completeText()).append('\n');
        }
        if (wrong.size() > STALE_SHOWN_MAX) {
          b.append("  (").append(wrong.size() - STALE_SHOWN_MAX).append(" more not shown)\n");
        }
        text = b + "\nthe other operations: " + text;
        code = NOT_LINEARIZABLE;
      }
    }
    if (several) {
      int firstLineEnd = text.indexOf('\n');
      out.println(name + ": " + text.substring(0, firstLineEnd));
      text.substring(firstLineEnd + 1).lines().forEach(l -> out.println(l.isEmpty() ? "" : "    " + l));
    } else {
      out.print(text);
    }
    out.flush();
    return code;
  }

  /** A history that cannot be checked at all; the message names the file and what is wrong. */
  private static final class BadHistory extends Exception {
    BadHistory(String message) {
      super(message);
    }
  }

  private static History read(String name, InputStream stdin) throws BadHistory {
    InputStream in;
    if (name.equals(STDIN)) {
      in = stdin;
    } else {
      Path file = Path.of(name);
      if (!Files.exists(file)) {
        throw new BadHistory("history file not found: " + file);
      }
      if (Files.isDirectory(file)) {
        throw new BadHistory("history file is a directory: " + file + " (give its files, e.g. " + file
            + "/*.jsonl)");
      }
      try {
        in = Files.newInputStream(file);
      } catch (IOException e) {
        throw new BadHistory("cannot read history file " + file + ": " + e);
      }
    }
    String shown = name.equals(STDIN) ? "standard input" : name;
    // Standard input is not closed here: it belongs to the process (or the caller), not to one check.
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(name.equals(STDIN) ? unclosable(in) : in,
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
      return HistoryParser.parse(reader);
    } catch (HistoryFormatException e) {
      throw new BadHistory(shown + ": malformed history: " + e.getMessage());
    } catch (IOException e) {
      throw new BadHistory("cannot read history " + shown + ": " + e);
    }
  }

  private static InputStream unclosable(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }
}
