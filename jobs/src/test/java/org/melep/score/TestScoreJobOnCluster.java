package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.melep.melep.Weighting;
import org.melep.spark.LocalClusterSessions;

/** 50 folds x 6 checkpoints in one job on real executor JVMs, checked group by group. */
class TestScoreJobOnCluster {

  @Test
  void scoresFiftyFoldsAndSixCheckpointsLikeThePlainLoop() {
    SparkSession spark = LocalClusterSessions.builder("melep-score-cluster", 1).getOrCreate();
    try {
      ScoringFixture fx = new ScoringFixture(42, 400, 6, 50, 100);
      ScoreResult r =
          ScoreJob.on(spark)
              .predictions(fx.predictions(spark, 4))
              .targets(fx.targets(spark))
              .folds(fx.folds(spark))
              .execute();
      List<Row> rows = r.scores().collectAsList();
      assertThat(rows).hasSize(300);
      for (Row row : rows) {
        int fold = Integer.parseInt(row.getAs("fold_id"));
        double expected = fx.expected(fold, row.getAs("checkpoint"), Weighting.CODE);
        assertThat(row.<String>getAs("status")).isEqualTo("ok");
        assertThat(Math.abs(row.<Double>getAs("melep") - expected))
            .isLessThanOrEqualTo(1e-12 * expected);
      }
      assertThat(r.summary().groupsOk()).isEqualTo(300);
      assertThat(spark.sparkContext().getExecutorMemoryStatus().size())
          .isEqualTo(3); // driver + 2 executors
    } finally {
      spark.stop();
    }
  }
}
