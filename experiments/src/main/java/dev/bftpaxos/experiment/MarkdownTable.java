package dev.bftpaxos.experiment;

import java.util.List;

/** A table in GitHub-flavoured markdown, numeric columns right-aligned. */
public final class MarkdownTable {
  private MarkdownTable() {}

  public static String render(Table table) {
    StringBuilder b = new StringBuilder();
    row(b, table.headings().stream().map(Table.Heading::text).toList());
    row(b, table.headings().stream().map(h -> h.numeric() ? "---:" : "---").toList());
    for (List<String> row : table.rows()) {
      row(b, row);
    }
    return b.toString();
  }

  private static void row(StringBuilder b, List<String> cells) {
    b.append('|');
    for (String cell : cells) {
      b.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    b.append('\n');
  }
}
