package dev.bftpaxos.experiment;

import java.util.List;

/** A table as RFC 4180 CSV, headed by the columns' CSV names; cells are quoted only when needed. */
public final class CsvTable {
  private CsvTable() {}

  public static String render(Table table) {
    StringBuilder b = new StringBuilder();
    row(b, table.headings().stream().map(Table.Heading::csvName).toList());
    for (List<String> row : table.rows()) {
      row(b, row);
    }
    return b.toString();
  }

  private static void row(StringBuilder b, List<String> cells) {
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        b.append(',');
      }
      b.append(field(cells.get(c)));
    }
    b.append('\n');
  }

  static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
