package org.melep.melep;

/**
 * The pass-2 inner loop: adds one record's terms {@code log(P(t_iy|0) * (1 - theta_iz) + P(t_iy|1)
 * * theta_iz)} to the Y x Z sums of a group. Two implementations compute the same terms: {@link
 * ScalarPhiKernel} (a {@code Math.log} per term) and {@code SimdPhiKernel} (a vectorised logarithm,
 * needs the JVM option {@code --add-modules jdk.incubator.vector}); {@link PhiKernels#best()} picks
 * one once per JVM.
 */
public interface PhiKernel {

  /**
   * {@code sums[y * Z + z] += log(...)} for one record: {@code theta[offset .. offset+Z)}, positive
   * target labels {@code positives[from .. from+count)} sorted ascending and unique.
   */
  void add(
      double[] sums,
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positives,
      int from,
      int count);

  /**
   * Adds {@code r} records at once: record j has {@code theta[j*Z .. j*Z+Z)} and positives {@code
   * positives[j*Y .. j*Y+counts[j])}. The default adds them one by one; a kernel may take one
   * logarithm of the product of their arguments per (y, z) (the same sum: {@code log a + log b =
   * log ab}).
   */
  default void addRecords(
      double[] sums, ConditionalTable table, double[] theta, int[] positives, int[] counts, int r) {
    int yn = table.targetLabels();
    int zn = table.sourceLabels();
    for (int j = 0; j < r; j++) {
      add(sums, table, theta, j * zn, positives, j * yn, counts[j]);
    }
  }

  /**
   * How many records {@link #addRecords} takes at once to advantage for this table (1: nothing to
   * gain from holding records back; {@code PhiSums} then calls {@link #add} directly).
   */
  default int batch(ConditionalTable table) {
    return 1;
  }

  /** {@code scalar} or {@code simd}, for logs and benchmarks. */
  String name();
}
