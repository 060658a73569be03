package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.history.HistoryOp.Cas;
import dev.bftpaxos.history.HistoryOp.Kind;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parser's contract is mostly about rejecting things, and about saying where: every
 * malformed-input case below checks the reported line number, because that is what a person
 * fixing a simulator's output needs.
 */
class HistoryParserTest {
  private static final String PUT1 = "{\"type\":\"invoke\",\"process\":1,\"f\":\"put\",\"key\":\"a\","
      + "\"value\":1}";
  private static final String PUT1_OK = "{\"type\":\"ok\",\"process\":1,\"f\":\"put\",\"key\":\"a\","
      + "\"value\":1}";

  private static HistoryFormatException bad(String text) {
    return assertThrows(HistoryFormatException.class, () -> HistoryParser.parse(text));
  }

  private static void badAt(long line, String fragment, String... lines) {
    HistoryFormatException e = bad(String.join("\n", lines) + "\n");
    assertEquals(line, e.lineNumber(), e::getMessage);
    assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), () -> e.getMessage() + " lacks " + fragment);
  }

  @Test
  void parsesAllKindsOfOperations() throws Exception {
    History h = HistoryParser.parse(Hist.text(
        "1 i put a 1", "2 i get a null", "1 ok put a 1", "2 ok get a 1",
        "3 i cas a [1,\"x\"]", "3 fail cas a [1,\"x\"]", "4 i delete a", "4 info delete a",
        "5 i put b 2.5"));
    assertEquals(5, h.ops().size());
    assertEquals(9, h.lineCount());
    HistoryOp put = h.ops().get(0);
    assertEquals(1, put.process());
    assertEquals("put", put.f());
    assertEquals("a", put.key());
    assertEquals(1L, put.value());
    assertEquals(Kind.OK, put.kind());
    assertEquals(1, put.invokeIndex());
    assertEquals(3, put.completeIndex());
    assertEquals(PUT1, put.invokeText());
    assertEquals(PUT1_OK, put.completeText());
    HistoryOp get = h.ops().get(1);
    assertNull(get.value());
    assertEquals(1L, get.result());
    HistoryOp cas = h.ops().get(2);
    assertEquals(new Cas(1, "x"), cas.value());
    assertEquals(Kind.FAIL, cas.kind());
    assertEquals(Kind.INFO, h.ops().get(3).kind());
    HistoryOp pending = h.ops().get(4);
    assertEquals(Kind.INFO, pending.kind());
    assertEquals(HistoryOp.NEVER, pending.completeIndex());
    assertNull(pending.completeText());
    assertEquals(new java.math.BigDecimal("2.5"), pending.value());
    assertEquals("put(\"b\", 2.5) info (never completed)", pending.describe());
  }

  @Test
  void blankLinesAreSkippedButCounted() throws Exception {
    History h = HistoryParser.parse("\n" + PUT1 + "\n   \n" + PUT1_OK + "\n\n");
    assertEquals(2, h.ops().get(0).invokeIndex());
    assertEquals(4, h.ops().get(0).completeIndex());
  }

  @Test
  void toleratesCrLfBomAndExtraFields() throws Exception {
    String withExtra = "{\"type\":\"invoke\",\"process\":1,\"f\":\"get\",\"key\":\"a\","
        + "\"time\":12345,\"index\":0}";
    History h = HistoryParser.parse("\uFEFF" + withExtra + "\r\n"
        + "{\"type\":\"ok\",\"process\":1,\"f\":\"get\",\"key\":\"a\",\"value\":null}\r\n");
    assertEquals(1, h.ops().size());
    assertEquals(Kind.OK, h.ops().get(0).kind());
    assertNull(h.ops().get(0).result());
  }

  @Test
  void numbersCompareByValueButNotWithStrings() {
    assertEquals(Values.canonical(1), Values.canonical(1.0));
    assertEquals(Values.canonical(1000L), Values.canonical(new java.math.BigDecimal("1E+3")));
    assertEquals(Values.canonical(new java.math.BigDecimal("1.50")), Values.canonical(1.5));
    assertTrue(!Values.canonical("1").equals(Values.canonical(1)));
    assertThrows(IllegalArgumentException.class, () -> Values.canonical(true));
    assertThrows(IllegalArgumentException.class, () -> Values.canonical(Double.NaN));
  }

  @Test
  void badJson() {
    badAt(2, "not valid JSON", PUT1, "{\"type\":\"ok\",", PUT1_OK);
    badAt(1, "not valid JSON", PUT1 + " {}");
    badAt(1, "expected a JSON object, found an array", "[1,2]");
    badAt(1, "expected a JSON object, found a number", "42");
    badAt(1, "not valid JSON", "{\"type\":\"invoke\",\"type\":\"ok\",\"process\":1,\"f\":\"get\","
        + "\"key\":\"a\"}");
  }

  @Test
  void missingOrWrongFields() {
    badAt(1, "missing field \"type\"", "{\"process\":1,\"f\":\"get\",\"key\":\"a\"}");
    badAt(1, "unknown type \"done\"", "{\"type\":\"done\",\"process\":1,\"f\":\"get\",\"key\":\"a\"}");
    badAt(1, "missing field \"process\"", "{\"type\":\"invoke\",\"f\":\"get\",\"key\":\"a\"}");
    badAt(1, "\"process\" must be an integer", "{\"type\":\"invoke\",\"process\":\"nemesis\","
        + "\"f\":\"get\",\"key\":\"a\"}");
    badAt(1, "\"process\" must be an integer", "{\"type\":\"invoke\",\"process\":1.5,"
        + "\"f\":\"get\",\"key\":\"a\"}");
    badAt(1, "missing field \"f\"", "{\"type\":\"invoke\",\"process\":1,\"key\":\"a\"}");
    badAt(1, "unknown f \"incr\"", "{\"type\":\"invoke\",\"process\":1,\"f\":\"incr\","
        + "\"key\":\"a\"}");
    badAt(1, "missing field \"key\"", "{\"type\":\"invoke\",\"process\":1,\"f\":\"get\"}");
    badAt(1, "\"key\" must be a string", "{\"type\":\"invoke\",\"process\":1,\"f\":\"get\","
        + "\"key\":7}");
  }

  @Test
  void wrongValueShapes() {
    String[] ok = Hist.text("1 i put a 1", "1 ok put a 1").split("\n");
    badAt(3, "put needs a non-null \"value\"", ok[0], ok[1], Hist.text("2 i put a").trim());
    badAt(1, "put value must be a string, a number or null, found a boolean",
        Hist.text("2 i put a true").trim());
    badAt(1, "put value must be a string, a number or null, found an object",
        Hist.text("2 i put a {\"x\":1}").trim());
    badAt(1, "cas value must be an array [expected, new], found 3",
        Hist.text("2 i cas a 3").trim());
    badAt(1, "cas value must be an array [expected, new], found [1,2,3]",
        Hist.text("2 i cas a [1,2,3]").trim());
    badAt(1, "cas value must be an array [expected, new], found no value",
        Hist.text("2 i cas a").trim());
    badAt(1, "cas new value must not be null", Hist.text("2 i cas a [1,null]").trim());
    badAt(1, "get invoke must not carry a value", Hist.text("2 i get a 1").trim());
    badAt(1, "delete invoke must not carry a value", Hist.text("2 i delete a 1").trim());
    badAt(2, "ok get must carry the value read",
        Hist.text("2 i get a").trim(), Hist.text("2 ok get a").trim());
    badAt(2, "differs from the value 1 invoked at line 1",
        Hist.text("2 i put a 1").trim(), Hist.text("2 ok put a 2").trim());
    badAt(2, "differs from the value [1,2] invoked at line 1",
        Hist.text("2 i cas a [1,2]").trim(), Hist.text("2 ok cas a [1,3]").trim());
    badAt(2, "delete must not carry a value",
        Hist.text("2 i delete a").trim(), Hist.text("2 ok delete a 5").trim());
  }

  @Test
  void pairingErrors() {
    badAt(2, "ok for process 7 which has no outstanding invoke",
        Hist.text("1 i get a").trim(), Hist.text("7 ok get a null").trim());
    badAt(3, "invoke for process 1 while its invoke at line 2 is still outstanding",
        Hist.text("2 i get a").trim(), Hist.text("1 i get a").trim(),
        Hist.text("1 i get b").trim());
    badAt(2, "has f \"put\" but the invoke of process 1 at line 1 has f \"get\"",
        Hist.text("1 i get a").trim(), Hist.text("1 ok put a 1").trim());
    badAt(2, "has key \"b\" but the invoke of process 1 at line 1 has key \"a\"",
        Hist.text("1 i get a").trim(), Hist.text("1 ok get b null").trim());
    // a completed process may invoke again; an info completion also frees it
    assertEquals(3, Hist.parse("1 i get a", "1 info get a", "1 i get a", "1 ok get a null",
        "1 i put a 1", "1 fail put a 1").ops().size());
  }

  @Test
  void invalidUtf8IsAFormatErrorWithALine() {
    byte[] bytes = (PUT1 + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] withBad = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, withBad, 0, bytes.length);
    withBad[bytes.length] = (byte) 0xC3;
    withBad[bytes.length + 1] = (byte) 0x28;
    withBad[bytes.length + 2] = '\n';
    InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(withBad),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT));
    HistoryFormatException e =
        assertThrows(HistoryFormatException.class, () -> HistoryParser.parse(reader));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    assertTrue(e.lineNumber() >= 1 && e.lineNumber() <= 2, e.getMessage());
  }
}
