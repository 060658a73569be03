package dev.bftpaxos.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A schedule of faults, ordered by time. After the last event the simulator heals the network and
 * restarts every crashed replica, so any sub-plan (what the shrinker tries) is still a valid plan.
 * Text form: events separated by {@code ;}, e.g. {@code crash(1)@200ms;cut(0,2)@300ms;heal@800ms}.
 */
public record FaultPlan(List<FaultEvent> events) {

  public static final FaultPlan NONE = new FaultPlan(List.of());

  public FaultPlan {
    events = events.stream().sorted(Comparator.comparingLong(FaultEvent::atMicros)).toList();
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  public long lastEventMicros() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).atMicros();
  }

  /** The first configuration's members the plan names, or null for every replica. */
  public java.util.SortedSet<Integer> firstMembers() {
    for (FaultEvent e : events) {
      if (e instanceof FaultEvent.Members m) {
        return m.members();
      }
    }
    return null;
  }

  /** Whether the plan changes the configuration at all (a run without it is exactly as before). */
  public boolean reconfigures() {
    return events.stream().anyMatch(e -> e instanceof FaultEvent.Reconfigure || e instanceof FaultEvent.Members);
  }

  public FaultPlan without(int index) {
    List<FaultEvent> copy = new ArrayList<>(events);
    copy.remove(index);
    return new FaultPlan(copy);
  }

  public String render() {
    return events.isEmpty() ? "none" : events.stream().map(FaultEvent::render).collect(Collectors.joining(";"));
  }

  @Override
  public String toString() {
    return render();
  }

  static String time(long micros) {
    return micros % 1000 == 0 ? (micros / 1000) + "ms" : micros + "us";
  }

  /** Reads the text form; throws IllegalArgumentException naming the bad event. */
  public static FaultPlan parse(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return NONE;
    }
    List<FaultEvent> events = new ArrayList<>();
    for (String token : trimmed.split(";")) {
      String t = token.trim();
      if (!t.isEmpty()) {
        events.add(parseEvent(t));
      }
    }
    return new FaultPlan(events);
  }

  private static FaultEvent parseEvent(String t) {
    int at = t.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("fault event '" + t + "' has no @time");
    }
    long micros = parseTime(t.substring(at + 1), t);
    String head = t.substring(0, at);
    if (head.equals("heal")) {
      return new FaultEvent.Heal(micros);
    }
    int open = head.indexOf('(');
    if (open < 0 || !head.endsWith(")")) {
      throw new IllegalArgumentException("fault event '" + t + "' should look like name(args)@time");
    }
    String name = head.substring(0, open);
    String args = head.substring(open + 1, head.length() - 1);
    try {
      return switch (name) {
        case "crash" -> new FaultEvent.Crash(Integer.parseInt(args.trim()), micros, false);
        case "crash!" -> new FaultEvent.Crash(Integer.parseInt(args.trim()), micros, true);
        case "restart" -> new FaultEvent.Restart(Integer.parseInt(args.trim()), micros);
        case "add", "remove", "rotate" -> new FaultEvent.Reconfigure(name, Integer.parseInt(args.trim()), micros);
        case "members" -> {
          java.util.SortedSet<Integer> members = new java.util.TreeSet<>();
          for (String r : args.split(",")) {
            members.add(Integer.parseInt(r.trim()));
          }
          yield new FaultEvent.Members(members, micros);
        }
        case "cut" -> {
          String[] ab = args.split(",");
          if (ab.length != 2) {
            throw new IllegalArgumentException("cut takes two replicas");
          }
          yield new FaultEvent.Cut(Integer.parseInt(ab[0].trim()), Integer.parseInt(ab[1].trim()), micros);
        }
        case "partition" -> {
          List<Set<Integer>> groups = new ArrayList<>();
          for (String g : args.split("\\|")) {
            Set<Integer> group = new HashSet<>();
            for (String r : g.split(",")) {
              if (!r.isBlank()) {
                group.add(Integer.parseInt(r.trim()));
              }
            }
            groups.add(group);
          }
          yield new FaultEvent.Partition(groups, micros);
        }
        default -> throw new IllegalArgumentException("unknown fault '" + name
            + "' (known: crash, crash!, restart, cut, partition, heal, members, add, remove, rotate)");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fault event '" + t + "' has a bad replica number");
    }
  }

  private static long parseTime(String s, String event) {
    try {
      if (s.endsWith("ms")) {
        return Math.round(Double.parseDouble(s.substring(0, s.length() - 2)) * 1000);
      }
      if (s.endsWith("us")) {
        return Long.parseLong(s.substring(0, s.length() - 2));
      }
      if (s.endsWith("s")) {
        return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1_000_000);
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("fault event '" + event + "' has a bad time '" + s + "' (use e.g. 250ms, 1.5s or 800us)");
  }

  /** Checks replica ids against the cluster size. */
  public void validate(int replicas) {
    for (FaultEvent e : events) {
      List<Integer> ids;
      if (e instanceof FaultEvent.Crash c) {
        ids = List.of(c.replica());
      } else if (e instanceof FaultEvent.Restart r) {
        ids = List.of(r.replica());
      } else if (e instanceof FaultEvent.Cut c) {
        ids = List.of(c.a(), c.b());
      } else if (e instanceof FaultEvent.Partition p) {
        ids = p.groups().stream().flatMap(Set::stream).toList();
      } else if (e instanceof FaultEvent.Reconfigure c) {
        ids = List.of(c.replica());
      } else if (e instanceof FaultEvent.Members m) {
        ids = List.copyOf(m.members());
        if (ids.isEmpty()) {
          throw new IllegalArgumentException("members() needs at least one replica");
        }
      } else {
        ids = List.of();
      }
      for (int id : ids) {
        if (id < 0 || id >= replicas) {
          throw new IllegalArgumentException("fault '" + e.render() + "' names replica " + id
              + " but the cluster has replicas 0.." + (replicas - 1));
        }
      }
      if (e.atMicros() < 0) {
        throw new IllegalArgumentException("fault '" + e.render() + "' has a negative time");
      }
    }
  }
}
