package dev.bftpaxos.experiment;

import java.util.List;

/** A table as aligned plain text for a terminal: a heading line, a rule, then the rows. */
public final class TextTable {
  private static final String GAP = "  ";

  private TextTable() {}

  public static String render(Table table) {
    List<Table.Heading> headings = table.headings();
    int[] width = new int[headings.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = headings.get(c).text().length();
      for (List<String> row : table.rows()) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, headings.stream().map(Table.Heading::text).toList(), width, headings);
    line(b, headings.stream().map(h -> "").toList(), width, headings, '-');
    for (List<String> row : table.rows()) {
      line(b, row, width, headings);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells, int[] width, List<Table.Heading> headings) {
    line(b, cells, width, headings, ' ');
  }

  private static void line(StringBuilder b, List<String> cells, int[] width, List<Table.Heading> headings, char fill) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        l.append(GAP);
      }
      String cell = cells.get(c);
      String pad = String.valueOf(fill).repeat(width[c] - cell.length());
      l.append(headings.get(c).numeric() ? pad + cell : cell + pad);
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }
}
