package org.melep.score;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The scores table (one row per fold x checkpoint x weighting) and the run summary. */
public record ScoreResult(Dataset<Row> scores, ScoreSummary summary) {}
