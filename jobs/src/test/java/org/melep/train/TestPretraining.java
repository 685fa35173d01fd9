package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.melep.labels.LabelSets;

/** Pretraining a small variant learns the simulated labels, reproducibly. */
class TestPretraining {

  @Test
  void smallResnetBeatsTheLabelPriorOnHeldOutRecords() {
    List<String> labels = LabelSets.defaults().labelSet("cpsc").labels();
    List<TrainRecord> records = TrainFixture.records("sim_cpsc", "cpsc", labels, 300, 3);
    TrainSettings s =
        TrainSettings.paper().withEpochs(3).withBatchSize(32).withThreads(2).withLearningRate(0.01);
    PretrainTask t = new PretrainTask(0, "r", "sim_cpsc", "resnet1d-small", "cpsc", labels, s);
    long t0 = System.nanoTime();
    PretrainOutcome o = Pretraining.run(t, records, Device.cpu());
    System.out.printf(
        "resnet1d-small: test weighted F1 %.3f (epoch %d) vs label prior %.3f, %d train / %d test, %.1f s%n",
        o.test().weightedF1(),
        o.bestEpoch(),
        o.priorBaselineF1(),
        o.nTrain(),
        o.nTest(),
        (System.nanoTime() - t0) / 1e9);
    System.out.println(o.curve());
    assertThat(o.ok()).isTrue();
    assertThat(o.test().weightedF1()).isGreaterThan(o.priorBaselineF1() + 0.15);
  }

  @Test
  void stratFoldsOneToEightTrainAndTenTests() {
    List<String> labels = LabelSets.defaults().labelSet("ptbxl").labels();
    List<TrainRecord> records = new java.util.ArrayList<>();
    for (TrainRecord r : TrainFixture.records("sim_ptbxl", "ptbxl", labels, 40, 4)) {
      int fold = records.size() % 10 + 1;
      records.add(
          new TrainRecord(
              r.recordId(), r.fs(), r.nSamples(), r.signal(), r.gain(), r.targets(), null, fold));
    }
    TrainSettings s = TrainSettings.paper().withEpochs(1).withBatchSize(16).withThreads(1);
    PretrainOutcome o =
        Pretraining.run(
            new PretrainTask(0, "b", "sim_ptbxl", "bilstm-small", "ptbxl", labels, s),
            records,
            Device.cpu());
    assertThat(o.split()).isEqualTo("strat_fold 1-8 train, 10 test");
    assertThat(o.nTrain()).isEqualTo(32);
    assertThat(o.nTest()).isEqualTo(4);
  }
}
