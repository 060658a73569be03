package dev.bftpaxos.history;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * PLACEHOLDER so that {@code bft-paxos check-history} compiles before the real history checker is
 * merged. The real class (written on another branch) replaces this file; keep the signature.
 */
public final class CheckHistoryMain {
  private CheckHistoryMain() {}

  /** Checks the JSON-lines history in {@code file}; returns the process exit code. */
  public static int run(Path file, PrintStream out, PrintStream err) {
    err.println("check-history: not available in this build (the history checker is not merged yet)");
    return 2;
  }
}
