package org.melep.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fold options that measure transfer: fixed label counts, prevalence matching, test size. */
class TestTransferFolds {
  private static final List<String> CSN =
      List.of(
          "SB", "NORM", "AFL", "STach", "TAb", "LVH", "STC", "TInv", "SA", "AF", "LQRSV", "STD",
          "LAD", "PAC", "PR", "STT", "IAVB", "CRBBB", "PVC", "QAb");

  private static final int N = 20_000;
  private static final String[] IDS = new String[N];
  private static final long[] MASKS = new long[N];

  /** Label i is positive with probability 0.01 + 0.3 (i / 19)^2: rare to common. */
  private static final Map<String, Double> PREVALENCE = new HashMap<>();

  static {
    SplittableRandom r = new SplittableRandom(9);
    for (int l = 0; l < CSN.size(); l++) {
      double x = (double) ((l * 7) % CSN.size()) / (CSN.size() - 1);
      PREVALENCE.put(CSN.get(l), 0.01 + 0.3 * x * x);
    }
    for (int i = 0; i < N; i++) {
      IDS[i] = "sim_csn/R" + i;
      long m = 0;
      for (int l = 0; l < CSN.size(); l++) {
        if (r.nextDouble() < PREVALENCE.get(CSN.get(l))) {
          m |= 1L << l;
        }
      }
      MASKS[i] = m;
    }
  }

  /** Prevalence of each label measured on the corpus (independent of the protocol's count). */
  private static Map<String, Double> measured() {
    Map<String, Double> out = new HashMap<>();
    for (int l = 0; l < CSN.size(); l++) {
      long k = 0;
      for (long m : MASKS) {
        k += (m >>> l) & 1;
      }
      out.put(CSN.get(l), (double) k / N);
    }
    return out;
  }

  private static double meanPrevalence(Fold f, Map<String, Double> p) {
    return f.labels().stream().mapToDouble(p::get).average().orElseThrow();
  }

  private static double sd(List<Double> x) {
    double m = x.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    return Math.sqrt(x.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / (x.size() - 1));
  }

  @Test
  void fixedLabelCountGivesEveryFoldKLabels() {
    List<Fold> folds =
        FoldProtocol.csn(CSN).labels(4).seed(2).folds(50).recordsPerFold(500).draw(IDS, MASKS, N);
    assertThat(folds).allSatisfy(f -> assertThat(f.nLabels()).isEqualTo(4));
    assertThat(folds.stream().map(Fold::labels).distinct().count()).isGreaterThan(40);
  }

  @Test
  void prevalenceMatchedFoldsTakeOneLabelPerStratumAndHaveSimilarMeanPrevalence() {
    Map<String, Double> p = measured();
    List<String> ranked = new ArrayList<>(CSN);
    ranked.sort(Comparator.comparingDouble(p::get));
    int k = 4;
    List<Fold> matched =
        FoldProtocol.csn(CSN)
            .labels(k)
            .prevalenceMatched(true)
            .seed(3)
            .folds(200)
            .recordsPerFold(300)
            .draw(IDS, MASKS, N);
    List<Fold> uniform =
        FoldProtocol.csn(CSN).labels(k).seed(3).folds(200).recordsPerFold(300).draw(IDS, MASKS, N);
    for (Fold f : matched) {
      int[] perStratum = new int[k];
      for (String label : f.labels()) {
        perStratum[ranked.indexOf(label) / (CSN.size() / k)]++;
      }
      assertThat(perStratum).as("strata of %s", f.labels()).containsOnly(1);
    }
    List<Double> m = matched.stream().map(f -> meanPrevalence(f, p)).toList();
    List<Double> u = uniform.stream().map(f -> meanPrevalence(f, p)).toList();
    assertThat(sd(m))
        .as("SD of fold mean prevalence, matched vs uniform %s", sd(u))
        .isLessThan(0.5 * sd(u));
    // every label still gets drawn
    assertThat(matched.stream().flatMap(f -> f.labels().stream()).distinct().count())
        .isEqualTo(CSN.size());
  }

  @Test
  void testSizeSetsTheTestSplitAndKeepsTheTrainSplit() {
    List<Fold> folds =
        FoldProtocol.csn(CSN)
            .labels(6)
            .testSize(1000)
            .seed(4)
            .folds(10)
            .recordsPerFold(1000)
            .draw(IDS, MASKS, N);
    for (Fold f : folds) {
      assertThat(f.train()).hasSize(700);
      assertThat(f.test()).hasSize(1000);
      assertThat(f.test()).doesNotContainAnyElementsOf(f.train());
    }
    assertThatThrownBy(() -> FoldProtocol.csn(CSN).testSize(50_000).folds(1).draw(IDS, MASKS, N))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but a fold needs 50700 records (700 train + --test-size 50000)");
  }

  @Test
  void defaultDrawsAreUnchangedByTheNewOptions() {
    List<Fold> a = FoldProtocol.csn(CSN).seed(5).folds(5).recordsPerFold(200).draw(IDS, MASKS, N);
    List<Fold> b =
        FoldProtocol.csn(CSN)
            .seed(5)
            .folds(5)
            .recordsPerFold(200)
            .prevalenceMatched(false)
            .testSize(null)
            .draw(IDS, MASKS, N);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).labels()).isEqualTo(a.get(i).labels());
      assertThat(b.get(i).test()).isEqualTo(a.get(i).test());
    }
  }

  @Test
  void badOptionsFailBeforeSparkStarts(@TempDir Path dir) {
    String corpus = dir.resolve("c").toString();
    String out = dir.resolve("o").toString();
    java.util.function.Supplier<org.apache.spark.sql.SparkSession> noSpark =
        () -> {
          throw new AssertionError("Spark was started for invalid options");
        };
    assertThatThrownBy(
            () -> new FoldsJob(noSpark).corpus(corpus).out(out).labels(4).minLabels(2).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot draw folds: --labels 4 fixes the number of labels; drop"
                + " --min-labels/--max-labels");
    assertThatThrownBy(() -> new FoldsJob(noSpark).corpus(corpus).out(out).labels(21).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot draw folds: --labels must be in [1, 20]: 21");
    assertThatThrownBy(() -> new FoldsJob(noSpark).corpus(corpus).out(out).testSize(0).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot draw folds: --test-size must be >= 1: 0");
    assertThatThrownBy(() -> new FoldsJob(noSpark).corpus(corpus).out(out).folds(0).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot draw folds: --folds must be >= 1: 0");
    assertThatThrownBy(
            () -> new FoldsJob(noSpark).corpus(corpus).out(out).protocol("nope").execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot draw folds: unknown --protocol");
    assertThatThrownBy(
            () ->
                new FoldsJob(noSpark).corpus(corpus).out(out).protocol("ptbxl").labels(6).execute())
        .hasMessage("Cannot draw folds: --labels must be in [1, 5]: 6");
  }
}
