package org.melep.train;

import java.util.ArrayList;
import java.util.List;
import org.melep.labels.LabelSets;
import org.melep.simulate.RecordGenerator;
import org.melep.simulate.SimulatedRecord;
import org.melep.simulate.SimulationConfig;

/** Simulated records as training tasks receive them. */
final class TrainFixture {
  private TrainFixture() {}

  /**
   * {@code n} records of the simulated dataset, targets over {@code labels} of {@code labelSet}.
   */
  static List<TrainRecord> records(
      String dataset, String labelSet, List<String> labels, int n, long seed) {
    RecordGenerator gen =
        new RecordGenerator(
            SimulationConfig.embedded().withDatasets(dataset), LabelSets.defaults(), seed);
    double[] gains = new double[12];
    java.util.Arrays.fill(gains, org.melep.corpus.EcgSignal.DEFAULT_GAIN);
    List<TrainRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SimulatedRecord r = gen.generate(i);
      out.add(
          new TrainRecord(
              r.recordId(),
              r.fs(),
              r.nSamples(),
              r.signal(),
              gains,
              TrainRecord.targets(labels, r.labels().get(labelSet)),
              null,
              null));
    }
    return out;
  }
}
