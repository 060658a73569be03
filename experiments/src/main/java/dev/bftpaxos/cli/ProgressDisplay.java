package dev.bftpaxos.cli;

import dev.bftpaxos.experiment.ExperimentRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr that appears only once the work has taken {@link #SHOW_AFTER}, and
 * never when stderr is not a terminal (piped, redirected, under CI or a test) or when disabled.
 */
final class ProgressDisplay implements ExperimentRunner.Progress, AutoCloseable {
  static final Duration SHOW_AFTER = Duration.ofSeconds(2);

  private final boolean enabled;
  private final String task;
  private final long startNanos = System.nanoTime();
  private ProgressBar bar;

  private ProgressDisplay(boolean enabled, String task) {
    this.enabled = enabled;
    this.task = task;
  }

  /** A display for {@code task}; shows nothing if {@code quiet} or stderr is not a terminal. */
  static ProgressDisplay create(String task, boolean quiet) {
    return new ProgressDisplay(!quiet && stderrIsTerminal(), task);
  }

  @Override
  public void update(int done, int total) {
    if (!enabled) {
      return;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    if (bar == null && done < total && elapsed.compareTo(SHOW_AFTER) >= 0) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250)
          .startsFrom(done, elapsed).build();
    }
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /**
   * Java has no isatty for stderr; on Linux /proc tells where file descriptor 2 points. Elsewhere
   * fall back to {@link System#console()}, which needs stdin and stdout to be terminals.
   */
  static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(Path.of("/proc/self/fd"))) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}
