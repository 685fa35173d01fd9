package org.melep.report.stats;

import org.melep.melep.Weighting;

/**
 * MELEP of a checkpoint whose outputs are constant ({@code theta[i][z] = c_z} for every record): it
 * depends on the fold's label prevalences alone. With constant outputs the expected joint table
 * factorises, {@code P_yz(t, s) = P(t) theta_z,s}, so {@code P(t | s) = P(t)} whatever s is, and
 * step 4 gives {@code phi(y, z) = -(1/n) sum_i log P(t_iy) = H(p_y)}, the binary entropy (nats) of
 * the prevalence {@code p_y = pos_y / n}, for every z. Hence {@code m_y = H(p_y)} and MELEP is the
 * weighting's mean of the entropies. Undefined (null) where MELEP is degenerate: a label without
 * positives, or, for the paper weighting, without negatives.
 */
public final class LabelOnlyScore {
  private LabelOnlyScore() {}

  public static Double melep(long n, long[] positives, Weighting weighting) {
    if (n <= 0 || positives.length == 0) {
      return null;
    }
    double num = 0;
    double den = 0;
    for (long pos : positives) {
      if (pos < 0 || pos > n) {
        throw new IllegalArgumentException(
            "Cannot compute the label-only score: " + pos + " positives of " + n + " records");
      }
      if (pos == 0 || (weighting == Weighting.PAPER && pos == n)) {
        return null;
      }
      double p = (double) pos / n;
      double w;
      switch (weighting) {
        case CODE:
          w = p;
          break;
        case PAPER:
          w = (double) pos / (n - pos);
          break;
        default:
          w = 1.0;
      }
      num += w * binaryEntropy(p);
      den += weighting == Weighting.PAPER ? 1.0 : w;
    }
    return num / den;
  }

  /** {@code -p log p - (1-p) log(1-p)} in nats, 0 at p = 0 and p = 1. */
  public static double binaryEntropy(double p) {
    double h = 0;
    if (p > 0) {
      h -= p * Math.log(p);
    }
    if (p < 1) {
      h -= (1 - p) * Math.log1p(-p);
    }
    return h;
  }
}
