package dev.bftpaxos.experiment;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One or more XChart charts side by side as one picture, written as PNG and SVG. The same paint
 * code draws both, so the two files show the same figure. Nothing in either depends on the clock:
 * the PNG has no time chunk and the SVG no date.
 *
 * <p>XChart draws text as glyph outlines, so the SVG looks the same without the fonts but holds no
 * words. It therefore also gets a {@code <title>} and a {@code <desc>} (the axis titles, series and
 * values), which screen readers show and which a search of the file finds.
 */
final class Figure {
  static {
    // Before any AWT class asks whether there is a display: the command never opens a window.
    System.setProperty("java.awt.headless", "true");
  }

  private final String title;
  private final List<String> description;
  private final List<? extends Chart<?, ?>> panels;
  private final int panelWidth;
  private final int height;

  /**
   * {@code panels} left to right, each {@code panelWidth} x {@code height} pixels; {@code title}
   * and the {@code description} lines go into the SVG's metadata.
   */
  Figure(String title, List<String> description, List<? extends Chart<?, ?>> panels, int panelWidth, int height) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a figure needs at least one chart");
    }
    this.title = title;
    this.description = List.copyOf(description);
    this.panels = List.copyOf(panels);
    this.panelWidth = panelWidth;
    this.height = height;
  }

  List<? extends Chart<?, ?>> panels() {
    return panels;
  }

  String title() {
    return title;
  }

  List<String> description() {
    return description;
  }

  int width() {
    return panelWidth * panels.size();
  }

  int height() {
    return height;
  }

  void paint(Graphics2D g) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width(), height);
    for (int i = 0; i < panels.size(); i++) {
      Graphics2D p = (Graphics2D) g.create();
      try {
        p.translate(i * panelWidth, 0);
        p.setClip(0, 0, panelWidth, height);
        panels.get(i).paint(p, panelWidth, height);
      } finally {
        p.dispose();
      }
    }
  }

  BufferedImage image() {
    BufferedImage image = new BufferedImage(width(), height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      paint(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  void writePng(Path file) throws IOException {
    if (!ImageIO.write(image(), "png", file.toFile())) {
      throw new IOException("no PNG writer in this Java runtime");
    }
  }

  void writeSvg(Path file) throws IOException {
    VectorGraphics2D g = new VectorGraphics2D();
    paint(g);
    Document svg = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    svg.writeTo(bytes);
    Files.writeString(file, withMetadata(bytes.toString(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /** The SVG with {@code <title>} and {@code <desc>} as the first children of its root element. */
  String withMetadata(String svg) {
    int root = svg.indexOf("<svg");
    int end = root < 0 ? -1 : svg.indexOf('>', root);
    if (end < 0) {
      throw new IllegalStateException("no <svg> element in VectorGraphics2D's output");
    }
    String meta = "\n  <title>" + xml(title) + "</title>\n  <desc>" + xml(String.join("\n", description)) + "</desc>";
    return svg.substring(0, end + 1) + meta + svg.substring(end + 1);
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
