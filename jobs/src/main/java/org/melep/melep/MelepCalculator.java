package org.melep.melep;

import java.util.ArrayList;
import java.util.List;
import org.melep.stats.JointCounts;
import org.melep.status.Status;

/**
 * Step 4 to 6 of MELEP from the two mergeable states, and an in-memory two-pass computation for
 * small data. Implements {@code ../shared/MELEP-MATH.md} exactly. No Spark.
 */
public final class MelepCalculator {
  private MelepCalculator() {}

  /**
   * MELEP of one group from its finished states.
   *
   * @param labels the target label names, in index order (used to name a degenerate label)
   */
  public static MelepResult finish(
      List<String> labels, JointCounts counts, PhiSums sums, Weighting weighting) {
    int yn = counts.targetLabels();
    int zn = counts.sourceLabels();
    if (labels.size() != yn || sums.targetLabels() != yn || sums.sourceLabels() != zn) {
      throw new IllegalArgumentException(
          "Cannot finish MELEP: shapes differ: "
              + labels.size()
              + " labels, counts Y="
              + yn
              + " Z="
              + zn
              + ", sums Y="
              + sums.targetLabels()
              + " Z="
              + sums.sourceLabels());
    }
    if (sums.n() != counts.n()) {
      throw new IllegalStateException(
          "Cannot finish MELEP: pass 1 saw " + counts.n() + " records but pass 2 saw " + sums.n());
    }
    long n = counts.n();
    long[] positives = new long[yn];
    for (int y = 0; y < yn; y++) {
      positives[y] = counts.positives(y);
    }
    List<String> names = List.copyOf(labels);
    if (n == 0) {
      return new MelepResult(
          weighting, null, new double[0], 0, positives, names, Status.Degenerate.noRecords());
    }
    double[] m = perLabel(names, counts, sums);
    Status.Degenerate degenerate = degeneracy(names, counts, weighting);
    Double melep = degenerate == null ? aggregate(m, counts, weighting) : null;
    return new MelepResult(
        weighting, melep, m, n, positives, names, degenerate == null ? Status.ok() : degenerate);
  }

  /** {@code phi(y, z)} of a finished group. */
  public static double phi(PhiSums sums, int y, int z) {
    return -sums.logSum(y, z) / sums.n();
  }

  private static double[] perLabel(List<String> labels, JointCounts counts, PhiSums sums) {
    int yn = counts.targetLabels();
    int zn = counts.sourceLabels();
    double[] m = new double[yn];
    for (int y = 0; y < yn; y++) {
      double acc = 0;
      for (int z = 0; z < zn; z++) {
        double p = phi(sums, y, z);
        if (!Double.isFinite(p)) {
          throw new ArithmeticException(
              "Cannot compute MELEP: phi is "
                  + p
                  + " for target label '"
                  + labels.get(y)
                  + "' and source label #"
                  + z
                  + " (a logarithm of 0: please report this)");
        }
        acc += p;
      }
      m[y] = acc / zn;
    }
    return m;
  }

  /** Why the group cannot be aggregated under this weighting, or null. */
  private static Status.Degenerate degeneracy(
      List<String> labels, JointCounts counts, Weighting weighting) {
    List<String> noPositives = new ArrayList<>();
    List<String> noNegatives = new ArrayList<>();
    for (int y = 0; y < counts.targetLabels(); y++) {
      if (counts.positives(y) == 0) {
        noPositives.add(labels.get(y));
      }
      if (counts.negatives(y) == 0) {
        noNegatives.add(labels.get(y));
      }
    }
    if (!noPositives.isEmpty()) {
      return new Status.Degenerate(Status.Lack.POSITIVES, noPositives, Status.Wording.MELEP);
    }
    if (weighting == Weighting.PAPER && !noNegatives.isEmpty()) {
      return new Status.Degenerate(Status.Lack.NEGATIVES, noNegatives, Status.Wording.MELEP);
    }
    return null;
  }

  private static double aggregate(double[] m, JointCounts counts, Weighting weighting) {
    int yn = m.length;
    double n = counts.n();
    switch (weighting) {
      case CODE:
        {
          double num = 0;
          double den = 0;
          for (int y = 0; y < yn; y++) {
            double w = counts.positives(y) / n;
            num += w * m[y];
            den += w;
          }
          return num / den;
        }
      case PAPER:
        {
          double acc = 0;
          for (int y = 0; y < yn; y++) {
            acc += ((double) counts.positives(y) / counts.negatives(y)) * m[y];
          }
          return acc / yn;
        }
      case UNIFORM:
        {
          double acc = 0;
          for (double v : m) {
            acc += v;
          }
          return acc / yn;
        }
      default:
        throw new IllegalArgumentException("Cannot aggregate: unknown weighting " + weighting);
    }
  }

  /**
   * Both passes in memory: {@code theta} is records x Z probabilities, {@code targets} records x Y
   * in {0,1}. Validates every probability.
   */
  public static MelepResult compute(
      List<String> labels, double[][] theta, boolean[][] targets, Weighting weighting) {
    int n = theta.length;
    if (targets.length != n) {
      throw new IllegalArgumentException(
          "Cannot compute MELEP: " + n + " prediction rows but " + targets.length + " target rows");
    }
    int zn = n == 0 ? 1 : theta[0].length;
    int yn = labels.size();
    JointCounts counts = JointCounts.empty(yn, zn);
    int[][] positives = new int[n][];
    for (int i = 0; i < n; i++) {
      ProbabilityCheck.requireProbabilities(theta[i], zn, "record #" + i);
      if (targets[i].length != yn) {
        throw new IllegalArgumentException(
            "Cannot compute MELEP: record #"
                + i
                + " has "
                + targets[i].length
                + " targets, expected "
                + yn);
      }
      positives[i] = positiveIndices(targets[i]);
      counts.add(theta[i], 0, positives[i], positives[i].length);
    }
    ConditionalTable table = ConditionalTable.from(counts);
    PhiSums sums = PhiSums.empty(yn, zn);
    for (int i = 0; i < n; i++) {
      sums.add(table, theta[i], 0, positives[i], positives[i].length);
    }
    return finish(labels, counts, sums, weighting);
  }

  /** The ascending indices of the true entries. */
  public static int[] positiveIndices(boolean[] targets) {
    int count = 0;
    for (boolean b : targets) {
      if (b) {
        count++;
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int y = 0; y < targets.length; y++) {
      if (targets[y]) {
        out[k++] = y;
      }
    }
    return out;
  }
}
