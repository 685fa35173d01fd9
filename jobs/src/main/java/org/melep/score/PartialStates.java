package org.melep.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;

/**
 * Merges the partial group states the tasks of a pass emit (one per group a task touched): on the
 * driver, as they arrive, when all of them together are small enough ({@link #mergeOnDriver}); else
 * with a Spark aggregation by group (one shuffle of the states, never of the prediction rows) and
 * the pass's {@link Aggregator#merge}. On the driver the states are added into the first one's own
 * arrays by a compensated sum ({@link SummedStateBuffer#mergeInPlace}): no new arrays per merge,
 * and within an ulp or so of the aggregator's result.
 */
final class PartialStates {
  /** The most bytes of partial states merged on the driver (default 256 MB; 0: always Spark). */
  static final String BYTES_PROPERTY = "melep.score.driverMergeBytes";

  static final long DEFAULT_BYTES = 256L << 20;

  private PartialStates() {}

  /**
   * Whether the partial states of every group from every task (an upper bound) fit under {@value
   * #BYTES_PROPERTY} and under half of {@code spark.driver.maxResultSize}.
   */
  static boolean mergeOnDriver(SparkSession spark, int tasks, GroupIndex index) {
    long limit = Long.getLong(BYTES_PROPERTY, DEFAULT_BYTES);
    long maxResult =
        spark.sparkContext().getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    if (maxResult > 0) {
      limit = Math.min(limit, maxResult / 2);
    }
    return limit > 0 && (double) tasks * stateBytes(index) <= limit;
  }

  /**
   * Bytes of one state of every group, bounded above: both passes' states hold a few doubles per
   * (target label, source label) and per label, plus a row's overhead.
   */
  static double stateBytes(GroupIndex index) {
    double z = 0;
    for (int c = 0; c < index.checkpoints(); c++) {
      z += index.sourceLabels(c);
    }
    double total = 0;
    for (int f = 0; f < index.folds(); f++) {
      int y = index.targetLabels(f);
      total +=
          8.0 * (4.0 * y * z + 2.0 * (y + 1) * index.checkpoints() + z)
              + 96.0 * index.checkpoints();
    }
    return total;
  }

  /**
   * One merged state per group that any task touched: {@code loop} runs over each partition of
   * {@code rows}; on the driver, each task's states come back as one list (serialized by Spark's
   * serializer, their arrays in bulk, no encoder) and are merged there, in place.
   */
  static <T, B extends SummedStateBuffer> List<B> merge(
      Dataset<T> rows,
      MapPartitionsFunction<T, B> loop,
      Aggregator<B, B, B> aggregator,
      Encoder<B> encoder,
      boolean onDriver) {
    if (onDriver) {
      Map<Long, B> merged = new HashMap<>();
      for (ArrayList<B> task :
          rows.javaRDD()
              .mapPartitions(
                  (FlatMapFunction<Iterator<T>, ArrayList<B>>)
                      it -> {
                        ArrayList<B> states = new ArrayList<>();
                        loop.call(it).forEachRemaining(states::add);
                        return List.of(states).iterator();
                      })
              .collect()) {
        for (B b : task) {
          merged.merge(
              GroupIndex.key(b.getFoldIndex(), b.getCheckpointIndex()),
              b,
              (into, other) -> {
                // an identity state (the loops emit none) takes the other's arrays
                if (!into.isShaped()) {
                  return other;
                }
                into.mergeInPlace(other);
                return into;
              });
        }
      }
      List<B> out = new ArrayList<>(merged.values());
      out.forEach(SummedStateBuffer::finishMerge);
      return out;
    }
    List<B> out = new ArrayList<>();
    for (Tuple2<Long, B> g :
        rows.mapPartitions(loop, encoder)
            .groupByKey(
                (MapFunction<B, Long>)
                    b -> GroupIndex.key(b.getFoldIndex(), b.getCheckpointIndex()),
                Encoders.LONG())
            .agg(aggregator.toColumn())
            .collectAsList()) {
      out.add(g._2());
    }
    return out;
  }
}
