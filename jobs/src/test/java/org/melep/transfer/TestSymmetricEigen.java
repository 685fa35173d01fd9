package org.melep.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The LAPACK eigen-decomposition (never forming its eigenvectors) against commons-math3's {@code
 * EigenDecomposition} of the same matrix, at sizes beyond LAPACK's block size (its blocked
 * tridiagonal reduction).
 */
class TestSymmetricEigen {

  /** {@code F^T F} of an n x d Gaussian F whose last {@code copies} columns repeat earlier ones. */
  private static double[][] gram(long seed, int n, int d, int copies) {
    Random r = new Random(seed);
    double[][] f = new double[n][d];
    for (double[] row : f) {
      for (int j = 0; j < d; j++) {
        row[j] = j >= d - copies ? 1.5 * row[j - (d - copies)] : r.nextGaussian() * (1 + j % 5);
      }
    }
    double[][] g = new double[d][d];
    for (double[] row : f) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          g[i][j] += row[i] * row[j];
        }
      }
    }
    return g;
  }

  private static double[] vector(long seed, int d) {
    Random r = new Random(seed);
    double[] b = new double[d];
    for (int j = 0; j < d; j++) {
      b[j] = r.nextGaussian();
    }
    return b;
  }

  @Test
  void valuesAndProjectionsMatchCommonsMath() {
    int d = 140;
    double[][] g = gram(1, 300, d, 0);
    SymmetricEigen eig = SymmetricEigen.of(g);
    EigenDecomposition oracle = new EigenDecomposition(new Array2DRowRealMatrix(g));
    double[] expected = oracle.getRealEigenvalues().clone();
    java.util.Arrays.sort(expected);
    double max = expected[d - 1];
    assertThat(eig.rank).isEqualTo(d);
    double[] b = vector(2, d);
    double[] p = eig.project(b);
    for (int k = 0; k < d; k++) {
      double value = expected[d - 1 - k];
      assertThat(Math.abs(eig.values[k] - value)).isLessThan(1e-12 * max);
      // the coordinate on the oracle's eigenvector of the same eigenvalue (up to sign)
      int index = -1;
      for (int m = 0; m < d; m++) {
        if (oracle.getRealEigenvalue(m) == value) {
          index = m;
        }
      }
      double q =
          oracle
              .getEigenvector(index)
              .dotProduct(new org.apache.commons.math3.linear.ArrayRealVector(b));
      assertThat(Math.abs(Math.abs(p[k]) - Math.abs(q))).isLessThan(1e-9);
    }
    double[] back = eig.combine(p);
    for (int j = 0; j < d; j++) {
      assertThat(Math.abs(back[j] - b[j])).isLessThan(1e-11);
    }
  }

  @Test
  void rankDeficientMatrixHasExactZeros() {
    int d = 140;
    double[][] g = gram(3, 200, d, 20);
    SymmetricEigen eig = SymmetricEigen.of(g);
    assertThat(eig.rank).isEqualTo(120);
    for (int k = 120; k < d; k++) {
      assertThat(eig.values[k]).isZero();
    }
    for (int k = 1; k < d; k++) {
      assertThat(eig.values[k]).isLessThanOrEqualTo(eig.values[k - 1]);
    }
    // b^T G b from the spectrum: sum_k values_k (v_k^T b)^2
    double[] b = vector(4, d);
    double[] p = eig.project(b);
    double fromSpectrum = 0;
    for (int k = 0; k < d; k++) {
      fromSpectrum += eig.values[k] * p[k] * p[k];
    }
    double direct = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        direct += b[i] * g[i][j] * b[j];
      }
    }
    assertThat(Math.abs(fromSpectrum - direct)).isLessThan(1e-10 * direct);
  }

  @Test
  void upperTriangleIsReadAndLeftUnchanged() {
    double[][] g = gram(5, 50, 6, 0);
    double[] upper = new double[36];
    for (int j = 0; j < 6; j++) {
      for (int i = 0; i < 6; i++) {
        // garbage below the diagonal: must not be read
        upper[i + j * 6] = i <= j ? g[i][j] : 1e6;
      }
    }
    double[] copy = upper.clone();
    SymmetricEigen eig = SymmetricEigen.ofUpper(upper, 6);
    assertThat(upper).isEqualTo(copy);
    assertThat(eig.values).containsExactly(SymmetricEigen.of(g).values);
    assertThat(SymmetricEigen.ofUpper(new double[0], 0).values).isEmpty();
    assertThatThrownBy(() -> SymmetricEigen.ofUpper(new double[5], 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> eig.project(new double[5]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
