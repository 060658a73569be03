package dev.bftpaxos.core.wire;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Equality by content for the message records. The Byzantine records (and the crash-mode
 * SnapshotReply) hold {@code byte[]} signatures and snapshots, which a record's own {@code equals} compares by identity, so the
 * round-trip properties compare with this instead: records component by component, lists element
 * by element, arrays by content, anything else with {@code equals}.
 */
final class Structural {

  private Structural() {}

  static boolean equal(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a.equals(b)) {
      return true; // a record's equals is identity on arrays: true means equal here too
    }
    if (a instanceof byte[] x) {
      return b instanceof byte[] y && Arrays.equals(x, y);
    }
    if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.getClass().isRecord()) {
      if (a.getClass() != b.getClass()) {
        return false;
      }
      try {
        for (RecordComponent c : a.getClass().getRecordComponents()) {
          if (!equal(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
            return false;
          }
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot compare " + a.getClass(), e);
      }
      return true;
    }
    return a.equals(b);
  }
}
