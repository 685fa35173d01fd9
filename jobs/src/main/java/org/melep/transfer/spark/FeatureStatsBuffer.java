package org.melep.transfer.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.score.GroupStateBuffer;
import org.melep.transfer.FeatureStats;

/**
 * The {@link FeatureStats} of one (fold, checkpoint) group as a Spark bean: what a partition emits
 * and the buffer of {@link FeatureStatsAggregator}. The Gram matrix travels as its packed upper
 * triangle (D (D + 1) / 2 values). The group and its shape are {@link GroupStateBuffer}'s; an
 * unshaped bean is the identity of merge.
 */
public class FeatureStatsBuffer extends GroupStateBuffer {
  private static final long serialVersionUID = 1L;

  public static final Encoder<FeatureStatsBuffer> ENCODER = Encoders.bean(FeatureStatsBuffer.class);

  private int features;
  private boolean withGram;
  private long[] positives = new long[0];
  private double[] sumF = new double[0];
  private double[] sumSq = new double[0];
  private double[] posSum = new double[0];
  private double[] posSumSq = new double[0];
  private double[] gramPacked = new double[0];
  private double quartic;
  private double[] normWeighted = new double[0];
  private long[] ones = new long[0];
  private long[] both = new long[0];

  public FeatureStatsBuffer() {}

  public static FeatureStatsBuffer of(int fold, int checkpoint, FeatureStats s) {
    FeatureStatsBuffer b = new FeatureStatsBuffer();
    b.setFoldIndex(fold);
    b.setCheckpointIndex(checkpoint);
    b.set(s);
    return b;
  }

  /** A state rebuilt from this bean (the Gram matrix unpacked; other arrays shared). */
  public FeatureStats stats() {
    int d = features;
    double[] gram = new double[withGram ? d * d : 0];
    if (withGram) {
      int k = 0;
      for (int j = 0; j < d; j++) {
        for (int i = 0; i <= j; i++) {
          gram[i + j * d] = gramPacked[k++];
        }
      }
    }
    return FeatureStats.of(
        d,
        getTargetLabels(),
        getSourceLabels(),
        withGram,
        getN(),
        positives,
        sumF,
        sumSq,
        posSum,
        posSumSq,
        gram,
        quartic,
        normWeighted,
        ones,
        both);
  }

  public void set(FeatureStats s) {
    s.flush();
    features = s.features();
    setTargetLabels(s.targetLabels());
    setSourceLabels(s.sourceLabels());
    withGram = s.withGram();
    setN(s.n());
    positives = s.positivesArray();
    sumF = s.sumFArray();
    sumSq = s.sumSqArray();
    posSum = s.posSumArray();
    posSumSq = s.posSumSqArray();
    quartic = s.quartic();
    normWeighted = s.normWeightedArray();
    ones = s.onesArray();
    both = s.bothArray();
    int d = features;
    double[] full = s.gramArray();
    gramPacked = new double[withGram ? d * (d + 1) / 2 : 0];
    if (withGram) {
      int k = 0;
      for (int j = 0; j < d; j++) {
        for (int i = 0; i <= j; i++) {
          gramPacked[k++] = full[i + j * d];
        }
      }
    }
  }

  public int getFeatures() {
    return features;
  }

  public void setFeatures(int v) {
    features = v;
  }

  public boolean isWithGram() {
    return withGram;
  }

  public void setWithGram(boolean v) {
    withGram = v;
  }

  public long[] getPositives() {
    return positives;
  }

  public void setPositives(long[] v) {
    positives = v;
  }

  public double[] getSumF() {
    return sumF;
  }

  public void setSumF(double[] v) {
    sumF = v;
  }

  public double[] getSumSq() {
    return sumSq;
  }

  public void setSumSq(double[] v) {
    sumSq = v;
  }

  public double[] getPosSum() {
    return posSum;
  }

  public void setPosSum(double[] v) {
    posSum = v;
  }

  public double[] getPosSumSq() {
    return posSumSq;
  }

  public void setPosSumSq(double[] v) {
    posSumSq = v;
  }

  public double[] getGramPacked() {
    return gramPacked;
  }

  public void setGramPacked(double[] v) {
    gramPacked = v;
  }

  public double getQuartic() {
    return quartic;
  }

  public void setQuartic(double v) {
    quartic = v;
  }

  public double[] getNormWeighted() {
    return normWeighted;
  }

  public void setNormWeighted(double[] v) {
    normWeighted = v;
  }

  public long[] getOnes() {
    return ones;
  }

  public void setOnes(long[] v) {
    ones = v;
  }

  public long[] getBoth() {
    return both;
  }

  public void setBoth(long[] v) {
    both = v;
  }
}
