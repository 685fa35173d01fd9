package org.melep.melep;

/**
 * An independent, deliberately slow MELEP: the definition of {@code ../shared/MELEP-MATH.md} as a
 * plain loop over (y, z, i), with a logarithm per term and no shared code with the kernels. Tests
 * compare everything else against it. (Its only refinement over the literal formula: an argument
 * near 1 goes through {@code log1p} of its complement, so the reference keeps 1e-15 relative
 * precision where a well-predicted record's term is tiny; and every sum over records is a
 * Neumaier-compensated sum, so the reference does not carry the rounding of n additions.)
 */
public final class PlainLoopMelep {
  private PlainLoopMelep() {}

  /** phi[y][z]. */
  public static double[][] phi(double[][] theta, boolean[][] t) {
    int n = theta.length;
    int zn = theta[0].length;
    int yn = t[0].length;
    double[][] phi = new double[yn][zn];
    for (int y = 0; y < yn; y++) {
      for (int z = 0; z < zn; z++) {
        double[][] joint = new double[2][2]; // [t][s]
        double[][] jointLow = new double[2][2];
        for (int i = 0; i < n; i++) {
          int tv = t[i][y] ? 1 : 0;
          jointLow[tv][1] += neumaier(joint[tv], 1, theta[i][z] / n);
          jointLow[tv][0] += neumaier(joint[tv], 0, (1 - theta[i][z]) / n);
        }
        for (int tv = 0; tv < 2; tv++) {
          for (int s = 0; s < 2; s++) {
            joint[tv][s] += jointLow[tv][s];
          }
        }
        double[] marginal = {joint[0][0] + joint[1][0], joint[0][1] + joint[1][1]};
        double[] sum = {0};
        double low = 0;
        for (int i = 0; i < n; i++) {
          int tv = t[i][y] ? 1 : 0;
          double arg = 0;
          double complement = 0; // 1 - arg, from the other target value (exact: sum_t P(t|s) = 1)
          for (int s = 0; s < 2; s++) {
            double thetaS = s == 1 ? theta[i][z] : 1 - theta[i][z];
            arg += (marginal[s] > 0 ? joint[tv][s] / marginal[s] : 0) * thetaS;
            complement += (marginal[s] > 0 ? joint[1 - tv][s] / marginal[s] : 0) * thetaS;
          }
          // near 1, arg itself is only good to an ulp of 1: take log1p of the complement there
          low += neumaier(sum, 0, arg >= 0.5 ? StrictMath.log1p(-complement) : StrictMath.log(arg));
        }
        phi[y][z] = -(sum[0] + low) / n;
      }
    }
    return phi;
  }

  /** {@code acc[k] += x}; returns the rounding error of that addition (Neumaier's two-sum). */
  private static double neumaier(double[] acc, int k, double x) {
    double a = acc[k];
    double s = a + x;
    acc[k] = s;
    return Math.abs(a) >= Math.abs(x) ? (a - s) + x : (x - s) + a;
  }

  public static double[] perLabel(double[][] phi) {
    double[] m = new double[phi.length];
    for (int y = 0; y < phi.length; y++) {
      double s = 0;
      for (double v : phi[y]) {
        s += v;
      }
      m[y] = s / phi[y].length;
    }
    return m;
  }

  public static double melep(double[][] theta, boolean[][] t, Weighting w) {
    double[] m = perLabel(phi(theta, t));
    int n = t.length;
    int yn = m.length;
    double num = 0;
    double den = 0;
    for (int y = 0; y < yn; y++) {
      int pos = 0;
      for (boolean[] row : t) {
        pos += row[y] ? 1 : 0;
      }
      double weight =
          switch (w) {
            case CODE -> (double) pos / n;
            case PAPER -> (double) pos / (n - pos);
            case UNIFORM -> 1.0;
          };
      num += weight * m[y];
      den += weight;
    }
    return w == Weighting.CODE ? num / den : num / yn;
  }
}
