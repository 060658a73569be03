package dev.bftpaxos.sim;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;

/**
 * How a trace shows a message: as its record's own {@code toString} would, except that byte
 * arrays, which {@code toString} shows by identity ({@code [B@1040be71}, a different text in every
 * run), are shown by content: their length and first bytes. So the same run always prints the
 * same trace, and a counterexample file can be compared byte for byte.
 */
final class TraceText {
  /** Bytes of an array shown in hex; the length is always shown. */
  private static final int SHOWN_BYTES_MAX = 8;
  /** How {@code toString} shows a byte array: by identity, which differs between runs. */
  private static final String IDENTITY_ARRAY = "[B@";

  private TraceText() {}

  static String render(Object o) {
    StringBuilder b = new StringBuilder();
    append(b, o);
    return b.toString();
  }

  private static void append(StringBuilder b, Object o) {
    if (o instanceof byte[] bytes) {
      int shown = Math.min(bytes.length, SHOWN_BYTES_MAX);
      b.append("bytes(").append(bytes.length).append(")");
      if (shown > 0) {
        b.append(':').append(HexFormat.of().formatHex(bytes, 0, shown)).append(bytes.length > shown ? ".." : "");
      }
    } else if (o instanceof Record r) {
      // A record's own text, unless it shows an array by identity: then its components, one by one.
      String own = r.toString();
      if (own.contains(IDENTITY_ARRAY)) {
        appendRecord(b, r);
      } else {
        b.append(own);
      }
    } else if (o instanceof Collection<?> c) {
      b.append('[');
      boolean first = true;
      for (Object x : c) {
        b.append(first ? "" : ", ");
        append(b, x);
        first = false;
      }
      b.append(']');
    } else if (o instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ", ");
        append(b, e.getKey());
        b.append('=');
        append(b, e.getValue());
        first = false;
      }
      b.append('}');
    } else {
      String own = String.valueOf(o);
      b.append(own.contains(IDENTITY_ARRAY) ? own.replaceAll("\\[B@[0-9a-f]+", "bytes(?)") : own);
    }
  }

  private static void appendRecord(StringBuilder b, Record r) {
    b.append(r.getClass().getSimpleName()).append('[');
    RecordComponent[] cs = r.getClass().getRecordComponents();
    for (int i = 0; i < cs.length; i++) {
      b.append(i == 0 ? "" : ", ").append(cs[i].getName()).append('=');
      try {
        var accessor = cs[i].getAccessor();
        accessor.setAccessible(true);
        append(b, accessor.invoke(r));
      } catch (ReflectiveOperationException | RuntimeException e) {
        b.append('?');
      }
    }
    b.append(']');
  }

}
