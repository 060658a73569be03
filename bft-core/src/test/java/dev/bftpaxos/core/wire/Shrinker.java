package dev.bftpaxos.core.wire;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A tiny greedy shrinker over records, lists, byte arrays and numbers, found by reflection, so it
 * shrinks every message type without per-type code. Every candidate is strictly smaller than its
 * origin (shorter, or closer to zero, positive before negative), so shrinking terminates.
 */
final class Shrinker {

  /** Steps (accepted candidates) before giving up: a bound, not a goal. */
  private static final int STEPS_MAX = 2_000;

  /** Lists and arrays up to this length also get one-element removals and per-element shrinks. */
  private static final int FINE_MAX = 16;

  private Shrinker() {}

  /** The smallest value reachable from {@code value} by candidates for which the test holds. */
  @SuppressWarnings("unchecked")
  static <T> T shrink(T value, Predicate<T> stillFails) {
    T current = value;
    int steps = 0;
    boolean progressed = true;
    while (progressed && steps < STEPS_MAX) {
      progressed = false;
      for (Object candidate : candidates(current)) {
        if (stillFails.test((T) candidate)) {
          current = (T) candidate;
          steps++;
          progressed = true;
          break;
        }
      }
    }
    return current;
  }

  /** Strictly smaller variants of {@code v}, most aggressive first. */
  static List<Object> candidates(Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof byte[] b) {
      bytes(b, out);
    } else if (v instanceof Long l) {
      for (long c : new long[] {0, 1, -1, l / 2, l - Long.signum(l)}) {
        if (smaller(c, l)) {
          out.add(c);
        }
      }
    } else if (v instanceof Integer i) {
      for (int c : new int[] {0, 1, -1, i / 2, i - Integer.signum(i)}) {
        if (smaller(c, i)) {
          out.add(c);
        }
      }
    } else if (v instanceof Boolean b && b) {
      out.add(false);
    } else if (v instanceof List<?> list) {
      list(list, out);
    } else if (v != null && v.getClass().isRecord()) {
      record((Record) v, out);
    }
    return out;
  }

  private static boolean smaller(long c, long v) {
    long ac = c == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(c);
    long av = v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v);
    return ac < av || (ac == av && c > v);
  }

  private static void bytes(byte[] b, List<Object> out) {
    if (b.length == 0) {
      return;
    }
    out.add(new byte[0]);
    if (b.length > 1) {
      out.add(Arrays.copyOfRange(b, 0, b.length / 2));
      out.add(Arrays.copyOfRange(b, b.length / 2, b.length));
    }
    if (b.length <= FINE_MAX * 4) {
      for (int i = 0; i < b.length; i++) {
        byte[] c = new byte[b.length - 1];
        System.arraycopy(b, 0, c, 0, i);
        System.arraycopy(b, i + 1, c, i, b.length - i - 1);
        out.add(c);
      }
      for (int i = 0; i < b.length; i++) {
        if (b[i] != 0) {
          byte[] c = b.clone();
          c[i] = 0;
          out.add(c);
        }
      }
    }
  }

  private static void list(List<?> list, List<Object> out) {
    int n = list.size();
    if (n == 0) {
      return;
    }
    out.add(List.of());
    if (n > 1) {
      out.add(new ArrayList<>(list.subList(0, n / 2)));
      out.add(new ArrayList<>(list.subList(n / 2, n)));
    }
    if (n <= FINE_MAX) {
      for (int i = 0; i < n; i++) {
        List<Object> c = new ArrayList<>(list);
        c.remove(i);
        out.add(c);
      }
      for (int i = 0; i < n; i++) {
        for (Object smaller : candidates(list.get(i))) {
          List<Object> c = new ArrayList<>(list);
          c.set(i, smaller);
          out.add(c);
        }
      }
    }
  }

  private static void record(Record r, List<Object> out) {
    RecordComponent[] components = r.getClass().getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = components[i].getAccessor().invoke(r);
      }
      Constructor<?> canonical = r.getClass().getDeclaredConstructor(types);
      for (int i = 0; i < components.length; i++) {
        for (Object smaller : candidates(values[i])) {
          Object[] args = values.clone();
          args[i] = smaller;
          try {
            out.add(canonical.newInstance(args));
          } catch (InvocationTargetException | IllegalArgumentException e) {
            // the record refuses this value (a null op, say): not a candidate
          }
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot shrink " + r.getClass(), e);
    }
  }

  /** {@code v} for a failure message: records by component, byte arrays in hex, long lists cut. */
  static String show(Object v) {
    StringBuilder sb = new StringBuilder();
    show(v, sb);
    return sb.toString();
  }

  private static void show(Object v, StringBuilder sb) {
    if (v instanceof byte[] b) {
      int shown = Math.min(b.length, 64);
      sb.append("0x").append(HexFormat.of().formatHex(b, 0, shown));
      if (shown < b.length) {
        sb.append("...(").append(b.length).append(" bytes)");
      }
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size() && i < 8; i++) {
        if (i > 0) {
          sb.append(", ");
        }
        show(list.get(i), sb);
      }
      if (list.size() > 8) {
        sb.append(", ...(").append(list.size()).append(" elements)");
      }
      sb.append(']');
    } else if (v != null && v.getClass().isRecord()) {
      sb.append(v.getClass().getSimpleName()).append('(');
      RecordComponent[] components = v.getClass().getRecordComponents();
      for (int i = 0; i < components.length; i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(components[i].getName()).append('=');
        try {
          show(components[i].getAccessor().invoke(v), sb);
        } catch (ReflectiveOperationException e) {
          sb.append('?');
        }
      }
      sb.append(')');
    } else {
      sb.append(v);
    }
  }
}
