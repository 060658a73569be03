package dev.bftpaxos.history;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Regression tests for what fuzzing HistoryParser found (docs/FUZZING.md). */
class HistoryParserFuzzFindingsTest {

  /**
   * Finding 1 (InputFilesFuzzTest#history, 60 s): a number with a huge exponent made Jackson
   * throw NumberFormatException out of the parser instead of a HistoryFormatException.
   */
  @Test
  void hugeExponentIsAFormatError() {
    assertThrows(HistoryFormatException.class, () -> HistoryParser.parse(
        "{\"type\":\"invoke\",\"process\":1,\"f\":\"put\",\"key\":\"a\",\"value\":3E333333333333333331}\n"));
  }
}
