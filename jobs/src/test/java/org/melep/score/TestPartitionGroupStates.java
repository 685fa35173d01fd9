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
import org.melep.stats.JointCounts;

/**
 * The map-side partition loop without Spark: more rows than a chunk, more groups in a chunk than
 * its initial slot table, groups touched in some chunks only; every group's state equals the one
 * built directly from its own records.
 */
class TestPartitionGroupStates {

  @Test
  void everyGroupGetsExactlyItsOwnRecords() throws Exception {
    int folds = 300;
    int checkpoints = 3;
    int y = 2;
    int z = 3;
    int records = 5000; // more than two chunks per checkpoint
    Random r = new Random(12);
    List<ScoringInput> rows = new ArrayList<>();
    Map<Long, JointCounts> expected = new HashMap<>();
    List<String> names = List.of("a", "b", "c");
    for (int c = 0; c < checkpoints; c++) {
      for (int i = 0; i < records; i++) {
        double[] theta = new double[z];
        for (int k = 0; k < z; k++) {
          theta[k] = r.nextDouble();
        }
        List<Integer> m = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
          if (r.nextInt(100) < 3) {
            int[] pos =
                r.nextBoolean() ? new int[] {0, 1} : r.nextBoolean() ? new int[] {1} : new int[0];
            m.add(f);
            m.add(pos.length);
            for (int p : pos) {
              m.add(p);
            }
            expected
                .computeIfAbsent(GroupIndex.key(f, c), k -> JointCounts.empty(y, z))
                .add(theta, 0, pos, pos.length);
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
    Iterator<JointCountsBuffer> out = new PartitionJointCounts(index).call(rows.iterator());
    int seen = 0;
    while (out.hasNext()) {
      JointCountsBuffer b = out.next();
      JointCounts want = expected.get(GroupIndex.key(b.getFoldIndex(), b.getCheckpointIndex()));
      assertThat(want).isNotNull();
      JointCounts got = b.counts();
      assertThat(got.n()).isEqualTo(want.n());
      assertThat(got.positivesArray()).containsExactly(want.positivesArray());
      double[] g = got.jointArray();
      double[] w = want.jointArray();
      for (int k = 0; k < g.length; k++) {
        assertThat(Math.abs(g[k] - w[k])).isLessThanOrEqualTo(1e-12 * Math.max(1, w[k]));
      }
      seen++;
    }
    assertThat(seen).isEqualTo(expected.size()).isGreaterThan(500);
  }
}
