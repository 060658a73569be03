package dev.bftpaxos.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The charts of {@code compare}: throughput and latency per configuration, each as PNG (to look at)
 * and SVG (to put in a paper). The x axis has one group per mode and cluster size ("crash n=3"), in
 * the order of the aggregates, so Byzantine rows add groups without changes here; when the names
 * would not fit side by side they are slanted.
 *
 * <p>Colours come from palettes that stay apart with the common colour-vision deficiencies: the
 * Okabe-Ito blue and orange for runs without and with faults, and in the latency panels light to
 * dark shades of the same two for p50, p90 and p99, so the order also reads in grey.
 */
public final class Plots {
  static {
    // Before the first AWT class below asks whether there is a display.
    System.setProperty("java.awt.headless", "true");
  }

  public static final String THROUGHPUT = "throughput";
  public static final String LATENCY = "latency";

  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  /** Each of the two latency panels; that figure is twice as wide. */
  static final int LATENCY_PANEL_WIDTH = 500;
  /**
   * The words of a set of charts: titles, axis titles and the names of the two bar series, so the
   * simulated and the real-process comparisons say which clock and which faults they show.
   */
  public record Labels(String throughputTitle, String throughputYTitle, String latencyTitle, String latencyYTitle,
      String xTitle, String noFaults, String withFaults) {}

  /** The simulated comparison's words. */
  public static final Labels SIMULATED = new Labels("Throughput", "Completed requests per second (simulated time)",
      "Latency percentiles", "Latency (ms, simulated time)", "Configuration (mode, replicas)", "no faults",
      "with faults");
  static final double[] PERCENTILES = {50, 90, 99};
  /** Above this ratio of the largest to the smallest latency the y axis is logarithmic. */
  static final double LOG_SPREAD = 20;

  /** Okabe-Ito blue and orange. */
  static final Color BLUE = new Color(0x0072B2);
  static final Color ORANGE = new Color(0xE69F00);
  /** p50, p90, p99 (ColorBrewer Blues and Oranges). */
  static final Color[] BLUES = {new Color(0x9ECAE1), new Color(0x4292C6), new Color(0x08306B)};
  static final Color[] ORANGES = {new Color(0xFDD0A2), new Color(0xF16913), new Color(0x7F2704)};

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  /** Pixels of a chart's width that are y axis, its labels and padding rather than plot area. */
  static final int Y_AXIS_ALLOWANCE = 80;

  private Plots() {}

  /** Writes throughput.png/.svg and latency.png/.svg into {@code dir}; returns their paths. */
  public static List<Path> write(List<? extends PlotRow> aggregates, Path dir) throws IOException {
    return write(aggregates, dir, SIMULATED);
  }

