package org.melep.train;

import java.util.Comparator;
import java.util.List;
import org.melep.inference.BatchBuilder;
import org.melep.zoo.InputContract;

/** Decodes a task's records into {@link Examples} as a checkpoint's input contract says. */
public final class RecordExamples {
  private RecordExamples() {}

  /** Sorts by record id (a fixed order whatever order Spark delivered them in). */
  public static void sort(List<TrainRecord> records) {
    records.sort(Comparator.comparing(TrainRecord::recordId));
  }

  /** The records in list order; throws an {@code InferenceException} naming a bad record. */
  public static Examples decode(
      String checkpoint, InputContract contract, List<TrainRecord> records, int labels) {
    BatchBuilder one = new BatchBuilder(checkpoint, contract, 1);
    int size = contract.leads().size() * contract.samples();
    float[] x = new float[records.size() * size];
    float[] y = new float[records.size() * labels];
    for (int i = 0; i < records.size(); i++) {
      TrainRecord r = records.get(i);
      one.clear();
      one.add(r.recordId(), r.fs(), r.nSamples(), r.signal(), r.gain());
      System.arraycopy(one.values(), 0, x, i * size, size);
      System.arraycopy(r.targets(), 0, y, i * labels, labels);
    }
    return new Examples(x, y, records.size(), size, labels);
  }
}
