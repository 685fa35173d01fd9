package org.melep.train;

import java.io.Serializable;
import java.util.List;

/**
 * One corpus record as a training task receives it: the stored signal (int16 bytes and gains), its
 * 0/1 targets over the task's labels, and where it goes.
 *
 * @param split {@code train} or {@code test} for fold records; null for source records
 * @param stratFold PTB-XL's {@code strat_fold} (1-10), null elsewhere
 */
public record TrainRecord(
    String recordId,
    double fs,
    int nSamples,
    byte[] signal,
    double[] gain,
    float[] targets,
    String split,
    Integer stratFold)
    implements Serializable {

  /** 0/1 targets of {@code positives} over {@code labels}. */
  public static float[] targets(List<String> labels, List<String> positives) {
    float[] t = new float[labels.size()];
    for (int l = 0; l < t.length; l++) {
      t[l] = positives.contains(labels.get(l)) ? 1f : 0f;
    }
    return t;
  }
}
