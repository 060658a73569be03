package dev.bftpaxos.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** What one recording holds for the profile: CPU samples per OS thread and category, and force time. */
public final class JfrSamples {
  /** Samples per OS thread id, by category. */
  public final Map<Long, EnumMap<CpuCategory, Integer>> byThread = new HashMap<>();
  /** Nanoseconds spent in {@code FileChannel.force} within the window, all threads together. */
  public long forceNanos;
  /** Number of forces within the window. */
  public long forces;

  /** Reads the samples and forces of {@code file} that fall inside [from, to]. */
  public static JfrSamples read(Path file, Instant from, Instant to) throws IOException {
    JfrSamples s = new JfrSamples();
    try (RecordingFile f = new RecordingFile(file)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        Instant at = e.getStartTime();
        if (at.isBefore(from) || at.isAfter(to)) {
          continue;
        }
        String type = e.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          RecordedThread t = e.getThread("sampledThread");
          if (t == null || e.getStackTrace() == null) {
            continue;
          }
          List<String> classes = new ArrayList<>();
          for (RecordedFrame fr : e.getStackTrace().getFrames()) {
            if (fr.getMethod() != null && fr.getMethod().getType() != null) {
              classes.add(fr.getMethod().getType().getName());
            }
          }
          s.byThread.computeIfAbsent(t.getOSThreadId(), k -> new EnumMap<>(CpuCategory.class))
              .merge(CpuCategory.ofStack(classes), 1, Integer::sum);
        } else if (type.equals("jdk.FileForce")) {
          s.forces++;
          s.forceNanos += e.getDuration().toNanos();
        }
      }
    }
    return s;
  }
}
