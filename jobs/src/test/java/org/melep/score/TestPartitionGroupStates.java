package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.melep.melep.ConditionalTable;
import org.melep.melep.ConditionalTables;
import org.melep.melep.PhiSums;
import org.melep.stats.JointCounts;

/**
 * The map-side partition loop of both passes without Spark: more rows than a chunk, more groups in
 * a chunk than its initial slot table, groups touched in some chunks only, groups of more than a
 * block of records (compensated totals), and a run with far more groups than rows per group (the
 * chunks grow, as they do when the states outweigh the rows); every group's state equals the one
 * built directly from its own records with {@link JointCounts} and {@link PhiSums}.
 */
class TestPartitionGroupStates {

  @Test
  void everyGroupGetsExactlyItsOwnRecords() throws Exception {
    // 300 groups (states of 4,500 cells, fewer than a chunk's 10,240 values: the chunks keep their
    // first size), ~60 rows per group and chunk, ~1,500 records per group
    check(100, 3, 5000, 9, 3, 12);
  }

  @Test
  void chunksGrowWhenGroupsGetFewRowsOrLargeStates() {
    int first = PartitionGroupStates.FIRST_CHUNK_ROWS;
    int max = PartitionGroupStates.MAX_CHUNK_ROWS;
    // 300 groups of 3 x 5 labels, 61 pairs each, 2,048 rows of 5 values: stays
    assertThat(PartitionGroupStates.nextChunkRows(first, 18_400, 300, 4_500, 10_240))
        .isEqualTo(first);
    // fewer than 8 pairs per group: grows
    assertThat(PartitionGroupStates.nextChunkRows(first, 7 * 300, 300, 4_500, 10_240))
        .isEqualTo(max);
    // 10,000 groups of 10 x 20 labels, 20 pairs each, 2,048 rows of 20 values: the states outweigh
    // the rows, grows
    assertThat(PartitionGroupStates.nextChunkRows(first, 204_800, 10_000, 2_000_000, 40_960))
        .isEqualTo(max);
    // once grown, stays grown
    assertThat(PartitionGroupStates.nextChunkRows(max, 18_400, 300, 4_500, 10_240)).isEqualTo(max);
  }

  @Test
  void manySmallGroupsGrowTheChunks() throws Exception {
    // 12,000 groups of about 2.5 rows (6,000 rows, 30,000 memberships): the first chunk's groups
    // get ~1 row each
    check(4_000, 3, 2000, 5, 3, 13);
  }

  @Test
  void fewLargeGroupsUseCompensatedTotals() throws Exception {
    check(4, 2, 6000, 3, 3, 14); // ~4,000 records per group, over several chunks
  }

  @Test
  void foldsOfMoreThan32LabelsListTheirPositives() throws Exception {
    check(50, 2, 800, 5, 40, 15); // positives beyond a 32-bit mask
  }

  /**
   * Folds x checkpoints groups of Y target labels; each record joins up to perRecord folds, at
   * random.
   */
  private static void check(
      int folds, int checkpoints, int records, int perRecord, int y, long seed) throws Exception {
    int z = 5;
    Random r = new Random(seed);
    List<ScoringInput> rows = new ArrayList<>();
    Map<Integer, JointCounts> expected = new HashMap<>();
    Map<Integer, List<Object[]>> members = new HashMap<>(); // group -> (theta, positives)
    List<String> names = new ArrayList<>();
    for (int c = 0; c < checkpoints; c++) {
      names.add("ck" + c);
    }
    for (int c = 0; c < checkpoints; c++) {
      for (int i = 0; i < records; i++) {
        double[] theta = new double[z];
        for (int k = 0; k < z; k++) {
          theta[k] = r.nextDouble() < 0.2 ? 1 - 1e-9 * r.nextDouble() : r.nextDouble();
        }
        List<Integer> m = new ArrayList<>();
        java.util.TreeSet<Integer> in = new java.util.TreeSet<>();
        for (int j = 0; j < perRecord; j++) {
          in.add(r.nextInt(folds));
        }
        for (int f : in) {
          {
            int[] pos =
                r.nextBoolean()
                    ? new int[] {0, y - 1}
                    : r.nextBoolean() ? new int[] {1} : new int[0];
            m.add(f);
            m.add(pos.length);
            for (int p : pos) {
              m.add(p);
            }
            int g = c * folds + f;
            expected
                .computeIfAbsent(g, k -> JointCounts.empty(y, z))
                .add(theta, 0, pos, pos.length);
            members.computeIfAbsent(g, k -> new ArrayList<>()).add(new Object[] {theta, pos});
          }
        }
        ScoringInput row = new ScoringInput();
        row.setCheckpoint(names.get(c));
        row.setRecordId("r" + i);
        row.setTheta(theta);
        row.setMemberships(m.stream().mapToInt(Integer::intValue).toArray());
        rows.add(row);
      }
    }
    Collections.shuffle(rows, r);
    GroupIndex index =
        new GroupIndex(Collections.nCopies(folds, y), names, Collections.nCopies(checkpoints, z));

    Iterator<JointCountsBuffer> one = new PartitionJointCounts(index).call(rows.iterator());
    ConditionalTables.Builder tables = ConditionalTables.builder(checkpoints * folds);
    int seen = 0;
    double worst = 0;
    while (one.hasNext()) {
      JointCountsBuffer b = one.next();
      int g = b.getCheckpointIndex() * folds + b.getFoldIndex();
      JointCounts want = expected.get(g);
      assertThat(want).isNotNull();
      JointCounts got = b.counts();
      assertThat(got.n()).isEqualTo(want.n());
      assertThat(got.positivesArray()).containsExactly(want.positivesArray());
      double[] gj = got.jointArray();
      double[] wj = want.jointArray();
      for (int k = 0; k < gj.length; k++) {
        worst = Math.max(worst, Math.abs(gj[k] - wj[k]) / Math.max(1, wj[k]));
      }
      tables.put(g, y, z, b.getJoint());
      seen++;
    }
    assertThat(seen).isEqualTo(expected.size());
    assertThat(worst).isLessThanOrEqualTo(1e-13);

    ConditionalTables built = tables.build();
    Iterator<PhiSumsBuffer> two = new PartitionPhiSums(index, built).call(rows.iterator());
    int summed = 0;
    double worstSums = 0;
    while (two.hasNext()) {
      PhiSumsBuffer b = two.next();
      int g = b.getCheckpointIndex() * folds + b.getFoldIndex();
      ConditionalTable table = ConditionalTable.from(expected.get(g));
      PhiSums want = PhiSums.empty(y, z);
      for (Object[] rec : members.get(g)) {
        int[] pos = (int[]) rec[1];
        want.add(table, (double[]) rec[0], 0, pos, pos.length);
      }
      assertThat(b.getN()).isEqualTo(want.n());
      double[] gs = b.getLogSums();
      double[] ws = want.logSumsArray();
      for (int k = 0; k < gs.length; k++) {
        worstSums = Math.max(worstSums, Math.abs(gs[k] - ws[k]) / Math.max(1, -ws[k]));
      }
      summed++;
    }
    assertThat(summed).isEqualTo(expected.size());
    assertThat(worstSums).isLessThanOrEqualTo(1e-12);
  }
}
