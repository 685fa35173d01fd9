package org.melep.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.melep.corpus.CorpusSchema;
import org.melep.labels.LabelSets;

/**
 * The simulator's known transfer structure: which latent findings (simulated {@link Condition}s)
 * drive both a source dataset's labels and a target label, and from that how much each source
 * dataset teaches each target label.
 *
 * <p>A source dataset {@code S} teaches a finding {@code c} when {@code S} contains {@code c} (its
 * signals can carry it) and a label {@code s} of the set a checkpoint pretrained on {@code S}
 * learns ({@link DatasetProfile#vocabulary()}) is driven by {@code c}. For a target label {@code t}
 * driven by the findings {@code C(t)}, a source label {@code s} driven (in {@code S}) by {@code
 * C(s)} is as specific as the share of its findings that drive {@code t}: {@code |C(s) & C(t)| /
 * |C(s)|} (a source label lumping five findings teaches one of them at 1/5). The weight of {@code
 * t} for {@code S} is the mean over {@code c} in {@code C(t)} of the best specificity of a source
 * label driven by {@code c} (0 when none): 1 when the source has a label with exactly {@code t}'s
 * findings, 0 when {@code S} never contains them or has no label for them. A fold's score for
 * {@code S} is the (optionally weighted) mean weight of its target labels; the source with the
 * highest score ought to transfer best (see {@code docs/simulate.md}).
 *
 * <p>{@code melep simulate} writes the table into the corpus as {@value #FILE_NAME} (Spark skips
 * files starting with {@code _}); {@link #read} reads it back, so tests and reports can predict the
 * best checkpoint of a fold before any training.
 */
public final class Relatedness implements Serializable {
  /** The table's file name inside the corpus directory. */
  public static final String FILE_NAME = "_relatedness.csv";

  public static final String HEADER =
      "source_dataset,source_label_set,source_label,source_label_findings,target_label_set,"
          + "target_label,target_label_findings,shared_findings,relation,weight";

  /** A source label and a target label that share findings ({@code taught}) ... */
  public static final String TAUGHT = "taught";

  /** ... the source contains a driver of the target label but has no label for it ... */
  public static final String UNLABELLED = "unlabelled";

  /** ... or the source never contains a driver of the target label. */
  public static final String ABSENT = "absent";

  /**
   * One row of the table.
   *
   * @param sourceLabel empty for {@link #UNLABELLED} and {@link #ABSENT} rows
   * @param sourceLabelFindings the findings the source contains that drive {@code sourceLabel}
   * @param targetLabelFindings the findings that drive {@code targetLabel}
   * @param sharedFindings the findings of both (taught), or the target's findings the source
   *     contains without a label (unlabelled)
   * @param weight this pair alone: specificity times coverage, {@code (|shared| / |source
   *     findings|) (|shared| / |target findings|)} for taught rows, 0 otherwise
   */
  public record Row(
      String sourceDataset,
      String sourceLabelSet,
      String sourceLabel,
      List<String> sourceLabelFindings,
      String targetLabelSet,
      String targetLabel,
      List<String> targetLabelFindings,
      List<String> sharedFindings,
      String relation,
      double weight)
      implements Serializable {}

  /** A source's score for one fold. */
  public record SourceScore(String source, double score, List<String> coveredLabels)
      implements Serializable {}

  /**
   * The sources ranked for one fold, best first (ties by name).
   *
   * @param best the top source, empty when two or more share the top score
   */
  public record Prediction(List<SourceScore> ranking, Optional<String> best)
      implements Serializable {}

  private final List<Row> rows;

  /** (source, target set) -> target label -> weight. */
  private final Map<String, Map<String, Double>> weights = new LinkedHashMap<>();

  private final Set<String> sources = new LinkedHashSet<>();

