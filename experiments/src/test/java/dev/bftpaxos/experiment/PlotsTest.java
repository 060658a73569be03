package dev.bftpaxos.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bftpaxos.sim.FaultPlan;
import dev.bftpaxos.sim.RunResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The compare plots, rendered from made-up aggregates whose numbers are like a real compare's. */
class PlotsTest {
  @TempDir
  Path dir;

  /**
   * One run of {@code mode n} with the given throughput and a latency histogram whose p50, p90
   * and p99 are the given milliseconds.
   */
  static Aggregate aggregate(Mode mode, int n, boolean faults, double perSecond, double p50, double p90, double p99) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(Math.round(p50 * 1000), 50);
    h.recordValueWithCount(Math.round(p90 * 1000), 40);
    h.recordValueWithCount(Math.round(p99 * 1000), 10);
    long completed = 10_000;
    long micros = Math.round(completed * 1e6 / perSecond);
    Aggregate a = new Aggregate(new Configuration(mode, n, faults));
    a.add(new RunResult("fake", 1, "correct", FaultPlan.NONE, n, completed, completed, completed, micros, micros, h,
        completed * 8, completed * 150, 0, Map.of(), null, List.of(), 0, 0, List.of(), 0, mode.label(), 0, 0, List.of(), null));
    return a;
  }

  /** Today's compare: crash n = 3 and 5; faults push p99 to 30x p50. */
  static List<Aggregate> crash() {
    return List.of(
        aggregate(Mode.CRASH, 3, false, 3598, 1.54, 1.81, 2.00),
        aggregate(Mode.CRASH, 3, true, 984, 1.67, 19.06, 53.15),
        aggregate(Mode.CRASH, 5, false, 3547, 1.57, 1.82, 1.99),
        aggregate(Mode.CRASH, 5, true, 1323, 1.67, 2.98, 51.39));
  }

  @Test
  void writesPngsOfTheirSizeAndWellFormedSvgsNamingTheAxes() throws Exception {
    List<Path> written = Plots.write(crash(), dir.resolve("out"));
    Path out = dir.resolve("out");
    assertEquals(List.of(out.resolve("throughput.png"), out.resolve("throughput.svg"), out.resolve("latency.png"),
        out.resolve("latency.svg")), written);

    BufferedImage throughput = ImageIO.read(out.resolve("throughput.png").toFile());
    assertNotNull(throughput, "throughput.png decodes");
    assertEquals(800, throughput.getWidth());
    assertEquals(500, throughput.getHeight());
    BufferedImage latency = ImageIO.read(out.resolve("latency.png").toFile());
    assertNotNull(latency, "latency.png decodes");
    assertEquals(1000, latency.getWidth());
    assertEquals(500, latency.getHeight());
    assertTrue(hasColour(throughput, Plots.BLUE) && hasColour(throughput, Plots.ORANGE), "both bar colours drawn");
    for (java.awt.Color c : Plots.BLUES) {
      assertTrue(hasColour(latency, c), "no-faults percentile bar " + c);
    }
    for (java.awt.Color c : Plots.ORANGES) {
      assertTrue(hasColour(latency, c), "with-faults percentile bar " + c);
    }

    Element t = svg(out.resolve("throughput.svg"));
    assertEquals("800px", t.getAttribute("width"));
    assertEquals("500px", t.getAttribute("height"));
    assertEquals("Throughput", t.getElementsByTagName("title").item(0).getTextContent());
    String tDesc = t.getElementsByTagName("desc").item(0).getTextContent();
    assertTrue(tDesc.contains("x axis: Configuration (mode, replicas)"), tDesc);
    assertTrue(tDesc.contains("y axis: Completed requests per second (simulated time)"), tDesc);
    assertTrue(tDesc.contains("crash n=3: no faults 3598, with faults 984"), tDesc);
    assertTrue(t.getElementsByTagName("path").getLength() > 10, "the bars and glyphs are drawn as paths");

    Element l = svg(out.resolve("latency.svg"));
    assertEquals("1000px", l.getAttribute("width"));
    String lDesc = l.getElementsByTagName("desc").item(0).getTextContent();
    assertTrue(lDesc.contains("y axis: Latency (ms, simulated time)"), lDesc);
    assertTrue(lDesc.contains("same y axis (logarithmic)"), lDesc);
    assertTrue(lDesc.contains("with faults, crash n=5: p50 1.67, p90 2.98, p99 51.39"), lDesc);
  }

  @Test
  void sameAggregatesGiveTheSameBytes() throws Exception {
    List<Path> one = Plots.write(crash(), dir.resolve("one"));
    List<Path> two = Plots.write(crash(), dir.resolve("two"));
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(Files.readAllBytes(one.get(i)), Files.readAllBytes(two.get(i)), one.get(i).getFileName().toString());
    }
  }

  @Test
  void groupsAreModeAndSizeInOrderWithBothFaultSettings() {
    List<Aggregate> all = new ArrayList<>(crash());
    all.add(aggregate(Mode.BYZANTINE, 4, true, 800, 2.6, 29, 83));
    List<Plots.Group> groups = Plots.groups(all);
    assertEquals(List.of("crash n=3", "crash n=5", "byzantine n=4"), groups.stream().map(Plots.Group::label).toList());
    assertEquals(all.get(2), groups.get(1).none());
    assertEquals(all.get(3), groups.get(1).faults());
    assertNull(groups.get(2).none(), "byzantine n=4 only ran with faults");
    assertEquals(all.get(4), groups.get(2).faults());
  }

  @Test
  void latencyAxisIsLogarithmicOnlyForAWideSpreadAndSharedByBothPanels() {
    Figure wide = Plots.latency(crash());
    assertEquals(2, wide.panels().size());
    for (var panel : wide.panels()) {
      CategoryChart c = (CategoryChart) panel;
      assertTrue(c.getStyler().isYAxisLogarithmic());
      assertEquals(1.0, c.getStyler().getYAxisMin());
      assertEquals(100.0, c.getStyler().getYAxisMax());
    }
    Figure narrow = Plots.latency(List.of(
        aggregate(Mode.CRASH, 3, false, 3598, 1.5, 1.8, 2.0), aggregate(Mode.CRASH, 3, true, 984, 1.7, 3.1, 4.6)));
    for (var panel : narrow.panels()) {
      CategoryChart c = (CategoryChart) panel;
      assertFalse(c.getStyler().isYAxisLogarithmic());
      assertEquals(0.0, c.getStyler().getYAxisMin());
      assertEquals(6.0, c.getStyler().getYAxisMax(), "1.1 x 4.6 rounded up");
    }
    assertEquals("Latency, no faults", narrow.panels().get(0).getTitle());
    assertEquals("Latency, with faults", narrow.panels().get(1).getTitle());
  }

  @Test
  void configurationNamesSlantOnlyWhenTheyWouldNotFit() {
    CategoryChart today = (CategoryChart) Plots.throughput(crash()).panels().get(0);
    assertEquals(0, today.getStyler().getXAxisLabelRotation());

    List<Aggregate> many = new ArrayList<>();
    for (Mode m : Mode.values()) {
      for (int n : new int[] {3, 4, 5, 7, 9, 11}) {
        many.add(aggregate(m, n, false, 3000, 1.5, 1.8, 2.0));
        many.add(aggregate(m, n, true, 900, 1.7, 3.0, 50));
      }
    }
    CategoryChart crowded = (CategoryChart) Plots.throughput(many).panels().get(0);
    assertEquals(45, crowded.getStyler().getXAxisLabelRotation());
    for (var panel : Plots.latency(many).panels()) {
      assertEquals(45, ((CategoryChart) panel).getStyler().getXAxisLabelRotation());
    }
  }

  @Test
  void configurationsWithoutRunsOrCompletionsStillRender() throws Exception {
    Aggregate noRuns = new Aggregate(new Configuration(Mode.CRASH, 3, false));
    Aggregate stuck = new Aggregate(new Configuration(Mode.CRASH, 3, true));
    stuck.add(new RunResult("fake", 1, "correct", FaultPlan.NONE, 3, 5, 0, 0, 1000, 0, new Histogram(3),
        40, 4000, 0, Map.of(), null, List.of(), 0, 0, List.of(), 0, "crash", 0, 0, List.of(), null));
    assertTrue(Double.isNaN(Plots.throughput(noRuns)), "no runs: no bar");
    assertEquals(0.0, Plots.throughput(stuck), "runs that completed nothing: a zero bar");
    List<Path> written = Plots.write(List.of(noRuns, stuck), dir);
    assertNotNull(ImageIO.read(written.get(2).toFile()));
    String desc = Plots.throughput(List.of(noRuns, stuck)).description().get(1);
    assertEquals("crash n=3: no faults -, with faults 0", desc);
  }

  @Test
  void roundNumbersForAxes() {
    assertEquals(4000.0, Plots.niceCeiling(3958), 1e-9);
    assertEquals(1.0, Plots.niceCeiling(1.0), 1e-9);
    assertEquals(1.2, Plots.niceCeiling(1.01), 1e-9);
    assertEquals(60.0, Plots.niceCeiling(58.5), 1e-9);
    assertEquals(0.25, Plots.niceCeiling(0.21), 1e-9);
    assertEquals(1.0, Plots.niceCeiling(0), 1e-9);
    assertEquals(1.0, Plots.niceCeiling(Double.NaN), 1e-9);

    assertEquals("1", Plots.oneTwoFive(1.0));
    assertEquals("20", Plots.oneTwoFive(20.0));
    assertEquals("0.5", Plots.oneTwoFive(0.5));
    assertEquals("1,000", Plots.oneTwoFive(1000.0));
    assertEquals("", Plots.oneTwoFive(30.0));
    assertEquals("", Plots.oneTwoFive(7.0));
  }

  @Test
  void svgMetadataIsEscaped() {
    Figure f = new Figure("a < b & c", List.of("\"x\" > y"), List.of(new CategoryChart(10, 10)), 10, 10);
    String svg = f.withMetadata("<?xml version=\"1.0\"?>\n<svg width=\"10px\">\n</svg>\n");
    assertEquals("<?xml version=\"1.0\"?>\n<svg width=\"10px\">\n  <title>a &lt; b &amp; c</title>\n"
        + "  <desc>&quot;x&quot; &gt; y</desc>\n</svg>\n", svg);
  }

  private static boolean hasColour(BufferedImage image, java.awt.Color c) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The root element of an SVG file, parsed without fetching its DTD. */
  private static Element svg(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    Element root = d.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    return root;
  }
}
