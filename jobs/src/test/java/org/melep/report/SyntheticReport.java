package org.melep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.melep.melep.Weighting;
import org.melep.report.stats.LabelOnlyScore;
import org.melep.score.ScoreSchema;

/**
 * A synthetic scores table and fine-tuning ground truth with a known correlation structure (no real
 * fine-tuning results exist yet). Checkpoint c has quality q_c; fold f has a label prevalence that
 * sets its ease; the transfer of c to f is {@code q_c + ease_f + interaction}. MELEP falls with
 * transfer (plus noise), the fine-tuned F1 of every seed rises with it (plus seed noise): MELEP and
 * F1 correlate negatively for every checkpoint, MELEP ranks checkpoints better than chance, and the
 * label-only score (prevalence alone) carries the fold ease but not the checkpoint.
 */
public final class SyntheticReport {
  /** The fine-tuning table as {@code melep train finetune} writes it. */
  public static final StructType FINETUNE = org.melep.train.FinetuneSchema.RESULTS_SCHEMA;

  public final int folds;
  public final int checkpoints;
  public final int seeds;
  public final long seed;

  /** sd of the checkpoint x fold interaction MELEP sees (larger = weaker score). */
  public double scoreNoise = 0.02;

  /** sd of F1 between fine-tuning seeds. */
  public double seedNoise = 0.01;

  /** A checkpoint that cannot be fine-tuned on fold 0 (a not_finetunable row), when true. */
  public boolean withFailure = true;

  private final List<Row> scores = new ArrayList<>();
  private final List<Row> finetune = new ArrayList<>();
  private boolean built;

  public SyntheticReport(int folds, int checkpoints, int seeds, long seed) {
    this.folds = folds;
    this.checkpoints = checkpoints;
    this.seeds = seeds;
    this.seed = seed;
  }

  public static String checkpoint(int c) {
    return "ck-" + (char) ('a' + c);
  }

  private void build() {
    if (built) {
      return;
    }
    built = true;
    Random random = new Random(seed);
    double[] quality = new double[checkpoints];
    for (int c = 0; c < checkpoints; c++) {
      quality[c] = 0.1 * c + 0.02 * random.nextGaussian();
    }
    List<String> labels = List.of("AF", "SB", "STach");
    long n = 400;
    for (int f = 0; f < folds; f++) {
      double prevalence = 0.05 + 0.4 * random.nextDouble();
      long[] positives = {
        Math.round(prevalence * n), Math.round(0.5 * prevalence * n) + 1, Math.round(0.3 * n)
      };
      double ease = -0.6 * LabelOnlyScore.melep(n, positives, Weighting.CODE);
      for (int c = 0; c < checkpoints; c++) {
        double transfer = quality[c] + ease + scoreNoise * random.nextGaussian();
        double interaction = 0.02 * random.nextGaussian();
        for (Weighting w : Weighting.values()) {
          double m =
              LabelOnlyScore.melep(n, positives, w)
                  - 0.3 * (transfer - ease)
                  - 0.5 * interaction
                  + 0.005 * random.nextGaussian();
          scores.add(
              RowFactory.create(
                  String.valueOf(f),
                  checkpoint(c),
                  "train",
                  w.id(),
                  m,
                  "ok",
                  n,
                  labels,
                  List.of(0.1, 0.2, 0.3),
                  List.of(positives[0], positives[1], positives[2]),
                  5,
                  n,
                  0L,
                  0L));
        }
        for (int s = 0; s < seeds; s++) {
          double f1 =
              clamp(0.55 + 0.5 * transfer + interaction + seedNoise * random.nextGaussian());
          for (String rule : List.of("paper", "validation")) {
            double v = rule.equals("paper") ? f1 : clamp(f1 + 0.01 + 0.005 * random.nextGaussian());
            boolean fails = withFailure && f == 0 && c == checkpoints - 1;
            finetune.add(
                RowFactory.create(
                    String.valueOf(f),
                    checkpoint(c),
                    "sha-" + c,
                    "resnet1d",
                    c % 2 == 0 ? "sim_ptbxl" : "sim_cpsc",
                    "full",
                    s,
                    rule,
                    fails ? null : 20,
                    fails ? null : v,
                    fails ? null : v - 0.05,
                    fails ? null : 0.8,
                    labels,
                    null,
                    300L,
                    100L,
                    fails ? "not_finetunable" : "ok",
                    fails ? "no head for this architecture" : null));
          }
        }
      }
    }
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }

  public Dataset<Row> scores(SparkSession spark) {
    build();
    return spark.createDataFrame(scores, ScoreSchema.SCHEMA);
  }

  public Dataset<Row> finetune(SparkSession spark) {
    build();
    return spark.createDataFrame(finetune, FINETUNE);
  }
}
