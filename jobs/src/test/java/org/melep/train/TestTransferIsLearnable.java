package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.model.Weights;
import org.melep.simulate.RecordGenerator;
import org.melep.simulate.Relatedness;
import org.melep.simulate.SimulatedRecord;
import org.melep.simulate.SimulationConfig;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;

/**
 * The simulator's transfer structure is learnable, not only declared (docs/simulate.md, "Checking
 * that the structure is learnable"): {@code resnet1d-small} pretrained on sim_cpsc and on
 * sim_georgia, then fine-tuned with a frozen body ({@code --mode head}) on sim_csn folds whose
 * labels are fixed from one source's family. On every fold the source {@link Relatedness} predicts
 * must give the higher seed-mean weighted F1 (validation epoch rule), by more than twice the pooled
 * seed SD and by at least 0.05.
 */
class TestTransferIsLearnable {
  private static final String ARCH = "resnet1d-small";
  private static final int SOURCE_RECORDS = Integer.getInteger("melep.learn.source", 600);
  private static final int PRETRAIN_EPOCHS = Integer.getInteger("melep.learn.pretrainEpochs", 3);
  private static final int TARGET_POOL = Integer.getInteger("melep.learn.pool", 4000);
  private static final int FOLD_RECORDS = Integer.getInteger("melep.learn.fold", 400);
  private static final int FINETUNE_EPOCHS = Integer.getInteger("melep.learn.finetuneEpochs", 15);
  private static final int SEEDS = 3;
  private static final List<String> SOURCES = List.of("sim_cpsc", "sim_georgia");

  /** Labels fixed from each family: two folds sim_cpsc teaches, two sim_georgia teaches. */
  private static final Map<String, List<String>> FOLDS = new LinkedHashMap<>();

  static {
    FOLDS.put("cpsc-1", List.of("AF", "PAC", "PVC"));
    FOLDS.put("cpsc-2", List.of("IAVB", "CRBBB", "STD"));
    FOLDS.put("georgia-1", List.of("SB", "STach", "TAb"));
    FOLDS.put("georgia-2", List.of("TInv", "LAD", "STach"));
  }

