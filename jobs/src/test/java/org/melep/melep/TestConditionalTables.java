package org.melep.melep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.melep.stats.JointCounts;
import org.melep.stats.JointCountsSlab;

/**
 * The flat broadcast tables and the flat per-partition states against their one-group counterparts:
 * {@link ConditionalTables} gives exactly {@link ConditionalTable#from}; {@link JointCountsSlab}
 * and {@link PhiSumsSlab}, fed in runs of varying length, give {@link JointCounts} and {@link
 * PhiSums} (same error bound) on a skewed million-record group.
 */
class TestConditionalTables {

  private static JointCounts counts(int y, int z, int records, Random r) {
    JointCounts c = JointCounts.empty(y, z);
    double[] theta = new double[z];
    for (int i = 0; i < records; i++) {
      for (int k = 0; k < z; k++) {
        theta[k] = r.nextDouble();
      }
      int[] pos = r.nextBoolean() ? new int[] {0} : new int[] {y - 1};
      c.add(theta, 0, pos, pos.length);
    }
    return c;
  }

  @Test
  void flatTablesEqualTheTableOfEachGroup() {
    Random r = new Random(1);
    JointCounts a = counts(3, 5, 200, r);
    JointCounts b = counts(2, 7, 50, r);
    ConditionalTables t = ConditionalTables.builder(4).put(1, a).put(3, b).build();
    assertThat(t.groups()).isEqualTo(4);
    assertThat(t.has(0)).isFalse();
    assertThat(t.has(1)).isTrue();
    assertThat(t.targetLabels(3)).isEqualTo(2);
    assertThat(t.sourceLabels(3)).isEqualTo(7);
    for (int[] g : new int[][] {{1, 3, 5}, {3, 2, 7}}) {
      ConditionalTable want = ConditionalTable.from(g[0] == 1 ? a : b);
      ConditionalTable got = t.table(g[0]);
      for (int y = 0; y < g[1]; y++) {
        for (int z = 0; z < g[2]; z++) {
          for (int tt = 0; tt < 2; tt++) {
            for (int s = 0; s < 2; s++) {
              assertThat(got.conditional(y, z, tt, s)).isEqualTo(want.conditional(y, z, tt, s));
            }
          }
        }
      }
    }
    assertThatThrownBy(() -> t.table(0)).hasMessageContaining("no pass-1 table for group #0");
    assertThatThrownBy(() -> ConditionalTables.builder(2).put(0, a).put(0, a))
        .hasMessageContaining("second table for group #0");
  }

  @Test
  void slabsEqualTheOneGroupStatesOnSkewedData() {
    int y = 2;
    int z = 3;
    int records = 1_000_000;
    Random r = new Random(2);
    double[] theta = new double[records * z];
    long[] encoded = new long[records];
    JointCounts want = JointCounts.empty(y, z);
    for (int i = 0; i < records; i++) {
      for (int k = 0; k < z; k++) { // saturated outputs
        theta[i * z + k] = k == 0 ? 1 - 1e-12 * r.nextDouble() : r.nextDouble();
      }
      int mask = r.nextDouble() < 0.999 ? 1 : 2; // label 0 at prevalence 0.999
      int[] pos = mask == 1 ? new int[] {0} : new int[] {1};
      want.add(theta, i * z, pos, 1);
      encoded[i] = (long) (i * z) << 32 | mask;
    }
    JointCountsSlab slab = new JointCountsSlab();
    int other = slab.open(1, 1);
    int slot = slab.open(y, z);
    for (int from = 0, run = 1; from < records; run = run * 3 % 1000 + 1) {
      int to = Math.min(records, from + run);
      slab.add(slot, theta, new int[0], encoded, from, to);
      from = to;
    }
    assertThat(slab.n(other)).isZero();
    JointCounts got = slab.counts(slot);
    assertThat(got.n()).isEqualTo(want.n());
    assertThat(got.positivesArray()).containsExactly(want.positivesArray());
    double[] g = got.jointArray();
    double[] w = want.jointArray();
    for (int k = 0; k < g.length; k++) {
      assertThat(Math.abs(g[k] - w[k])).isLessThanOrEqualTo(1e-13 * w[k]);
    }

    ConditionalTable table = ConditionalTable.from(want);
    ConditionalTables tables = ConditionalTables.builder(1).put(0, want).build();
    PhiSums sums = PhiSums.empty(y, z);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      int[] pos = (int) encoded[i] == 1 ? new int[] {0} : new int[] {1};
      sums.add(table, theta, i * z, pos, 1);
    }
    PhiSumsSlab phi = new PhiSumsSlab();
    int p = phi.open(y, z);
    for (int from = 0, run = 1; from < n; run = run * 7 % 500 + 1) {
      int to = Math.min(n, from + run);
      phi.add(p, tables, 0, theta, new int[0], encoded, from, to);
      from = to;
    }
    assertThat(phi.n(p)).isEqualTo(n);
    double[] gs = phi.logSumsArray(p);
    double[] ws = sums.logSumsArray();
    for (int k = 0; k < gs.length; k++) {
      assertThat(Math.abs(gs[k] - ws[k])).isLessThanOrEqualTo(1e-12 * Math.abs(ws[k]));
    }
  }
}
