package org.melep.transfer.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.transfer.MetricResult;

/**
 * The finished metrics of one group as a Spark bean (computed where the group's state was merged,
 * so the eigen-decompositions run in parallel tasks, not on the driver). Per metric {@code i}:
 * {@code metrics[i]}, {@code averagings[i]}, {@code values[i]} (meaningful when {@code
 * defined[i]}), {@code statuses[i]}, and its per-label values at {@code perLabel[offsets[i] ..
 * offsets[i + 1])}.
 */
public class GroupMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<GroupMetrics> ENCODER = Encoders.bean(GroupMetrics.class);

  private int foldIndex;
  private int checkpointIndex;
  private long n;
  private long[] positives;
  private String[] metrics;
  private String[] averagings;
  private double[] values;
  private boolean[] defined;
  private String[] statuses;
  private double[] perLabel;
  private int[] offsets;

  public GroupMetrics() {}

  static GroupMetrics of(FeatureStatsBuffer b, List<MetricResult> results) {
    GroupMetrics g = new GroupMetrics();
    g.foldIndex = b.getFoldIndex();
    g.checkpointIndex = b.getCheckpointIndex();
    g.n = b.getN();
    g.positives = b.getPositives();
    int k = results.size();
    g.metrics = new String[k];
    g.averagings = new String[k];
    g.values = new double[k];
    g.defined = new boolean[k];
    g.statuses = new String[k];
    g.offsets = new int[k + 1];
    int total = 0;
    for (MetricResult r : results) {
      total += r.perLabel().length;
    }
    g.perLabel = new double[total];
    for (int i = 0; i < k; i++) {
      MetricResult r = results.get(i);
      g.metrics[i] = r.metric().id();
      g.averagings[i] = r.averaging();
      g.defined[i] = r.value() != null;
      g.values[i] = r.value() == null ? 0 : r.value();
      g.statuses[i] = r.status().text(); // the bean carries the text; Status.parse reads it back
      System.arraycopy(r.perLabel(), 0, g.perLabel, g.offsets[i], r.perLabel().length);
      g.offsets[i + 1] = g.offsets[i] + r.perLabel().length;
    }
    return g;
  }

  public int getFoldIndex() {
    return foldIndex;
  }

  public void setFoldIndex(int v) {
    foldIndex = v;
  }

  public int getCheckpointIndex() {
    return checkpointIndex;
  }

  public void setCheckpointIndex(int v) {
    checkpointIndex = v;
  }

  public long getN() {
    return n;
  }

  public void setN(long v) {
    n = v;
  }

  public long[] getPositives() {
    return positives;
  }

  public void setPositives(long[] v) {
    positives = v;
  }

  public String[] getMetrics() {
    return metrics;
  }

  public void setMetrics(String[] v) {
    metrics = v;
  }

  public String[] getAveragings() {
    return averagings;
  }

  public void setAveragings(String[] v) {
    averagings = v;
  }

  public double[] getValues() {
    return values;
  }

  public void setValues(double[] v) {
    values = v;
  }

  public boolean[] getDefined() {
    return defined;
  }

  public void setDefined(boolean[] v) {
    defined = v;
  }

  public String[] getStatuses() {
    return statuses;
  }

  public void setStatuses(String[] v) {
    statuses = v;
  }

  public double[] getPerLabel() {
    return perLabel;
  }

  public void setPerLabel(double[] v) {
    perLabel = v;
  }

  public int[] getOffsets() {
    return offsets;
  }

  public void setOffsets(int[] v) {
    offsets = v;
  }
}
