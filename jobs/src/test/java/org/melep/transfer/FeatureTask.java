package org.melep.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random features, targets and source outputs for tests: features shifted by some labels,
 * outputs correlated with some labels. Held in memory as plain matrices.
 */
record FeatureTask(
    double[][] features, boolean[][] targets, double[][] theta, List<String> labels) {

  static FeatureTask of(long seed, int n, int d, int y, int z) {
    Random r = new Random(seed);
    double[][] f = new double[n][d];
    boolean[][] t = new boolean[n][y];
    double[][] theta = new double[n][z];
    double[] prevalence = new double[y];
    for (int k = 0; k < y; k++) {
      prevalence[k] = 0.15 + 0.5 * r.nextDouble();
    }
    double[][] shift = new double[y][d];
    for (int k = 0; k < y; k++) {
      for (int j = 0; j < d; j++) {
        shift[k][j] = r.nextDouble() < 0.3 ? r.nextGaussian() : 0;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < y; k++) {
        t[i][k] = r.nextDouble() < prevalence[k];
      }
      for (int j = 0; j < d; j++) {
        double x = 0.5 + r.nextGaussian() * (1 + 0.1 * j);
        for (int k = 0; k < y; k++) {
          if (t[i][k]) {
            x += shift[k][j];
          }
        }
        f[i][j] = x;
      }
      for (int j = 0; j < z; j++) {
        double logit = r.nextGaussian() * 1.5 + (t[i][j % y] ? 1.2 : -0.8) * (j % 3);
        theta[i][j] = 1 / (1 + Math.exp(-logit));
      }
    }
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < y; k++) {
      labels.add("L" + k);
    }
    return new FeatureTask(f, t, theta, labels);
  }

  int n() {
    return features.length;
  }

  int d() {
    return features[0].length;
  }

  /** The statistics of records {@code [from, to)}. */
  FeatureStats stats(int from, int to, boolean gram) {
    FeatureStats s = FeatureStats.empty(d(), labels.size(), theta[0].length, gram);
    for (int i = from; i < to; i++) {
      int[] pos = positives(i);
      s.add(features[i], theta[i], pos, 0, pos.length);
    }
    return s;
  }

  FeatureStats stats(boolean gram) {
    return stats(0, n(), gram);
  }

  int[] positives(int i) {
    List<Integer> p = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      if (targets[i][k]) {
        p.add(k);
      }
    }
    return p.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Column y of the targets as 0/1 doubles. */
  double[] target(int y) {
    double[] out = new double[n()];
    for (int i = 0; i < n(); i++) {
      out[i] = targets[i][y] ? 1 : 0;
    }
    return out;
  }

  FeatureTask withFeature(int j, double value) {
    double[][] f = new double[n()][];
    for (int i = 0; i < n(); i++) {
      f[i] = features[i].clone();
      f[i][j] = value;
    }
    return new FeatureTask(f, targets, theta, labels);
  }

  FeatureTask withoutPositives(int y) {
    boolean[][] t = new boolean[n()][];
    for (int i = 0; i < n(); i++) {
      t[i] = targets[i].clone();
      t[i][y] = false;
    }
    return new FeatureTask(features, t, theta, labels);
  }
}
