package dev.bftpaxos.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's message trace: a running hash of every event (to prove two runs of a seed identical)
 * and the last {@code capacity} events kept for a failure report. Events are rendered only when a
 * report is printed, so a passing run pays for a hash update per event and nothing more.
 */
public final class Trace {
  /** One thing that happened: {@code what} is rendered ({@link TraceText}) on demand. */
  public record Event(long timeMicros, String kind, String from, String to, Object what) {
    public String render() {
      return String.format(java.util.Locale.ROOT, "%10.3fms  %-8s %-4s -> %-4s %s", timeMicros / 1000.0, kind, from, to,
          TraceText.render(what));
    }
  }

  private final int capacity;
  private final ArrayDeque<Event> recent;
  private long hash = 0x9e3779b97f4a7c15L;
  private long events;

  public Trace(int capacity) {
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(Math.max(16, capacity));
  }

  public void record(long timeMicros, String kind, String from, String to, Object what, long contentHash) {
    events++;
    hash = (hash ^ timeMicros) * 0x100000001b3L;
    hash = (hash ^ kind.hashCode()) * 0x100000001b3L;
    hash = (hash ^ from.hashCode()) * 0x100000001b3L;
    hash = (hash ^ to.hashCode()) * 0x100000001b3L;
    hash = (hash ^ contentHash) * 0x100000001b3L;
    if (capacity > 0) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(new Event(timeMicros, kind, from, to, what));
    }
  }

  public long hash() {
    return hash;
  }

  public long eventCount() {
    return events;
  }

  public List<String> render() {
    List<String> lines = new ArrayList<>(recent.size());
    for (Event e : recent) {
      lines.add(e.render());
    }
    return lines;
  }
}
