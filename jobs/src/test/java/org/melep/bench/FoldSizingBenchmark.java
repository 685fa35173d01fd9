package org.melep.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.melep.fold.Fold;
import org.melep.fold.FoldProtocol;
import org.melep.fold.FoldSizing;
import org.melep.labels.LabelSets;
import org.melep.random.RecordRng;
import org.melep.simulate.ConditionSampler;
import org.melep.simulate.LabelCoder;
import org.melep.simulate.SimulationConfig;

/**
 * The test-split size of docs/folds.md ("How large a test split"): draws folds of {@code K} labels
 * from the simulated target (sim_csn labels of the embedded configuration, no signals), measures
 * each fold's test prevalences and prints, per assumed per-label F1 {@code r} (precision = recall =
 * r), the standard error of the difference of two checkpoints' weighted F1 at the paper's 300 test
 * records and the test size at which a difference of 2 and 3 F1 points is two standard errors. Run:
 * {@code scripts/benchmark FoldSizing [K] [records]}.
 */
public final class FoldSizingBenchmark {
  private FoldSizingBenchmark() {}

  public static void main(String[] args) {
    int k = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    SimulationConfig config = SimulationConfig.embedded();
    LabelSets table = LabelSets.defaults();
    ConditionSampler sampler = new ConditionSampler(config.dataset("sim_csn"));
    LabelCoder coder = new LabelCoder(config, config.dataset("sim_csn"), table);
    List<String> pool = table.labelSet("csn").labels();
    FoldProtocol probe = FoldProtocol.csn(pool);
    String[] ids = new String[n];
    long[] masks = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "sim_csn/SIM" + i;
      masks[i] = probe.maskOf(coder.labels("csn", sampler.sample(RecordRng.forRecord(1, i))));
    }
    for (boolean matched : new boolean[] {false, true}) {
      List<Fold> folds =
          FoldProtocol.csn(pool)
              .labels(k)
              .prevalenceMatched(matched)
              .seed(1)
              .folds(100)
              .recordsPerFold(1000)
              .draw(ids, masks, n);
      List<double[]> prevalences = new ArrayList<>();
      double sum = 0;
      int count = 0;
      for (Fold f : folds) {
        double[] p = new double[f.nLabels()];
        for (int l = 0; l < p.length; l++) {
          p[l] = (double) f.testPositives()[l] / f.test().size();
          sum += p[l];
          count++;
        }
        prevalences.add(p);
      }
      long[] eligible = folds.stream().mapToLong(Fold::eligible).sorted().toArray();
      System.out.printf(
          "%s draws, K=%d, 100 folds of 700/300: mean test prevalence of a fold label %.3f;"
              + " records with a positive among a fold's labels: min %.1f%%, median %.1f%% of"
              + " the target's%n",
          matched ? "prevalence-matched" : "uniform",
          k,
          sum / count,
          100.0 * eligible[0] / n,
          100.0 * eligible[eligible.length / 2] / n);
      for (double r : new double[] {0.6, 0.7, 0.8}) {
        double[] se300 = new double[folds.size()];
        int[] need2 = new int[folds.size()];
        int[] need3 = new int[folds.size()];
        for (int i = 0; i < folds.size(); i++) {
          se300[i] = differenceSe(300, prevalences.get(i), r);
          need2[i] = sizeFor(0.02, prevalences.get(i), r);
          need3[i] = sizeFor(0.03, prevalences.get(i), r);
        }
        Arrays.sort(se300);
        Arrays.sort(need2);
        Arrays.sort(need3);
        System.out.printf(
            "  r=%.1f: SE of a checkpoint difference at 300 test records: median %.4f (90th pct"
                + " %.4f); test records for 2 SE <= 3 points: median %d (90th %d); <= 2 points:"
                + " median %d (90th %d)%n",
            r, se300[50], se300[90], need3[50], need3[90], need2[50], need2[90]);
      }
    }
  }

  /**
   * SE of the difference of two checkpoints' weighted F1 (weights = label prevalence, as the train
   * issue's weighted F1), labels and checkpoints independent.
   */
  static double differenceSe(int n, double[] p, double r) {
    double total = Arrays.stream(p).sum();
    double var = 0;
    for (double pk : p) {
      double w = pk / total;
      double se = FoldSizing.f1StandardError(n, Math.max(pk, 1e-6), r, r);
      var += w * w * se * se;
    }
    return Math.sqrt(2 * var);
  }

  static int sizeFor(double delta, double[] p, double r) {
    int n = 1;
    while (2 * differenceSe(n, p, r) > delta) {
      n = n < 64 ? n + 1 : (int) Math.ceil(n * 1.01);
    }
    return n;
  }
}
