package dev.bftpaxos.faulty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Numbers every misbehaving act of a run (across all faulty replicas, in the order they happen) and
 * decides which of them may happen. The attack search shrinks a counterexample by allowing fewer
 * acts; a denied act is not performed and the replica behaves correctly instead, so the run with
 * the same allowed set replays exactly.
 */
public final class ActionGate {
  /** Told about every act that is performed. */
  public interface Listener {
    void performed(int index, String actor, String description);
  }

  /** One performed act: its index in the run, who did it ({@code r3} a replica, {@code c1002} a client), and what. */
  public record Action(int index, String actor, String description) {}

  private final SortedSet<Integer> allowed;
  private final List<Action> performed = new ArrayList<>();
  private Listener listener = (i, r, d) -> {};
  private int attempted;

  private ActionGate(SortedSet<Integer> allowed) {
    this.allowed = allowed;
  }

  /** Every act is allowed. */
  public static ActionGate all() {
    return new ActionGate(null);
  }

  /** Only the acts with these indices are allowed. */
  public static ActionGate only(SortedSet<Integer> indices) {
    return new ActionGate(Collections.unmodifiableSortedSet(new TreeSet<>(indices)));
  }

  public ActionGate listener(Listener l) {
    this.listener = l;
    return this;
  }

  /** Numbers replica {@code replica}'s next act and returns whether it may be performed. */
  public boolean permit(int replica, String description) {
    return permit("r" + replica, description);
  }

  /** Numbers the next act of {@code actor} and returns whether it may be performed. */
  public boolean permit(String actor, String description) {
    int index = attempted++;
    if (allowed != null && !allowed.contains(index)) {
      return false;
    }
    performed.add(new Action(index, actor, description));
    listener.performed(index, actor, description);
    return true;
  }

  /** Null when every act is allowed. */
  public SortedSet<Integer> allowed() {
    return allowed;
  }

  public List<Action> performed() {
    return Collections.unmodifiableList(performed);
  }

  public int attempted() {
    return attempted;
  }

  /** {@code 0-4,7,9-12}: the compact text form used in replay commands. */
  public static String render(SortedSet<Integer> indices) {
    StringBuilder b = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int i : indices) {
      if (prev != null && i == prev + 1) {
        prev = i;
        continue;
      }
      appendRange(b, start, prev);
      start = i;
      prev = i;
    }
    appendRange(b, start, prev);
    return b.length() == 0 ? "none" : b.toString();
  }

  private static void appendRange(StringBuilder b, Integer start, Integer end) {
    if (start == null) {
      return;
    }
    if (b.length() > 0) {
      b.append(',');
    }
    b.append(start);
    if (!end.equals(start)) {
      b.append('-').append(end);
    }
  }

  /** Parses {@link #render}'s form; throws IllegalArgumentException with the reason. */
  public static SortedSet<Integer> parse(String text) {
    SortedSet<Integer> out = new TreeSet<>();
    String t = text.trim();
    if (t.equals("none")) {
      return out;
    }
    for (String part : t.split(",")) {
      String p = part.trim();
      try {
        int dash = p.indexOf('-');
        if (dash < 0) {
          out.add(nonNegative(Integer.parseInt(p)));
        } else {
          int a = nonNegative(Integer.parseInt(p.substring(0, dash)));
          int b = nonNegative(Integer.parseInt(p.substring(dash + 1)));
          if (b < a) {
            throw new IllegalArgumentException("range " + p + " runs backwards");
          }
          for (int i = a; i <= b; i++) {
            out.add(i);
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + p + "' is not an action index or range like 3-7");
      }
    }
    return out;
  }

  private static int nonNegative(int i) {
    if (i < 0) {
      throw new IllegalArgumentException("action indices are >= 0, got " + i);
    }
    return i;
  }
}
