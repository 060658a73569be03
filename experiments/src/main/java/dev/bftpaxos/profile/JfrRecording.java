package dev.bftpaxos.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A flight recording in a running JVM, started and dumped through the JDK's own {@code jcmd}, so
 * the replicas need no profiling option when they start. The profile settings sample Java threads
 * every 10-20 ms; every {@code force} is recorded, whatever its length, for the fsync wait.
 */
public final class JfrRecording {
  /** How long one jcmd call may take (it attaches to the JVM, which can be slow on a busy machine). */
  static final long JCMD_SECONDS_MAX = 60;
  static final String NAME = "bftpaxos-profile";

  private final long pid;

  private JfrRecording(long pid) {
    this.pid = pid;
  }

  /** Starts a recording in process {@code pid} (this JVM's own pid works too: jcmd is another process). */
  public static JfrRecording start(long pid) throws IOException {
    JfrRecording r = new JfrRecording(pid);
    r.jcmd("JFR.start", "name=" + NAME, "settings=profile", "jdk.FileForce#threshold=0ms");
    return r;
  }

  /** Writes what was recorded to {@code file} and stops the recording. */
  public void dumpAndStop(Path file) throws IOException {
    jcmd("JFR.dump", "name=" + NAME, "filename=" + file.toAbsolutePath());
    jcmd("JFR.stop", "name=" + NAME);
  }

  /** Stops the recording without keeping it (after a failure elsewhere); never throws. */
  public void discard() {
    try {
      jcmd("JFR.stop", "name=" + NAME);
    } catch (IOException ignored) {
      // the process may be gone; nothing is left to stop then
    }
  }

  private void jcmd(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(JCMD_SECONDS_MAX, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("jcmd " + pid + " " + args[0] + " did not return in " + JCMD_SECONDS_MAX + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for jcmd " + pid + " " + args[0], e);
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    // jcmd exits 0 even when the command failed inside the target; its text says so
    if (p.exitValue() != 0 || said.contains("Exception") || said.contains("Could not") || said.contains("not found")) {
      throw new IOException("jcmd " + pid + " " + String.join(" ", args) + " failed: " + said);
    }
  }
}
