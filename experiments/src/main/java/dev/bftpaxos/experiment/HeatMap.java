package dev.bftpaxos.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The resilience matrix as a heat map, PNG and SVG: one panel per grid (safety: the fraction of
 * seeds in which a safety property broke; liveness likewise), behaviours down, mode/size/k across,
 * each cell coloured from white (0) to dark red (1) and labelled with its value; a cell where the
 * behaviour does nothing in that mode is grey and labelled n/a. Drawn directly (a grid of labelled
 * squares needs no chart library), so the SVG holds real text a reader can search and copy.
 */
public final class HeatMap {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** One grid: {@code values[row][column]}, NaN for a blank cell. */
  public record Grid(String title, List<String> columns, List<String> rows, double[][] values) {}

  private static final int CELL_W = 104;
  private static final int CELL_H = 26;
  private static final int LEFT = 190;
  private static final int TOP = 70;
  private static final int HEADER = 60;
  private static final int GAP = 40;
  private static final Color[] STOPS = {new Color(0xFFFFFF), new Color(0xFDAE6B), new Color(0xA50F15)};
  private static final Color BLANK = new Color(0xDDDDDD);

  private HeatMap() {}

  public static List<Path> write(List<Grid> grids, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Grid first = grids.get(0);
    int panelH = TOP + HEADER + CELL_H * first.rows().size() + 20;
    int width = LEFT + CELL_W * first.columns().size() + 30;
    int height = panelH * grids.size() + GAP;
    Path png = dir.resolve(name + ".png");
    Path svg = dir.resolve(name + ".svg");
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width).append("\" height=\"").append(height).append("\" font-family=\"sans-serif\">\n")
        .append("<title>Resilience matrix</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      for (int i = 0; i < grids.size(); i++) {
        panel(grids.get(i), g, s, i * panelH + 10);
      }
    } finally {
      g.dispose();
    }
    s.append("</svg>\n");
    ImageIO.write(image, "png", png.toFile());
    Files.writeString(svg, s.toString());
    return List.of(png, svg);
  }

  private static void panel(Grid grid, Graphics2D g, StringBuilder s, int y0) {
    Font title = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    text(g, s, grid.title(), LEFT, y0 + 24, title, Color.BLACK, false);
    int gridTop = y0 + TOP + HEADER - 40;
    for (int c = 0; c < grid.columns().size(); c++) {
      // Column labels split over two lines: "crash n=3" / "k=1".
      String col = grid.columns().get(c);
      int cut = col.lastIndexOf(' ');
      int x = LEFT + c * CELL_W + CELL_W / 2;
      text(g, s, cut < 0 ? col : col.substring(0, cut), x, gridTop - 22, label, Color.BLACK, true);
      text(g, s, cut < 0 ? "" : col.substring(cut + 1), x, gridTop - 7, label, Color.BLACK, true);
    }
    for (int r = 0; r < grid.rows().size(); r++) {
      int y = gridTop + r * CELL_H;
      text(g, s, grid.rows().get(r), 10, y + CELL_H / 2 + 4, label, Color.BLACK, false);
      for (int c = 0; c < grid.columns().size(); c++) {
        double v = grid.values()[r][c];
        int x = LEFT + c * CELL_W;
        Color fill = Double.isNaN(v) ? BLANK : colour(v);
        g.setColor(fill);
        g.fillRect(x, y, CELL_W, CELL_H);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, CELL_W, CELL_H);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"/>\n",
            x, y, CELL_W, CELL_H, hex(fill)));
        String value = Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
        Color ink = !Double.isNaN(v) && v > 0.6 ? Color.WHITE : Color.BLACK;
        text(g, s, value, x + CELL_W / 2, y + CELL_H / 2 + 4, label, ink, true);
      }
    }
  }

  private static void text(Graphics2D g, StringBuilder s, String t, int x, int y, Font font, Color color, boolean centred) {
    g.setFont(font);
    g.setColor(color);
    FontMetrics m = g.getFontMetrics();
    int drawX = centred ? x - m.stringWidth(t) / 2 : x;
    g.drawString(t, drawX, y);
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s%s fill=\"%s\">%s</text>\n", x, y,
        font.getSize(), centred ? " text-anchor=\"middle\"" : "", font.isBold() ? " font-weight=\"bold\"" : "", hex(color),
        Figure.xml(t)));
  }

  /** White at 0, orange at 0.5, dark red at 1. */
  static Color colour(double v) {
    double t = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
    int i = Math.min(STOPS.length - 2, (int) t);
    double f = t - i;
    Color a = STOPS[i];
    Color b = STOPS[i + 1];
    return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  private static String hex(Color c) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }
}
