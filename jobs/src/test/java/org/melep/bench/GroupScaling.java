package org.melep.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.melep.melep.ConditionalTables;
import org.melep.score.GroupIndex;
import org.melep.score.JointCountsBuffer;
import org.melep.score.PartitionJointCounts;
import org.melep.score.PartitionPhiSums;
import org.melep.score.PhiSumsBuffer;
import org.melep.score.ScoringInput;

/**
 * The partition loop of both passes (what one Spark task runs), on one thread, with 100 groups (10
 * folds of every record x 10 checkpoints) and with 1,000,000 groups (100,000 folds of 10 records x
 * 10 checkpoints) over the same 20,000 records: the time per (row, group) membership should not
 * depend on the number of groups.
 */
final class GroupScaling {
  static final int Y = 2;
  static final int Z = 4;
  static final int CHECKPOINTS = 10;
  static final int RECORDS = 20_000;

  private final int folds;
  private final List<ScoringInput> rows = new ArrayList<>();
  private final GroupIndex index;
  private long memberships;

  GroupScaling(int folds, int perFold, long seed) {
    this.folds = folds;
    Random r = new Random(seed);
    boolean[][] targets = new boolean[RECORDS][Y];
    for (int i = 0; i < RECORDS; i++) {
      for (int y = 0; y < Y; y++) {
        targets[i][y] = r.nextDouble() < 0.3;
      }
    }
    List<List<Integer>> foldsOf = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      foldsOf.add(new ArrayList<>());
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      ids.add(i);
    }
    for (int f = 0; f < folds; f++) {
      if (perFold >= RECORDS) {
        for (int i = 0; i < RECORDS; i++) {
          foldsOf.get(i).add(f);
        }
      } else {
        for (int k = 0; k < perFold; k++) {
          foldsOf.get(r.nextInt(RECORDS)).add(f);
        }
      }
    }
    int[][] membership = new int[RECORDS][];
    for (int i = 0; i < RECORDS; i++) {
      List<Integer> fs = new ArrayList<>(new java.util.TreeSet<>(foldsOf.get(i)));
      int[] pos = org.melep.melep.MelepCalculator.positiveIndices(targets[i]);
      int[] m = new int[fs.size() * (2 + pos.length)];
      int p = 0;
      for (int f : fs) {
        m[p++] = f;
        m[p++] = pos.length;
        for (int y : pos) {
          m[p++] = y;
        }
      }
      membership[i] = m;
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < CHECKPOINTS; c++) {
      names.add("c" + c);
      for (int i = 0; i < RECORDS; i++) {
        double[] theta = new double[Z];
        for (int z = 0; z < Z; z++) {
          theta[z] =
              org.melep.melep.ProbabilityCheck.sigmoid(
                  r.nextGaussian() + (targets[i][z % Y] ? 1 : -1));
        }
        ScoringInput row = new ScoringInput();
        row.setCheckpoint("c" + c);
        row.setRecordId("r" + i);
        row.setTheta(theta);
        row.setMemberships(membership[i]);
        rows.add(row);
        memberships +=
            membership[i].length
                / (2 + org.melep.melep.MelepCalculator.positiveIndices(targets[i]).length);
      }
    }
    Collections.shuffle(rows, r);
    index =
        new GroupIndex(Collections.nCopies(folds, Y), names, Collections.nCopies(CHECKPOINTS, Z));
  }

  /** {pass 1 ns, pass 2 ns, groups with states}. */
  long[] time(JavaSparkContext jsc) throws Exception {
    long t0 = CpuClock.thread();
    Iterator<JointCountsBuffer> one = new PartitionJointCounts(index).call(rows.iterator());
    ConditionalTables.Builder tables = ConditionalTables.builder(CHECKPOINTS * folds);
    long states = 0;
    while (one.hasNext()) {
      JointCountsBuffer b = one.next();
      tables.put(
          b.getCheckpointIndex() * folds + b.getFoldIndex(),
          b.getTargetLabels(),
          b.getSourceLabels(),
          b.getJoint());
      states++;
    }
    ConditionalTables built = tables.build();
    long t1 = CpuClock.thread();
    Broadcast<ConditionalTables> shipped = jsc.broadcast(built);
    long t2 = CpuClock.thread();
    Iterator<PhiSumsBuffer> two = new PartitionPhiSums(index, shipped).call(rows.iterator());
    double sink = 0;
    while (two.hasNext()) {
      sink += two.next().getLogSums()[0];
    }
    long t3 = CpuClock.thread();
    shipped.destroy();
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("NaN phi sums");
    }
    return new long[] {t1 - t0, t3 - t2, states};
  }

  /** The 1,000,000-group case alone, twice. */
  static void large(SparkSession spark) throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    GroupScaling g = new GroupScaling(100_000, 10, 4);
    for (int run = 0; run < 2; run++) {
      long[] t = g.time(jsc);
      System.out.printf(
          Locale.ROOT,
          "1,000,000 groups: pass 1 %.2f s, pass 2 %.2f s = %.1f ns per membership%n",
          t[0] / 1e9,
          t[1] / 1e9,
          (t[0] + t[1]) / (double) g.memberships);
    }
  }

  static void run(SparkSession spark) throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    System.out.printf(
        Locale.ROOT,
        "partition loop, 1 thread (CPU time), %d records x %d checkpoints, Y=%d, Z=%d (load %s):%n",
        RECORDS,
        CHECKPOINTS,
        Y,
        Z,
        LoadAverage.now());
    double[] perMembership = new double[2];
    String[] names = {
      "100 groups (10 folds of all records)", "1,000,000 groups (100,000 folds of 10 records)"
    };
    GroupScaling[] cases = {new GroupScaling(10, RECORDS, 3), null};
    cases[0].time(jsc); // warm-up
    for (int k = 0; k < 2; k++) {
      if (cases[k] == null) {
        cases[k] = new GroupScaling(100_000, 10, 4);
      }
      GroupScaling g = cases[k];
      long[] best = null;
      for (int run = 0; run < 2; run++) {
        long[] t = g.time(jsc);
        best =
            best == null ? t : new long[] {Math.min(best[0], t[0]), Math.min(best[1], t[1]), t[2]};
      }
      double ns = (best[0] + best[1]) / (double) g.memberships;
      perMembership[k] = ns;
      System.out.printf(
          Locale.ROOT,
          "  %-48s %,d groups with states, %,d (row, group) memberships: pass 1 %.2f s, pass 2 %.2f s = %.1f ns per membership%n",
          names[k],
          best[2],
          g.memberships,
          best[0] / 1e9,
          best[1] / 1e9,
          ns);
      cases[k] = k == 0 ? g : null;
    }
    System.out.printf(
        Locale.ROOT,
        "  1,000,000 groups vs 100 groups: %.2fx the time per membership (issue 16 asks: about the same)%n",
        perMembership[1] / perMembership[0]);
  }
}
