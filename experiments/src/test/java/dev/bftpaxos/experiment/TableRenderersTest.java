package dev.bftpaxos.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableRenderersTest {
  private static final Table TABLE = new Table(
      List.of(new Table.Heading("name", "name", false), new Table.Heading("count", "count_total", true)),
      List.of(List.of("a", "7"), List.of("longer, with | bar", "1234")));

  @Test
  void textAlignsColumnsAndRightAlignsNumbers() {
    assertEquals("""
        name                count
        ------------------  -----
        a                       7
        longer, with | bar   1234
        """, TextTable.render(TABLE));
  }

  @Test
  void csvUsesColumnNamesAndQuotesOnlyWhenNeeded() {
    assertEquals("name,count_total\na,7\n\"longer, with | bar\",1234\n", CsvTable.render(TABLE));
    assertEquals("\"say \"\"hi\"\"\"", CsvTable.field("say \"hi\""));
  }

  @Test
  void markdownEscapesPipesAndAlignsNumbers() {
    assertEquals("""
        | name | count |
        | --- | ---: |
        | a | 7 |
        | longer, with \\| bar | 1234 |
        """, MarkdownTable.render(TABLE));
  }

  @Test
  void rowsMustFitTheColumns() {
    assertThrows(IllegalArgumentException.class,
        () -> new Table(List.of(new Table.Heading("a", "a", false)), List.of(List.of("1", "2"))));
  }

  @Test
  void columnsBuildRowsFromObjects() {
    List<Table.Column<Integer>> columns = List.of(
        Table.Column.number("n", "n", i -> Integer.toString(i)),
        Table.Column.text("square", "square", i -> Integer.toString(i * i)));
    Table t = Table.of(columns, List.of(2, 3));
    assertEquals(List.of(List.of("2", "4"), List.of("3", "9")), t.rows());
    assertEquals("n,square\n2,4\n3,9\n", CsvTable.render(t));
  }
}
