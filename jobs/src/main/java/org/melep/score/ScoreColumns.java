package org.melep.score;

/** Column names of the scoring inputs and outputs (see docs/scoring.md). */
public final class ScoreColumns {
  private ScoreColumns() {}

  // inputs
  public static final String RECORD_ID = "record_id";
  public static final String CHECKPOINT = "checkpoint";
  public static final String CHECKPOINT_SHA256 = "checkpoint_sha256";
  public static final String LOGITS = "logits";
  public static final String PROBS = "probs";
  public static final String SOURCE_LABELS = "source_labels";
  public static final String LABELS = "labels";
  public static final String FOLD_ID = "fold_id";
  public static final String SPLIT = "split";

  // outputs
  public static final String WEIGHTING = "weighting";
  public static final String MELEP = "melep";
  public static final String STATUS = "status";
  public static final String N = "n";
  public static final String PER_LABEL = "per_label";
  public static final String POSITIVES = "positives";
  public static final String N_SOURCE_LABELS = "n_source_labels";
  public static final String N_FOLD_RECORDS = "n_fold_records";
  public static final String N_MISSING_PREDICTIONS = "n_missing_predictions";
  public static final String N_MISSING_TARGETS = "n_missing_targets";

  /** The fold id used when no folds table is given: the whole target table is one fold. */
  public static final String WHOLE_TABLE_FOLD = "all";
}
