package org.melep.train;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.melep.model.Architecture;
import org.melep.model.DjlBlocks;
import org.melep.model.Tensor;
import org.melep.model.Weights;
import org.melep.zoo.CheckpointSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes one checkpoint on one fold (no Spark): a new head sized to the fold's labels, trained
 * on the fold's {@code train} split less a seeded, label-stratified validation part; every epoch is
 * scored on the validation part and on the {@code test} split, and both epoch rules are read off
 * the same curve. Mode {@code full} trains every layer from the pretrained weights; mode {@code
 * head} freezes the body (its features computed once per fold and checkpoint in a JVM, shared by
 * the seeds through {@link FeatureCache}; batch norm in evaluation mode) and trains the head.
 */
public final class Finetuning {
  private static final Logger LOG = LoggerFactory.getLogger(Finetuning.class);

  private Finetuning() {}

  public static FinetuneOutcome run(
      FinetuneTask t, List<TrainRecord> records, Weights pretrained, Device device) {
    return run(t, records, pretrained, device, FeatureCache.SHARED);
  }

  /**
   * As {@link #run(FinetuneTask, List, Weights, Device)}, frozen-body features kept in {@code
   * cache}.
   */
  static FinetuneOutcome run(
      FinetuneTask t,
      List<TrainRecord> records,
      Weights pretrained,
      Device device,
      FeatureCache cache) {
    String where = TaskDevice.describe(device);
    CheckpointSpec c = t.checkpoint();
    LOG.info(
        "finetune {} on fold {} (seed {}, {}): {} records, device {}",
        c.name(),
        t.foldId(),
        t.seed(),
        t.mode(),
        records.size(),
        where);
    List<TrainRecord> sorted = new ArrayList<>(records);
    RecordExamples.sort(sorted);
    int labels = t.labels().size();
    Examples all = RecordExamples.decode(c.name(), c.input(), sorted, labels);
    boolean[] isTrain = new boolean[sorted.size()];
    boolean[] isTest = new boolean[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      isTrain[i] = "train".equals(sorted.get(i).split());
      isTest[i] = "test".equals(sorted.get(i).split());
    }
    Examples train = all.subset(Splits.where(isTrain, true));
    Examples test = all.subset(Splits.where(isTest, true));
    boolean[] held =
        Splits.stratified(
            train.y(), train.n(), labels, t.settings().validationFraction(), t.settings().seed());
    Examples fit = train.subset(Splits.where(held, false));
    Examples validation = train.subset(Splits.where(held, true));
    if (fit.n() < 2 || validation.n() < 1 || test.n() < 1) {
      return FinetuneOutcome.failed(
          t,
          where,
          "too few records: "
              + fit.n()
              + " to train, "
              + validation.n()
              + " to validate, "
              + test.n()
              + " to test");
    }
    double[] prevalence = train.prevalence();
    Architecture source = c.architecture();
    Architecture target = source.withLabels(labels);
    Weights init = target.randomWeights(t.settings().seed());
    List<EpochPoint> curve = new ArrayList<>();
    List<EvalMetrics> tests = new ArrayList<>();
    if (FinetuneSchema.MODE_HEAD.equals(t.mode())) {
      Weights head = new Weights();
      for (String name :
          List.of(target.classifier().name() + ".weight", target.classifier().name() + ".bias")) {
        head.put(name, init.asMap().get(name));
      }
      // the body's features of all the fold's records, once per (fold, checkpoint) in this JVM:
      // the seeds differ in the validation split, the head's start and the batch order only
      String key = FeatureCache.key(String.valueOf(source.describe()), pretrained, where, sorted);
      float[] f =
          cache.get(
              key,
              () -> {
                try (DjlTrainer body =
                    DjlTrainer.network(DjlBlocks.of(source), pretrained, device, t.settings())) {
                  return body.features(all);
                }
              });
      Examples allF =
          new Examples(f, all.y(), all.n(), all.n() == 0 ? 0 : f.length / all.n(), labels);
      Examples trainF = allF.subset(Splits.where(isTrain, true));
      Examples fitF = trainF.subset(Splits.where(held, false));
      Examples valF = trainF.subset(Splits.where(held, true));
      Examples testF = allF.subset(Splits.where(isTest, true));
      try (DjlTrainer trainer =
          DjlTrainer.linear(target.classifier(), head, device, t.settings())) {
        loop(t, trainer, fitF, valF, testF, prevalence, curve, tests);
      }
    } else {
      Weights start = new Weights();
      String headName = target.classifier().name() + ".";
      for (Map.Entry<String, Tensor> e : init.asMap().entrySet()) {
        start.put(
            e.getKey(),
            e.getKey().startsWith(headName)
                ? e.getValue()
                : pretrained.get(e.getKey(), e.getValue().shape()));
      }
      try (DjlTrainer trainer =
          DjlTrainer.network(DjlBlocks.of(target), start, device, t.settings())) {
        loop(t, trainer, fit, validation, test, prevalence, curve, tests);
      }
    }
    int paper = 0;
    int val = 0;
    for (int e = 1; e < curve.size(); e++) {
      if (curve.get(e).testWeightedF1() > curve.get(paper).testWeightedF1()) {
        paper = e;
      }
      if (curve.get(e).validationWeightedF1() > curve.get(val).validationWeightedF1()) {
        val = e;
      }
    }
    return new FinetuneOutcome(
        t,
        where,
        fit.n(),
        test.n(),
        paper + 1,
        tests.get(paper),
        val + 1,
        tests.get(val),
        curve,
        null);
  }

  private static void loop(
      FinetuneTask t,
      DjlTrainer trainer,
      Examples fit,
      Examples validation,
      Examples test,
      double[] prevalence,
      List<EpochPoint> curve,
      List<EvalMetrics> tests) {
    for (int e = 1; e <= t.settings().epochs(); e++) {
      double loss = trainer.epoch(fit, e);
      EvalMetrics v =
          EvalMetrics.of(trainer.predict(validation), validation.y(), validation.n(), prevalence);
      EvalMetrics m = EvalMetrics.of(trainer.predict(test), test.y(), test.n(), prevalence);
      curve.add(new EpochPoint(e, loss, v.weightedF1(), m.weightedF1()));
      tests.add(m);
    }
  }
}