  /** As {@link #write(List, Path)}, in the words of {@code labels}. */
  public static List<Path> write(List<? extends PlotRow> aggregates, Path dir, Labels labels) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    written.addAll(write(throughput(aggregates, labels), dir, THROUGHPUT));
    written.addAll(write(latency(aggregates, labels), dir, LATENCY));
    return written;
  }

  private static List<Path> write(Figure figure, Path dir, String name) throws IOException {
    Path png = dir.resolve(name + ".png");
    Path svg = dir.resolve(name + ".svg");
    figure.writePng(png);
    figure.writeSvg(svg);
    return List.of(png, svg);
  }

  /** Grouped bars, labelled with their values: completed requests per simulated second. */
  static Figure throughput(List<? extends PlotRow> aggregates) {
    return throughput(aggregates, SIMULATED);
  }

  static Figure throughput(List<? extends PlotRow> aggregates, Labels w) {
    List<Group> groups = groups(aggregates);
    List<String> labels = groups.stream().map(Group::label).toList();
    List<Double> none = values(groups, false, Plots::throughput);
    List<Double> faults = values(groups, true, Plots::throughput);

    CategoryChart chart = chart(WIDTH, HEIGHT, w.throughputTitle(), w.throughputYTitle(), w.xTitle());
    CategoryStyler s = chart.getStyler();
    s.setSeriesColors(new Color[] {BLUE, ORANGE});
    s.setLabelsVisible(true);
    s.setLabelsFont(TICK_FONT);
    s.setLabelsFontColorAutomaticEnabled(false);
    s.setLabelsFontColor(Color.BLACK);
    s.setLabelsPosition(1.05); // above 1 means above the bar, (position - 1) x 100 pixels
    s.setYAxisDecimalPattern("#,##0");
    s.setYAxisMin(0.0);
    s.setYAxisMax(niceCeiling(1.1 * Math.max(max(none), max(faults))));
    chart.addSeries(w.noFaults(), labels, none);
    chart.addSeries(w.withFaults(), labels, faults);
    slantLabelsIfCrowded(chart, labels, WIDTH);

    List<String> desc = new ArrayList<>();
    desc.add("Grouped bar chart. x axis: " + w.xTitle() + ". y axis: " + w.throughputYTitle() + ". Bars: "
        + w.noFaults() + ", " + w.withFaults() + ".");
    for (int i = 0; i < groups.size(); i++) {
      desc.add(labels.get(i) + ": " + w.noFaults() + " " + text(none.get(i), 0) + ", " + w.withFaults() + " "
          + text(faults.get(i), 0));
    }
    return new Figure(w.throughputTitle(), desc, List.of(chart), WIDTH, HEIGHT);
  }

  /**
   * Two panels, without and with faults, with the same y axis: p50, p90 and p99 bars per
   * configuration. The axis is logarithmic when the values span more than {@value #LOG_SPREAD}x, as
   * they do once faults make a few requests wait for retransmissions.
   */
  static Figure latency(List<? extends PlotRow> aggregates) {
    return latency(aggregates, SIMULATED);
  }

  static Figure latency(List<? extends PlotRow> aggregates, Labels w) {
    List<Group> groups = groups(aggregates);
    List<String> labels = groups.stream().map(Group::label).toList();
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (boolean faults : new boolean[] {false, true}) {
      for (double p : PERCENTILES) {
        for (Double v : values(groups, faults, a -> latencyMillis(a, p))) {
          if (v != null) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    boolean log = lo > 0 && hi / lo > LOG_SPREAD;

    List<CategoryChart> panels = new ArrayList<>();
    List<String> desc = new ArrayList<>();
    desc.add("Grouped bar charts, one panel per fault setting, same y axis" + (log ? " (logarithmic)" : "")
        + ". x axis: " + w.xTitle() + ". y axis: " + w.latencyYTitle() + ". Bars: p50, p90, p99.");
    for (boolean faults : new boolean[] {false, true}) {
      String setting = faults ? w.withFaults() : w.noFaults();
      CategoryChart chart = chart(LATENCY_PANEL_WIDTH, HEIGHT, "Latency, " + setting, w.latencyYTitle(), w.xTitle());
      CategoryStyler s = chart.getStyler();
      s.setSeriesColors(faults ? ORANGES : BLUES);
      s.setYAxisLogarithmic(log);
      if (log) {
        // Room below the smallest bar, so that it is never flat on the axis.
        s.setYAxisMin(Math.pow(10, Math.floor(Math.log10(0.9 * lo))));
        s.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi))));
        s.setYAxisLogarithmicDecadeOnly(false);
        s.setYAxisTickLabelsFormattingFunction(Plots::oneTwoFive);
      } else {
        s.setYAxisMin(0.0);
        s.setYAxisMax(niceCeiling(1.1 * hi));
        s.setYAxisDecimalPattern("#,##0.##");
      }
      List<List<Double>> series = new ArrayList<>();
      for (double p : PERCENTILES) {
        List<Double> v = values(groups, faults, a -> latencyMillis(a, p));
        series.add(v);
        chart.addSeries(percentileName(p), labels, v);
      }
      slantLabelsIfCrowded(chart, labels, LATENCY_PANEL_WIDTH);
      panels.add(chart);
      for (int i = 0; i < groups.size(); i++) {
        StringBuilder line = new StringBuilder(setting + ", " + labels.get(i) + ":");
        for (int p = 0; p < PERCENTILES.length; p++) {
          line.append(p == 0 ? " " : ", ").append(percentileName(PERCENTILES[p])).append(' ')
              .append(text(series.get(p).get(i), 2));
        }
        desc.add(line.toString());
      }
    }
    return new Figure(w.latencyTitle(), desc, panels, LATENCY_PANEL_WIDTH, HEIGHT);
  }

  /** A category chart in the house style: white, light horizontal grid, legend under the plot. */
  private static CategoryChart chart(int width, int height, String title, String yTitle, String xTitle) {
    CategoryChart chart = new CategoryChart(width, height);
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    CategoryStyler s = chart.getStyler();
    s.setLocale(Locale.ROOT);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setPlotGridVerticalLinesVisible(false);
    s.setPlotGridLinesColor(new Color(0xDDDDDD));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setPlotContentSize(0.97);
    s.setChartTitleFont(TITLE_FONT);
    s.setAxisTitleFont(AXIS_TITLE_FONT);
    s.setAxisTickLabelsFont(TICK_FONT);
    s.setLegendFont(TICK_FONT);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setLegendBorderColor(new Color(0xBBBBBB));
    s.setAvailableSpaceFill(0.8);
    return chart;
  }

  /**
   * Slants the configuration names by 45 degrees when they would not fit side by side under their
   * groups (more modes or sizes than today's, or long names), so that they never overlap.
   */
  static boolean slantLabelsIfCrowded(CategoryChart chart, List<String> labels, int chartWidth) {
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double widest = 0;
    for (String l : labels) {
      widest = Math.max(widest, TICK_FONT.getStringBounds(l, frc).getWidth());
    }
    double perGroup = (chartWidth - Y_AXIS_ALLOWANCE) / (double) Math.max(1, labels.size());
    boolean slant = widest > 0.9 * perGroup;
    if (slant) {
      chart.getStyler().setXAxisLabelRotation(45);
    }
    return slant;
  }

  /** Mode and size groups in the order of their first aggregate, each with its two fault settings. */
  static List<Group> groups(List<? extends PlotRow> aggregates) {
    Map<String, Group> m = new LinkedHashMap<>();
    for (PlotRow a : aggregates) {
      Configuration c = a.config();
      String label = c.mode().label() + " n=" + c.replicas();
      Group g = m.getOrDefault(label, new Group(label, null, null));
      m.put(label, c.faults() ? new Group(label, g.none(), a) : new Group(label, a, g.faults()));
    }
    return new ArrayList<>(m.values());
  }

  /** One x-axis group: a mode and cluster size, with the aggregate of each fault setting (or null). */
  record Group(String label, PlotRow none, PlotRow faults) {
    PlotRow get(boolean withFaults) {
      return withFaults ? faults : none;
    }
  }

  /** One value per group; null (no bar) where the group lacks the setting or the value. */
  private static List<Double> values(List<Group> groups, boolean faults, ToDoubleFunction<PlotRow> f) {
    List<Double> v = new ArrayList<>();
    for (Group g : groups) {
      PlotRow a = g.get(faults);
      double d = a == null ? Double.NaN : f.applyAsDouble(a);
      v.add(Double.isNaN(d) ? null : d);
    }
    return v;
  }

  /** Requests per simulated second; 0 for runs that completed nothing, none without runs. */
  static double throughput(PlotRow a) {
    if (a.runs() == 0) {
      return Double.NaN;
    }
    double t = a.throughputPerSecond();
    return Double.isNaN(t) ? 0 : t;
  }

  static double latencyMillis(PlotRow a, double percentile) {
    long micros = a.latencyMicrosAt(percentile);
    return micros < 0 ? Double.NaN : micros / 1000.0;
  }

  static String percentileName(double p) {
    return "p" + (int) p;
  }

  private static double max(List<Double> values) {
    return values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static String text(Double v, int digits) {
    return v == null ? "-" : Formats.decimal(v, digits);
  }

  /** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k) at or above x; 1 for none. */
  static double niceCeiling(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(x)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8}) {
      if (m * p >= x * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** Log-axis tick labels at 1, 2 and 5 times a power of ten; the ticks between keep a grid line. */
  static String oneTwoFive(Double v) {
    double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (Math.abs(mantissa - m) < 1e-6 * m) {
        return new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
      }
    }
    return "";
  }
}
