package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.melep.labels.LabelSets;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.model.Weights;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;

/** Head-mode fine-tuning computes the frozen body's features once per (fold, checkpoint). */
class TestFeatureCache {
  private static final List<String> LABELS = List.of("NORM", "AF", "IAVB");

  @Test
  void theSeedsOfOnePairShareTheFeaturesAndGetTheResultsOfAnUncachedRun() {
    List<String> cpsc = LabelSets.defaults().labelSet("cpsc").labels();
    Architecture a = Architectures.named("resnet1d-small", cpsc.size());
    Weights w = a.randomWeights(3);
    CheckpointSpec spec =
        new CheckpointSpec(
            "resnet1d-small-sim_cpsc",
            "memory:x",
            "x",
            ModelFormat.DJL,
            Pretraining.CONTRACT,
            CheckpointSpec.OutputKind.LOGITS,
            cpsc,
            a);
    List<TrainRecord> records = foldRecords(60);
    TrainSettings s = TrainSettings.paper().withEpochs(3).withBatchSize(16);
    FeatureCache cache = new FeatureCache(1L << 30);
    FeatureCache off = new FeatureCache(0);
    for (int seed = 1; seed <= 2; seed++) {
      FinetuneTask t =
          new FinetuneTask(
              0, "0", LABELS, spec, "x", "sim_cpsc", FinetuneSchema.MODE_HEAD, s.withSeed(seed));
      FinetuneOutcome cached = Finetuning.run(t, records, w, Device.cpu(), cache);
      FinetuneOutcome direct = Finetuning.run(t, records, w, Device.cpu(), off);
      assertThat(cached.ok()).as(cached.error()).isTrue();
      assertThat(cached.curve()).isEqualTo(direct.curve());
      assertThat(cached.paperEpoch()).isEqualTo(direct.paperEpoch());
      assertThat(cached.validationEpoch()).isEqualTo(direct.validationEpoch());
      assertThat(cached.validation().weightedF1()).isEqualTo(direct.validation().weightedF1());
      assertThat(cached.paper().perLabelF1()).containsExactly(direct.paper().perLabelF1());
      assertThat(cached.nTrain()).isEqualTo(direct.nTrain());
    }
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(off.misses()).isEqualTo(2);
    assertThat(off.size()).isZero();
  }

  @Test
  void theKeyChangesWithTheWeightsTheRecordsAndTheDevice() {
    Architecture a = Architectures.named("resnet1d-small", 3);
    Weights w = a.randomWeights(1);
    List<TrainRecord> records = foldRecords(4);
    String k = FeatureCache.key("resnet", w, "CPU", records);
    assertThat(FeatureCache.key("resnet", a.randomWeights(1), "CPU", foldRecords(4))).isEqualTo(k);
    assertThat(FeatureCache.key("resnet", a.randomWeights(2), "CPU", records)).isNotEqualTo(k);
    assertThat(FeatureCache.key("resnet", w, "GPU 0", records)).isNotEqualTo(k);
    assertThat(FeatureCache.key("bilstm", w, "CPU", records)).isNotEqualTo(k);
    List<TrainRecord> changed = new ArrayList<>(records);
    TrainRecord r = changed.get(2);
    byte[] signal = r.signal().clone();
    signal[100] ^= 1;
    changed.set(
        2,
        new TrainRecord(
            r.recordId(), r.fs(), r.nSamples(), signal, r.gain(), r.targets(), r.split(), null));
    assertThat(FeatureCache.key("resnet", w, "CPU", changed)).isNotEqualTo(k);
    assertThat(FeatureCache.key("resnet", w, "CPU", records.subList(0, 3))).isNotEqualTo(k);
  }

  @Test
  void aFailedComputationIsNotKeptAndTheLeastRecentlyUsedEntryGoesAboveTheBound() {
    FeatureCache cache = new FeatureCache(3 * (4L * 100 + 64));
    assertThatThrownBy(
            () ->
                cache.get(
                    "a",
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(cache.size()).isZero();
    AtomicInteger computed = new AtomicInteger();
    for (String k : List.of("a", "b", "c", "a", "d", "a", "b")) {
      cache.get(
          k,
          () -> {
            computed.incrementAndGet();
            return new float[100];
          });
    }
    // a b c computed; a hit; d evicts b (least recently used); a hit; b computed again
    assertThat(computed.get()).isEqualTo(5);
    assertThat(cache.size()).isEqualTo(3);
  }

  private static List<TrainRecord> foldRecords(int n) {
    List<TrainRecord> records = TrainFixture.records("sim_csn", "csn", LABELS, n, 5);
    List<TrainRecord> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      TrainRecord r = records.get(i);
      out.add(
          new TrainRecord(
              r.recordId(),
              r.fs(),
              r.nSamples(),
              r.signal(),
              r.gain(),
              r.targets(),
              i % 10 < 7 ? "train" : "test",
              null));
    }
    return out;
  }
}
