package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.melep.PhiSums;

/**
 * The {@link PhiSums} of one group as a Spark bean: pass-2 partial state and aggregation buffer.
 */
public class PhiSumsBuffer extends SummedStateBuffer {
  private static final long serialVersionUID = 1L;

  public static final Encoder<PhiSumsBuffer> ENCODER = Encoders.bean(PhiSumsBuffer.class);

  private double[] logSums = new double[0];

  public PhiSumsBuffer() {}

  public static PhiSumsBuffer of(int foldIndex, int checkpointIndex, PhiSums s) {
    PhiSumsBuffer b = new PhiSumsBuffer();
    b.group(foldIndex, checkpointIndex);
    b.set(s);
    return b;
  }

  /** From a state's parts (the array not copied). */
  public static PhiSumsBuffer of(
      int foldIndex, int checkpointIndex, int y, int z, long n, double[] logSums) {
    PhiSumsBuffer b = new PhiSumsBuffer();
    b.group(foldIndex, checkpointIndex);
    b.shape(y, z, n);
    b.logSums = logSums;
    return b;
  }

  @Override
  double[] cells() {
    return logSums;
  }

  public PhiSums sums() {
    return PhiSums.of(getTargetLabels(), getSourceLabels(), getN(), logSums);
  }

  public void set(PhiSums s) {
    shape(s.targetLabels(), s.sourceLabels(), s.n());
    logSums = s.logSumsArray();
  }

  public double[] getLogSums() {
    return logSums;
  }

  public void setLogSums(double[] logSums) {
    this.logSums = logSums;
  }
}
