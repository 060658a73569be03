package dev.bftpaxos.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a JSON-lines history (Jepsen's invoke/ok/fail/info model) into a {@link History}.
 *
 * <p>The parser is deliberately strict: a checker fed a history it silently "repaired" would
 * answer a question about a history nobody recorded. Every problem is reported as a {@link
 * HistoryFormatException} naming the 1-based line. It accepts:
 *
 * <ul>
 *   <li>one JSON object per line with fields {@code type} (invoke, ok, fail, info), {@code
 *       process} (an int), {@code f} (put, get, delete, cas), {@code key} (a string) and {@code
 *       value}; other fields (Jepsen's {@code time}, {@code index}, ...) are ignored;
 *   <li>blank lines, which are skipped but still counted for line numbers;
 *   <li>values that are strings or numbers (see {@link Values} for equality); a put needs one; a
 *       cas needs {@code [expected, new]} with a non-null new; get and delete invokes carry none
 *       (or null); an ok get must carry the value read ({@code null} when absent);
 *   <li>completions may repeat the invoke's value (as Jepsen does) or omit it, but must not
 *       contradict it, and must match the invoke's {@code f} and {@code key};
 *   <li>optionally {@code read} on a get's invoke ({@code log}, {@code linearizable}, {@code lease}
 *       or {@code stale}): a stale get goes to {@link History#staleReads()}, out of the
 *       linearizability check, and its ok line must carry {@code slot};
 *   <li>optionally {@code slot} (an integer, 0 or more) on an ok line: the log slot the operation
 *       executed in, or the slot a stale get's value reflects.
 * </ul>
 */
public final class HistoryParser {
  private static final Set<String> FUNCTIONS = Set.of("put", "get", "delete", "cas");
  private static final java.util.List<String> READ_KINDS = java.util.List.of("log", "linearizable", "lease", "stale");
  private static final ObjectReader JSON =
      new ObjectMapper(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private HistoryParser() {}

  /** Parses a history held in a string (convenient for tests and small tools). */
  public static History parse(String text) throws HistoryFormatException {
    try {
      return parse(new StringReader(text));
    } catch (IOException e) {
      throw new IllegalStateException("a StringReader does not fail", e);
    }
  }

  /**
   * Parses a whole history. The reader is consumed but not closed.
   *
   * @throws HistoryFormatException naming the line, for any malformed or inconsistent line
   * @throws IOException when the reader fails for a reason other than bad content
   */
  public static History parse(Reader reader) throws IOException, HistoryFormatException {
    BufferedReader in =
        reader instanceof BufferedReader br ? br : new BufferedReader(reader, 1 << 16);
    List<Slot> slots = new ArrayList<>();
    Map<Integer, Slot> outstanding = new HashMap<>();
    long lineNo = 0;
    while (true) {
      String line;
      try {
        line = in.readLine();
      } catch (CharacterCodingException e) {
        throw new HistoryFormatException(lineNo + 1, "not valid text in the expected encoding"
            + " (histories are UTF-8): " + e, e);
      }
      if (line == null) {
        break;
      }
      lineNo++;
      if (lineNo == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      Event ev = readEvent(line, lineNo);
      if (ev.type.equals("invoke")) {
        Slot already = outstanding.get(ev.process);
        if (already != null) {
          throw new HistoryFormatException(lineNo, "invoke for process " + ev.process
              + " while its invoke at line " + already.invokeLine + " is still outstanding");
        }
        Object value = invokeValue(ev, lineNo);
        if (ev.logSlot != HistoryOp.NO_SLOT) {
          throw new HistoryFormatException(lineNo, "\"slot\" belongs on an ok line, not on an invoke");
        }
        Slot slot = new Slot(ev.process, ev.f, ev.key, value, lineNo, line);
        slot.stale = HistoryWriter.STALE.equals(ev.read);
        slots.add(slot);
        outstanding.put(ev.process, slot);
      } else {
        Slot slot = outstanding.remove(ev.process);
        if (slot == null) {
          throw new HistoryFormatException(lineNo, ev.type + " for process " + ev.process
              + " which has no outstanding invoke");
        }
        if (ev.read != null) {
          throw new HistoryFormatException(lineNo, "\"read\" belongs on a get's invoke line, not on " + ev.type);
        }
        if (ev.logSlot != HistoryOp.NO_SLOT && !ev.type.equals("ok")) {
          throw new HistoryFormatException(lineNo, "\"slot\" belongs on an ok line, not on " + ev.type);
        }
        if (slot.stale && ev.type.equals("ok") && ev.logSlot == HistoryOp.NO_SLOT) {
          throw new HistoryFormatException(lineNo, "ok of a stale get must carry \"slot\", the slot its value"
              + " reflects (invoked at line " + slot.invokeLine + ")");
        }
        slot.logSlot = ev.logSlot;
        complete(slot, ev, lineNo, line);
      }
    }
    List<HistoryOp> ops = new ArrayList<>(slots.size());
    List<HistoryOp> stale = new ArrayList<>();
    for (Slot s : slots) {
      (s.stale ? stale : ops).add(new HistoryOp(s.process, s.f, s.key, s.value, s.result, s.invokeLine,
          s.completeLine, s.kind, s.invokeText, s.completeText, s.logSlot));
    }
    return new History(ops, lineNo, stale);
  }

  private static Event readEvent(String line, long lineNo) throws HistoryFormatException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new HistoryFormatException(lineNo, "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (NumberFormatException e) {
      // Jackson refuses some number literals (e.g. 1E<huge exponent>, with floats read as
      // BigDecimal) with a NumberFormatException, not a JsonProcessingException: still bad input.
      throw new HistoryFormatException(lineNo, "not valid JSON: a number out of range", e);
    }
    if (node == null || !node.isObject()) {
      throw new HistoryFormatException(lineNo, "expected a JSON object, found "
          + (node == null ? "nothing" : kindOf(node)));
    }
    String type = requiredText(node, "type", lineNo);
    if (!Set.of("invoke", "ok", "fail", "info").contains(type)) {
      throw new HistoryFormatException(lineNo, "unknown type " + Values.render(type)
          + " (expected invoke, ok, fail or info)");
    }
    JsonNode p = node.get("process");
    if (p == null || p.isNull()) {
      throw new HistoryFormatException(lineNo, "missing field \"process\"");
    }
    if (!p.isIntegralNumber() || !p.canConvertToInt()) {
      throw new HistoryFormatException(lineNo, "\"process\" must be an integer (int range), found "
          + kindOf(p) + " " + p);
    }
    String f = requiredText(node, "f", lineNo);
    if (!FUNCTIONS.contains(f)) {
      throw new HistoryFormatException(lineNo, "unknown f " + Values.render(f)
          + " (expected put, get, delete or cas)");
    }
    String key = requiredText(node, "key", lineNo);
    String read = null;
    JsonNode r = node.get("read");
    if (r != null && !r.isNull()) {
      if (!r.isTextual() || !READ_KINDS.contains(r.textValue())) {
        throw new HistoryFormatException(lineNo, "\"read\" must be one of " + READ_KINDS + ", found " + r);
      }
      if (!f.equals("get")) {
        throw new HistoryFormatException(lineNo, "\"read\" belongs on a get, not on a " + f);
      }
      read = r.textValue();
    }
    long logSlot = HistoryOp.NO_SLOT;
    JsonNode sl = node.get("slot");
    if (sl != null && !sl.isNull()) {
      if (!sl.isIntegralNumber() || !sl.canConvertToLong() || sl.longValue() < 0) {
        throw new HistoryFormatException(lineNo, "\"slot\" must be an integer, 0 or more, found " + sl);
      }
      logSlot = sl.longValue();
    }
    return new Event(type, p.intValue(), f, key, node.get("value"), read, logSlot);
  }

  private static String requiredText(JsonNode node, String field, long lineNo)
      throws HistoryFormatException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new HistoryFormatException(lineNo, "missing field \"" + field + "\"");
    }
    if (!v.isTextual()) {
      throw new HistoryFormatException(lineNo, "\"" + field + "\" must be a string, found "
          + kindOf(v) + " " + v);
    }
    return v.textValue();
  }

  /** The canonical argument of an invoke: put value, {@link Cas}, or null. */
  private static Object invokeValue(Event ev, long lineNo) throws HistoryFormatException {
    switch (ev.f) {
      case "put": {
        Object v = scalar(ev.value, "put value", lineNo);
        if (v == null) {
          throw new HistoryFormatException(lineNo,
              "put needs a non-null \"value\" (a string or a number)");
        }
        return v;
      }
      case "cas":
        return cas(ev.value, lineNo);
      case "get":
      case "delete":
        if (ev.value != null && !ev.value.isNull()) {
          throw new HistoryFormatException(lineNo, ev.f + " invoke must not carry a value"
              + " (omit it or use null), found " + ev.value);
        }
        return null;
      default:
        throw new IllegalStateException(ev.f);
    }
  }

  private static Cas cas(JsonNode v, long lineNo) throws HistoryFormatException {
    if (v == null || !v.isArray() || v.size() != 2) {
      throw new HistoryFormatException(lineNo, "cas value must be an array [expected, new], found "
          + (v == null ? "no value" : v.toString()));
    }
    Object expected = scalar(v.get(0), "cas expected value", lineNo);
    Object replacement = scalar(v.get(1), "cas new value", lineNo);
    if (replacement == null) {
      throw new HistoryFormatException(lineNo,
          "cas new value must not be null (use delete to remove a key)");
    }
    return new Cas(expected, replacement);
  }

  private static Object scalar(JsonNode v, String what, long lineNo)
      throws HistoryFormatException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return Values.canonical(v.numberValue());
    }
    throw new HistoryFormatException(lineNo, what + " must be a string, a number or null, found "
        + kindOf(v) + " " + v);
  }

  private static void complete(Slot slot, Event ev, long lineNo, String line)
      throws HistoryFormatException {
    if (!ev.f.equals(slot.f)) {
      throw new HistoryFormatException(lineNo, ev.type + " has f " + Values.render(ev.f)
          + " but the invoke of process " + ev.process + " at line " + slot.invokeLine
          + " has f " + Values.render(slot.f));
    }
    if (!ev.key.equals(slot.key)) {
      throw new HistoryFormatException(lineNo, ev.type + " has key " + Values.render(ev.key)
          + " but the invoke of process " + ev.process + " at line " + slot.invokeLine
          + " has key " + Values.render(slot.key));
    }
    Kind kind = Kind.valueOf(ev.type.toUpperCase(java.util.Locale.ROOT));
    boolean hasValue = ev.value != null && !ev.value.isNull();
    switch (ev.f) {
      case "get":
        if (kind == Kind.OK) {
          if (ev.value == null) {
            throw new HistoryFormatException(lineNo,
                "ok get must carry the value read in \"value\" (null when the key is absent)");
          }
          slot.result = scalar(ev.value, "value read", lineNo);
        } else {
          scalar(ev.value, "get value", lineNo);
        }
        break;
      case "put":
        if (hasValue) {
          Object v = scalar(ev.value, "put value", lineNo);
          if (!Objects.equals(v, slot.value)) {
            throw new HistoryFormatException(lineNo, ev.type + " put value " + Values.render(v)
                + " differs from the value " + Values.render(slot.value)
                + " invoked at line " + slot.invokeLine);
          }
        }
        break;
      case "delete":
        if (hasValue) {
          throw new HistoryFormatException(lineNo, ev.type
              + " delete must not carry a value (omit it or use null), found " + ev.value);
        }
        break;
      case "cas":
        if (hasValue) {
          Cas c = cas(ev.value, lineNo);
          if (!c.equals(slot.value)) {
            throw new HistoryFormatException(lineNo, ev.type + " cas value " + c
                + " differs from the value " + slot.value + " invoked at line "
                + slot.invokeLine);
          }
        }
        break;
      default:
        throw new IllegalStateException(ev.f);
    }
    slot.kind = kind;
    slot.completeLine = lineNo;
    slot.completeText = line;
  }

  private static String kindOf(JsonNode n) {
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isNull()) {
      return "null";
    }
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  private record Event(String type, int process, String f, String key, JsonNode value, String read, long logSlot) {}

  private static final class Slot {
    final int process;
    final String f;
    final String key;
    final Object value;
    final long invokeLine;
    final String invokeText;
    Object result;
    long completeLine = HistoryOp.NEVER;
    String completeText;
    Kind kind = Kind.INFO;
    boolean stale;
    long logSlot = HistoryOp.NO_SLOT;

    Slot(int process, String f, String key, Object value, long invokeLine, String invokeText) {
      this.process = process;
      this.f = f;
      this.key = key;
      this.value = value;
      this.invokeLine = invokeLine;
      this.invokeText = invokeText;
    }
  }
}
