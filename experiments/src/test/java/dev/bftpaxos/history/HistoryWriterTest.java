package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the writer emits must parse back to the same history, and misuse must fail loudly. */
class HistoryWriterTest {

  @Test
  void roundTripsThroughTheParser() throws Exception {
    StringWriter out = new StringWriter();
    try (HistoryWriter w = new HistoryWriter(out)) {
      w.invoke(1, "put", "k\"ey\n", "va\\lue");
      w.invoke(2, "get", "k\"ey\n", null);
      w.ok(1, "put", "k\"ey\n", "va\\lue");
      w.ok(2, "get", "k\"ey\n", "va\\lue");
      w.invoke(3, "cas", "x", Arrays.asList(null, 5));
      w.fail(3, "cas", "x", new Cas(null, 5));
      w.invoke(3, "cas", "x", new Object[] {5, 6.5});
      w.info(3, "cas", "x", null);
      w.invoke(4, "delete", "x", null);
      w.ok(4, "delete", "x", null);
      w.invoke(5, "put", "x", 1e20);
      assertEquals(11, w.lines());
    }
    History h = HistoryParser.parse(out.toString());
    assertEquals(6, h.ops().size());
    HistoryOp put = h.ops().get(0);
    assertEquals("k\"ey\n", put.key());
    assertEquals("va\\lue", put.value());
    assertEquals("va\\lue", h.ops().get(1).result());
    assertEquals(new Cas(null, 5), h.ops().get(2).value());
    assertEquals(Kind.FAIL, h.ops().get(2).kind());
    assertEquals(new Cas(5, 6.5), h.ops().get(3).value());
    assertEquals(Kind.INFO, h.ops().get(3).kind());
    assertEquals(Kind.OK, h.ops().get(4).kind());
    assertEquals(Values.canonical(1e20), h.ops().get(5).value());
    assertEquals(Kind.INFO, h.ops().get(5).kind());
    assertEquals(List.of("{\"type\":\"invoke\",\"process\":4,\"f\":\"delete\",\"key\":\"x\","
        + "\"value\":null}"), List.of(h.ops().get(4).invokeText()));
  }

  @Test
  void rejectsMisuseAtTheCallSite() {
    HistoryWriter w = new HistoryWriter(new StringWriter());
    assertThrows(IllegalStateException.class, () -> w.ok(1, "get", "a", null));
    w.invoke(1, "get", "a", null);
    assertThrows(IllegalStateException.class, () -> w.invoke(1, "get", "a", null));
    assertThrows(IllegalStateException.class, () -> w.ok(1, "put", "a", 1));
    assertThrows(IllegalStateException.class, () -> w.ok(1, "get", "b", null));
    assertThrows(IllegalArgumentException.class, () -> w.invoke(2, "incr", "a", 1));
    assertThrows(IllegalArgumentException.class, () -> w.invoke(2, "put", "a", null));
    assertThrows(IllegalArgumentException.class, () -> w.invoke(2, "put", "a", true));
    assertThrows(IllegalArgumentException.class, () -> w.invoke(2, "cas", "a", 1));
    assertThrows(NullPointerException.class, () -> w.invoke(2, "cas", "a", new Cas(1, null)));
    assertThrows(IllegalArgumentException.class, () -> w.invoke(2, "get", "a", 1));
    w.ok(1, "get", "a", null);
    w.invoke(1, "get", "a", null); // free again after completion
  }

  @Test
  void formatLineMatchesTheWriter() {
    StringWriter out = new StringWriter();
    HistoryWriter w = new HistoryWriter(out);
    w.invoke(7, "get", "a", null);
    w.ok(7, "get", "a", 3);
    assertEquals(HistoryWriter.formatLine("invoke", 7, "get", "a", null) + "\n"
        + HistoryWriter.formatLine("ok", 7, "get", "a", 3) + "\n", out.toString());
  }
}
