package dev.bftpaxos.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rows of text cells under named columns: what the text, CSV and markdown writers render. Each
 * column has a heading for people and a name for CSV ({@code latency_p50_ms}), and numeric columns
 * are right-aligned.
 */
public record Table(List<Heading> headings, List<List<String>> rows) {

  public record Heading(String text, String csvName, boolean numeric) {}

  /** How one column gets its cell from a row object. */
  public record Column<T>(Heading heading, Function<T, String> cell) {
    public static <T> Column<T> text(String text, String csvName, Function<T, String> cell) {
      return new Column<>(new Heading(text, csvName, false), cell);
    }

    public static <T> Column<T> number(String text, String csvName, Function<T, String> cell) {
      return new Column<>(new Heading(text, csvName, true), cell);
    }
  }

  public Table {
    headings = List.copyOf(headings);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != headings.size()) {
        throw new IllegalArgumentException("row has " + row.size() + " cells for " + headings.size() + " columns");
      }
    }
  }

  public static <T> Table of(List<Column<T>> columns, List<T> items) {
    List<Heading> headings = columns.stream().map(Column::heading).toList();
    List<List<String>> rows = new ArrayList<>();
    for (T item : items) {
      rows.add(columns.stream().map(c -> c.cell().apply(item)).toList());
    }
    return new Table(headings, rows);
  }
}
