package dev.bftpaxos.cli;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line as a POSIX shell would, for words and single-quoted strings: how tests run replay commands. */
public final class ShellWords {
  private ShellWords() {}

  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        inWord = true;
      } else if (c == ' ' && !quoted) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  /**
   * Runs a printed {@code bft-paxos ...} command line in-process; returns its exit code and
   * standard output.
   */
  public static String[] run(String commandLine) {
    List<String> words = split(commandLine);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cmd = Main.commandLine();
    cmd.setOut(new java.io.PrintWriter(out, true));
    cmd.setErr(new java.io.PrintWriter(err, true));
    int code = cmd.execute(words.subList(1, words.size()).toArray(String[]::new));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