  @Test
  void theSourceWhoseConditionsTheFoldHoldsFineTunesBetter() {
    long t0 = System.nanoTime();
    Relatedness table = Relatedness.of(SimulationConfig.embedded(), LabelSets.defaults());
    TrainSettings pretrain = TrainSettings.paper().withEpochs(PRETRAIN_EPOCHS).withBatchSize(32);
    Map<String, CheckpointSpec> specs = new LinkedHashMap<>();
    Map<String, Weights> weights = new LinkedHashMap<>();
    for (String source : SOURCES) {
      String set = PretrainJob.labelSetOf(source, null);
      List<String> labels = LabelSets.defaults().labelSet(set).labels();
      String name = ARCH + "-" + source;
      PretrainOutcome o =
          Pretraining.run(
              new PretrainTask(0, name, source, ARCH, set, labels, pretrain),
              records(source, set, labels, SOURCE_RECORDS, null),
              Device.cpu());
      assertThat(o.ok()).as(o.error()).isTrue();
      System.out.printf(
          Locale.ROOT,
          "pretrained %s: test weighted F1 %.3f (prior baseline %.3f), epoch %d%n",
          name,
          o.test().weightedF1(),
          o.priorBaselineF1(),
          o.bestEpoch());
      Architecture a = Architectures.named(ARCH, labels.size());
      weights.put(source, ParameterFiles.read(name, a, o.parameters()));
      specs.put(
          source,
          new CheckpointSpec(
              name,
              "memory:" + name,
              source,
              ModelFormat.DJL,
              Pretraining.CONTRACT,
              CheckpointSpec.OutputKind.LOGITS,
              labels,
              a));
    }
    double pretrainSeconds = (System.nanoTime() - t0) / 1e9;
    RecordGenerator target =
        new RecordGenerator(
            SimulationConfig.embedded().withDatasets("sim_csn"), LabelSets.defaults(), 7);
    List<SimulatedRecord> pool = new ArrayList<>();
    for (int i = 0; i < TARGET_POOL; i++) {
      pool.add(target.generate(i));
    }
    TrainSettings finetune = TrainSettings.paper().withEpochs(FINETUNE_EPOCHS).withBatchSize(32);
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, List<String>> fold : FOLDS.entrySet()) {
      List<String> labels = fold.getValue();
      String predicted = table.predict("csn", labels, SOURCES).best().orElseThrow();
      assertThat(predicted)
          .isEqualTo("sim_" + fold.getKey().substring(0, fold.getKey().indexOf('-')));
      List<TrainRecord> records = foldRecords(pool, labels);
      Map<String, double[]> f1 = new LinkedHashMap<>();
      for (String source : SOURCES) {
        double[] bySeed = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
          FinetuneTask task =
              new FinetuneTask(
                  0,
                  fold.getKey(),
                  labels,
                  specs.get(source),
                  source,
                  source,
                  FinetuneSchema.MODE_HEAD,
                  finetune.withSeed(1 + s));
          FinetuneOutcome o = Finetuning.run(task, records, weights.get(source), Device.cpu());
          assertThat(o.ok()).as(o.error()).isTrue();
          bySeed[s] = o.validation().weightedF1();
        }
        f1.put(source, bySeed);
      }
      String other = SOURCES.stream().filter(s -> !s.equals(predicted)).findFirst().orElseThrow();
      double margin = mean(f1.get(predicted)) - mean(f1.get(other));
      double seedSd = Math.sqrt((variance(f1.get(predicted)) + variance(f1.get(other))) / 2);
      System.out.printf(
          Locale.ROOT,
          "fold %-9s %s: predicted %s F1 %.3f %s, other %s F1 %.3f %s; margin %.3f, pooled seed SD %.4f%n",
          fold.getKey(),
          labels,
          predicted,
          mean(f1.get(predicted)),
          Arrays.toString(f1.get(predicted)),
          other,
          mean(f1.get(other)),
          Arrays.toString(f1.get(other)),
          margin,
          seedSd);
      if (!(margin > 2 * seedSd && margin >= 0.05)) {
        failures.add(fold.getKey() + " margin " + margin + " seed SD " + seedSd);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "learnability check: pretraining %.1f s, all %.1f s%n",
        pretrainSeconds,
        (System.nanoTime() - t0) / 1e9);
    assertThat(failures).isEmpty();
  }

  /** Fold records as {@code melep folds} keeps them: at least one fold label positive; 70/30. */
  private static List<TrainRecord> foldRecords(List<SimulatedRecord> pool, List<String> labels) {
    List<TrainRecord> out = new ArrayList<>();
    double[] gains = gains();
    for (SimulatedRecord r : pool) {
      List<String> positives = r.labels().get("csn");
      if (labels.stream().noneMatch(positives::contains)) {
        continue;
      }
      String split = out.size() % 10 < 7 ? "train" : "test";
      out.add(
          new TrainRecord(
              r.recordId(),
              r.fs(),
              r.nSamples(),
              r.signal(),
              gains,
              TrainRecord.targets(labels, positives),
              split,
              null));
      if (out.size() == FOLD_RECORDS) {
        return out;
      }
    }
    throw new IllegalStateException("the pool holds only " + out.size() + " records of " + labels);
  }

  private static List<TrainRecord> records(
      String dataset, String set, List<String> labels, int n, String split) {
    RecordGenerator gen =
        new RecordGenerator(
            SimulationConfig.embedded().withDatasets(dataset), LabelSets.defaults(), 1);
    double[] gains = gains();
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
              TrainRecord.targets(labels, r.labels().get(set)),
              split,
              null));
    }
    return out;
  }

  private static double[] gains() {
    double[] g = new double[12];
    Arrays.fill(g, EcgSignal.DEFAULT_GAIN);
    return g;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double variance(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return s / (v.length - 1);
  }
}
