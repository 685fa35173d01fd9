package org.melep.report;

/** Column names of the fine-tuning ground truth and of the report's joined table. */
public final class ReportColumns {
  private ReportColumns() {}

  // G/finetune
  public static final String FOLD_ID = "fold_id";
  public static final String CHECKPOINT = "checkpoint";
  public static final String ARCHITECTURE = "architecture";
  public static final String SOURCE_DATASET = "source_dataset";
  public static final String TARGET_DATASET = "target_dataset";
  public static final String MODE = "mode";
  public static final String SEED = "seed";
  public static final String EPOCH_RULE = "epoch_rule";
  public static final String WEIGHTED_F1 = "weighted_f1";
  public static final String STATUS = "status";
  public static final String REASON = "reason";

  // scores (melep score's O/scores; metric and value are optional)
  public static final String METRIC = "metric";
  public static final String VALUE = "value";
  public static final String WEIGHTING = "weighting";
  public static final String MELEP = "melep";
  public static final String N = "n";
  public static final String POSITIVES = "positives";

  // joined
  public static final String VARIANT = "variant";
  public static final String SCORE = "score";
  public static final String LABEL_ONLY = "label_only";
  public static final String F1 = "f1";
  public static final String F1_SD = "f1_sd";
  public static final String SEEDS = "seeds";
  public static final String F1_SEEDS = "f1_seeds";

  public static final String OK = "ok";
  public static final String FINETUNE = "finetune";
  public static final String CURVES = "curves";
  public static final String SCORES = "scores";
}
