package org.melep.melep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random targets and predictions for tests: labels correlated with some outputs. */
public record RandomTask(double[][] theta, boolean[][] targets, List<String> labels) {

  public static RandomTask of(long seed, int n, int y, int z) {
    Random r = new Random(seed);
    boolean[][] t = new boolean[n][y];
    double[][] theta = new double[n][z];
    double[] prevalence = new double[y];
    for (int k = 0; k < y; k++) {
      prevalence[k] = 0.1 + 0.5 * r.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < y; k++) {
        t[i][k] = r.nextDouble() < prevalence[k];
      }
      for (int j = 0; j < z; j++) {
        double logit = r.nextGaussian() * 2 + (t[i][j % y] ? 1.5 : -1.0) * (j % 3);
        theta[i][j] = ProbabilityCheck.sigmoid(logit);
      }
    }
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < y; k++) {
      labels.add("L" + k);
    }
    return new RandomTask(theta, t, labels);
  }
}
