package org.melep.train;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.melep.inference.DjlNetwork;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.model.DjlBlocks;
import org.melep.model.Weights;
import org.melep.onnx.OnnxExport;
import org.melep.zoo.InputContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one source checkpoint (no Spark): records sorted by id, split as the paper (PTB-XL {@code
 * strat_fold} 1-8 train, 10 test when every record has one; else a seeded label-stratified 67/33
 * split), Adam on BCE with logits, the epoch with the best test weighted F1 kept.
 */
public final class Pretraining {
  private static final Logger LOG = LoggerFactory.getLogger(Pretraining.class);

  /** The input contract of trained checkpoints: 12 leads, 100 Hz, 10 s, millivolts, NCL. */
  public static final InputContract CONTRACT =
      new InputContract(
          100.0,
          1000,
          org.melep.corpus.CorpusSchema.LEADS,
          InputContract.Layout.NCL,
          InputContract.Normalization.NONE);

  public static final double TEST_FRACTION = 0.33;

  private Pretraining() {}

  public static PretrainOutcome run(PretrainTask t, List<TrainRecord> records, Device device) {
    String where = TaskDevice.describe(device);
    LOG.info(
        "pretrain {} on {}: {} records, device {}",
        t.checkpoint(),
        t.dataset(),
        records.size(),
        where);
    if (records.isEmpty()) {
      return PretrainOutcome.failed(t, where, "dataset " + t.dataset() + " has no records");
    }
    List<TrainRecord> sorted = new ArrayList<>(records);
    RecordExamples.sort(sorted);
    int labels = t.labels().size();
    Examples all = RecordExamples.decode(t.checkpoint(), CONTRACT, sorted, labels);
    boolean[] test = new boolean[sorted.size()];
    String split;
    if (sorted.stream().allMatch(r -> r.stratFold() != null)) {
      split = "strat_fold 1-8 train, 10 test";
      boolean[] train = new boolean[sorted.size()];
      for (int i = 0; i < sorted.size(); i++) {
        int f = sorted.get(i).stratFold();
        train[i] = f >= 1 && f <= 8;
        test[i] = f == 10;
      }
      Examples tr = all.subset(Splits.where(train, true));
      Examples te = all.subset(Splits.where(test, true));
      return train(t, where, split, tr, te, device);
    }
    split = "label-stratified 67/33, seed " + t.settings().seed();
    test = Splits.stratified(all.y(), all.n(), labels, TEST_FRACTION, t.settings().seed());
    return train(
        t,
        where,
        split,
        all.subset(Splits.where(test, false)),
        all.subset(Splits.where(test, true)),
        device);
  }

  static PretrainOutcome train(
      PretrainTask t, String where, String split, Examples train, Examples test, Device device) {
    if (train.n() < 2 || test.n() < 1) {
      return PretrainOutcome.failed(
          t, where, "too few records to train: " + train.n() + " train, " + test.n() + " test");
    }
    Architecture a = Architectures.named(t.architecture(), t.labels().size());
    DjlBlocks blocks = DjlBlocks.of(a);
    double[] prevalence = train.prevalence();
    List<EpochPoint> curve = new ArrayList<>();
    Weights best = null;
    EvalMetrics bestMetrics = null;
    int bestEpoch = 0;
    try (DjlTrainer trainer =
        DjlTrainer.network(blocks, a.randomWeights(t.settings().seed()), device, t.settings())) {
      for (int e = 1; e <= t.settings().epochs(); e++) {
        double loss = trainer.epoch(train, e);
        EvalMetrics m = EvalMetrics.of(trainer.predict(test), test.y(), test.n(), prevalence);
        curve.add(new EpochPoint(e, loss, Double.NaN, m.weightedF1()));
        LOG.info(
            "pretrain {} epoch {}: loss {} test weighted F1 {}",
            t.checkpoint(),
            e,
            loss,
            m.weightedF1());
        if (best == null || m.weightedF1() > bestMetrics.weightedF1()) {
          best = trainer.weights();
          bestMetrics = m;
          bestEpoch = e;
        }
      }
    }
    byte[] params = DjlNetwork.of(a, false).toParams(best);
    byte[] onnx = OnnxExport.toOnnx(a, best, false);
    return new PretrainOutcome(
        t,
        where,
        train.n(),
        test.n(),
        split,
        bestEpoch,
        bestMetrics,
        priorBaseline(prevalence),
        curve,
        params,
        onnx,
        null);
  }

  /**
   * Expected weighted F1 of guessing each label positive at random with its training prevalence
   * {@code p}: a label's expected F1 is then {@code p} (for a test prevalence equal to {@code p}),
   * weighted by {@code p} like the score itself.
   */
  public static double priorBaseline(double[] prevalence) {
    double num = 0;
    double den = 0;
    for (double p : prevalence) {
      num += p * p;
      den += p;
    }
    return den > 0 ? num / den : Double.NaN;
  }
}