  private Relatedness(List<Row> rows) {
    this.rows = List.copyOf(rows);
    // per (source, target set, target label): finding -> best specificity
    Map<String, Map<String, Map<String, Double>>> best = new LinkedHashMap<>();
    Map<String, Integer> targetSize = new LinkedHashMap<>();
    for (Row r : rows) {
      sources.add(r.sourceDataset());
      String key = r.sourceDataset() + "\t" + r.targetLabelSet();
      Map<String, Map<String, Double>> perLabel =
          best.computeIfAbsent(key, k -> new LinkedHashMap<>());
      Map<String, Double> perFinding =
          perLabel.computeIfAbsent(r.targetLabel(), k -> new LinkedHashMap<>());
      targetSize.put(key + "\t" + r.targetLabel(), r.targetLabelFindings().size());
      if (r.relation().equals(TAUGHT)) {
        double specificity = (double) r.sharedFindings().size() / r.sourceLabelFindings().size();
        for (String c : r.sharedFindings()) {
          perFinding.merge(c, specificity, Math::max);
        }
      }
    }
    for (Map.Entry<String, Map<String, Map<String, Double>>> e : best.entrySet()) {
      Map<String, Double> w = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, Double>> label : e.getValue().entrySet()) {
        int size = targetSize.get(e.getKey() + "\t" + label.getKey());
        double sum = 0;
        for (double v : label.getValue().values()) {
          sum += v;
        }
        w.put(label.getKey(), size == 0 ? 0.0 : sum / size);
      }
      weights.put(e.getKey(), w);
    }
  }

  /** The table of a simulator configuration over the label sets of {@code table}. */
  public static Relatedness of(SimulationConfig config, LabelSets table) {
    DatasetProfile everything = new DatasetProfile();
    everything.name = "target";
    everything.annotates = "all";
    everything.ptbxlLabels = true;
    LabelCoder target = new LabelCoder(config, everything, table);
    List<Row> rows = new ArrayList<>();
    for (DatasetProfile s : config.datasets) {
      LabelCoder coder = new LabelCoder(config, s, table);
      long contained = new ConditionSampler(s).possible();
      String vocabulary = s.vocabulary();
      List<String> sourceLabels = table.labelSet(vocabulary).labels();
      long[] sourceDrivers = new long[sourceLabels.size()];
      long taughtAny = 0;
      for (int i = 0; i < sourceLabels.size(); i++) {
        sourceDrivers[i] = coder.drivers(vocabulary, sourceLabels.get(i)) & contained;
        taughtAny |= sourceDrivers[i];
      }
      for (String set : CorpusSchema.LABEL_SETS) {
        for (String t : table.labelSet(set).labels()) {
          long ct = target.drivers(set, t);
          boolean any = false;
          for (int i = 0; i < sourceLabels.size(); i++) {
            long shared = sourceDrivers[i] & ct;
            if (shared == 0) {
              continue;
            }
            any = true;
            double w =
                (double) Long.bitCount(shared)
                    / Long.bitCount(sourceDrivers[i])
                    * Long.bitCount(shared)
                    / Long.bitCount(ct);
            rows.add(
                new Row(
                    s.name,
                    vocabulary,
                    sourceLabels.get(i),
                    names(sourceDrivers[i]),
                    set,
                    t,
                    names(ct),
                    names(shared),
                    TAUGHT,
                    w));
          }
          long unlabelled = ct & contained & ~taughtAny;
          if (unlabelled != 0) {
            any = true;
            rows.add(
                new Row(
                    s.name,
                    vocabulary,
                    "",
                    List.of(),
                    set,
                    t,
                    names(ct),
                    names(unlabelled),
                    UNLABELLED,
                    0.0));
          }
          if (!any) {
            rows.add(
                new Row(
                    s.name, vocabulary, "", List.of(), set, t, names(ct), List.of(), ABSENT, 0.0));
          }
        }
      }
    }
    return new Relatedness(rows);
  }

  private static List<String> names(long mask) {
    List<String> out = new ArrayList<>();
    for (Condition c : Condition.decode(mask)) {
      out.add(c.name());
    }
    return out;
  }

  public List<Row> rows() {
    return rows;
  }

  /** The source datasets of the table, in configuration order. */
  public Set<String> sources() {
    return sources;
  }

  /**
   * How much {@code source} teaches {@code targetLabel} of {@code targetSet}, 0..1 (see the class
   * comment).
   */
  public double weight(String source, String targetSet, String targetLabel) {
    Map<String, Double> w = weights.get(source + "\t" + targetSet);
    if (w == null) {
      throw new IllegalArgumentException(
          "Cannot predict transfer: no relatedness of source "
              + source
              + " to label set "
              + targetSet
              + " (sources: "
              + sources
              + ", label sets: "
              + CorpusSchema.LABEL_SETS
              + ")");
    }
    Double v = w.get(targetLabel);
    if (v == null) {
      throw new IllegalArgumentException(
          "Cannot predict transfer: label "
              + targetLabel
              + " is not in label set "
              + targetSet
              + " (known: "
              + w.keySet()
              + ")");
    }
    return v;
  }

  /** The sources ranked for a fold whose target labels count alike. */
  public Prediction predict(
      String targetSet, Collection<String> targetLabels, Collection<String> candidates) {
    Map<String, Double> equal = new LinkedHashMap<>();
    for (String t : targetLabels) {
      equal.put(t, 1.0);
    }
    return predict(targetSet, equal, candidates);
  }

  /**
   * The sources ranked for a fold: each source's score is the mean of its {@link #weight}s over the
   * fold's labels, weighted by {@code labelWeights} (e.g. each label's positives in the train
   * split, as weighted F1 weights them).
   */
  public Prediction predict(
      String targetSet, Map<String, Double> labelWeights, Collection<String> candidates) {
    if (labelWeights.isEmpty()) {
      throw new IllegalArgumentException("Cannot predict transfer: the fold has no target labels");
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("Cannot predict transfer: no source datasets given");
    }
    double total = 0;
    for (Map.Entry<String, Double> e : labelWeights.entrySet()) {
      if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
        throw new IllegalArgumentException(
            "Cannot predict transfer: label weight must be finite and >= 0: " + e);
      }
      total += e.getValue();
    }
    List<SourceScore> scores = new ArrayList<>();
    for (String source : new LinkedHashSet<>(candidates)) {
      double sum = 0;
      List<String> covered = new ArrayList<>();
      for (Map.Entry<String, Double> e : labelWeights.entrySet()) {
        double w = weight(source, targetSet, e.getKey());
        sum += w * e.getValue();
        if (w > 0) {
          covered.add(e.getKey());
        }
      }
      scores.add(new SourceScore(source, total > 0 ? sum / total : 0.0, List.copyOf(covered)));
    }
    scores.sort(
        Comparator.comparingDouble(SourceScore::score)
            .reversed()
            .thenComparing(SourceScore::source));
    boolean tie = scores.size() > 1 && scores.get(1).score() >= scores.get(0).score() - 1e-12;
    return new Prediction(
        List.copyOf(scores), tie ? Optional.empty() : Optional.of(scores.get(0).source()));
  }

  // ---------------------------------------------------------------------------------------------
  // CSV

  /** Writes the table as CSV ({@link #HEADER}; lists joined by {@code |}). */
  public void write(Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    for (Row r : rows) {
      out.write(
          String.join(
              ",",
              r.sourceDataset(),
              r.sourceLabelSet(),
              r.sourceLabel(),
              String.join("|", r.sourceLabelFindings()),
              r.targetLabelSet(),
              r.targetLabel(),
              String.join("|", r.targetLabelFindings()),
              String.join("|", r.sharedFindings()),
              r.relation(),
              format(r.weight())));
      out.write('\n');
    }
    out.flush();
  }

  private static String format(double w) {
    return Double.toString(w);
  }

  /** Writes the table into {@code dir} as {@value #FILE_NAME} (a Hadoop path). */
  public void writeInto(Path dir, Configuration conf) {
    Path file = new Path(dir, FILE_NAME);
    try {
      FileSystem fs = file.getFileSystem(conf);
      try (OutputStream os = fs.create(file, true);
          Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)) {
        write(w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write relatedness table: " + file, e);
    }
  }

  /** Reads the table of a simulated corpus ({@code <corpus>/}{@value #FILE_NAME}). */
  public static Relatedness readCorpus(String corpus, Configuration conf) {
    Path file = new Path(corpus, FILE_NAME);
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        throw new IllegalArgumentException(
            "Cannot read relatedness table: "
                + file
                + " does not exist (only corpora written by melep simulate have one)");
      }
      try (InputStream in = fs.open(file);
          Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return read(r, file.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read relatedness table: " + file, e);
    }
  }

  /** Reads a table written by {@link #write}; {@code source} names it in error messages. */
  public static Relatedness read(Reader in, String source) throws IOException {
    BufferedReader r = new BufferedReader(in);
    String header = r.readLine();
    if (!HEADER.equals(header)) {
      throw new IllegalArgumentException(
          "Cannot read relatedness table "
              + source
              + ": expected header "
              + HEADER
              + ": "
              + header);
    }
    List<Row> rows = new ArrayList<>();
    String line;
    int number = 1;
    while ((line = r.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 10) {
        throw new IllegalArgumentException(
            "Cannot read relatedness table "
                + source
                + ": line "
                + number
                + " has "
                + f.length
                + " fields, expected 10: "
                + line);
      }
      double w;
      try {
        w = Double.parseDouble(f[9]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Cannot read relatedness table "
                + source
                + ": line "
                + number
                + ", column weight: not a number: "
                + f[9],
            e);
      }
      String relation = f[8];
      if (!List.of(TAUGHT, UNLABELLED, ABSENT).contains(relation)) {
        throw new IllegalArgumentException(
            "Cannot read relatedness table "
                + source
                + ": line "
                + number
                + ", column relation: unknown: "
                + relation);
      }
      List<String> sourceFindings = list(f[3]);
      if (relation.equals(TAUGHT) && sourceFindings.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot read relatedness table "
                + source
                + ": line "
                + number
                + ", column source_label_findings: empty for a taught row");
      }
      rows.add(
          new Row(
              f[0], f[1], f[2], sourceFindings, f[4], f[5], list(f[6]), list(f[7]), relation, w));
    }
    return new Relatedness(rows);
  }

  private static List<String> list(String field) {
    return field.isEmpty() ? List.of() : List.of(field.split("\\|"));
  }
}
