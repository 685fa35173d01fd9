package org.melep.simulate.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;
import org.melep.simulate.Condition;
import org.melep.simulate.RecordGenerator;
import org.melep.simulate.SimulatedRecord;
import org.melep.simulate.SimulationConfig;

/**
 * Renders a sheet of simulated records, one panel per condition (leads II, V1 and V5, stacked), as
 * a PNG: {@code melep simulate --plot docs/simulated-records.png}.
 */
public final class RecordSheet {
  private static final String[] SHOWN = {"II", "V1", "V5"};
  private static final double OFFSET_MV = 2.5;

  private final SimulationConfig config;
  private final long seed;
  private int columns = 4;
  private int panelWidth = 560;
  private int panelHeight = 260;
  private double seconds = 6.0;
  private String dataset = "sim_csn";

  public RecordSheet(SimulationConfig config, long seed) {
    this.config = config;
    this.seed = seed;
  }

  public RecordSheet dataset(String name) {
    this.dataset = name;
    return this;
  }

  public RecordSheet seconds(double s) {
    this.seconds = s;
    return this;
  }

  /** One record per condition: the rhythm alone, or the finding on sinus rhythm (NORM). */
  public BufferedImage render() {
    RecordGenerator gen = new RecordGenerator(config, LabelSets.defaults(), seed);
    List<BufferedImage> panels = new ArrayList<>();
    long index = 0;
    for (Condition c : Condition.values()) {
      long mask = c.kind() == Condition.Kind.RHYTHM ? c.bit() : c.bit() | Condition.NORM.bit();
      SimulatedRecord r = gen.generateWith(index++, dataset, mask);
      String title = c.name() + "   (labels_csn: " + String.join(", ", r.labels().get("csn")) + ")";
      panels.add(BitmapEncoder.getBufferedImage(chart(r, title)));
    }
    return grid(panels, columns);
  }

  private BufferedImage grid(List<BufferedImage> panels, int columns) {
    int rows = (panels.size() + columns - 1) / columns;
    BufferedImage sheet =
        new BufferedImage(columns * panelWidth, rows * panelHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(panels.get(i), (i % columns) * panelWidth, (i / columns) * panelHeight, null);
    }
    g.dispose();
    return sheet;
  }

  /**
   * Records of the same conditions from several datasets side by side: one row per condition mask,
   * one column per dataset (each dataset's recording settings: noise, mains, filters, gains,
   * electrode placement), titled with the dataset and its own label set's labels.
   */
  public BufferedImage compare(List<String> datasets, List<Long> conditions) {
    RecordGenerator gen = new RecordGenerator(config, LabelSets.defaults(), seed);
    List<BufferedImage> panels = new ArrayList<>();
    long index = 0;
    for (long mask : conditions) {
      for (String d : datasets) {
        SimulatedRecord r = gen.generateWith(index++, d, mask);
        String set = config.dataset(d).vocabulary();
        String title =
            d
                + ": "
                + String.join("+", Condition.decode(mask).stream().map(Condition::name).toList())
                + "   (labels_"
                + set
                + ": "
                + String.join(", ", r.labels().get(set))
                + ")";
        panels.add(BitmapEncoder.getBufferedImage(chart(r, title)));
      }
    }
    return grid(panels, datasets.size());
  }

  /** Renders and writes the PNG. */
  public void write(Path png) throws IOException {
    write(render(), png);
  }

  /** Writes an image as PNG, creating the parent folder. */
  public static void write(BufferedImage img, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new IOException("Cannot write plot: no PNG writer: " + png);
    }
  }

  private XYChart chart(SimulatedRecord r, String title) {
    double[] gain = new double[CorpusSchema.N_LEADS];
    java.util.Arrays.fill(gain, EcgSignal.DEFAULT_GAIN);
    float[][] mv = EcgSignal.decodeMillivolts(r.signal(), gain, r.nSamples());
    int shown = (int) Math.min(r.nSamples(), Math.round(seconds * r.fs()));
    XYChart chart =
        new XYChartBuilder()
            .width(panelWidth)
            .height(panelHeight)
            .title(title)
            .xAxisTitle("s")
            .yAxisTitle("mV (offset)")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
    for (int s = 0; s < SHOWN.length; s++) {
      int lead = CorpusSchema.LEADS.indexOf(SHOWN[s]);
      double[] x = new double[shown];
      double[] y = new double[shown];
      for (int j = 0; j < shown; j++) {
        x[j] = j / r.fs();
        y[j] = mv[lead][j] - s * OFFSET_MV;
      }
      XYSeries series = chart.addSeries(SHOWN[s], x, y);
      series.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }
}
