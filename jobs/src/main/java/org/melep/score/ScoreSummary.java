package org.melep.score;

import java.util.Map;

/**
 * What a scoring run saw and did, written as {@code summary.json} beside the scores. Every record
 * that could not be scored is counted here (and per group in the scores table).
 *
 * @param predictionRows validated prediction rows read
 * @param checkpoints checkpoints in the predictions
 * @param folds folds scored
 * @param groups fold x checkpoint groups
 * @param groupsOk groups with a MELEP value
 * @param groupsDegenerate groups whose fold cannot be scored (a label without positives, ...)
 * @param groupsIncomplete groups with fold records lacking a prediction or targets
 * @param groupsFailed groups of checkpoints whose predictions could not be used
 * @param failedCheckpoints each failed checkpoint with the reason (also its groups' status)
 * @param predictionRecordsWithoutTargets distinct records with predictions but no targets
 * @param foldRecordsWithoutPredictions distinct fold records (of the split) with no prediction of
 *     any checkpoint
 * @param foldRecordsWithoutTargets fold records (of the split) that have no targets
 * @param secondsPerStage wall time of each stage
 */
public record ScoreSummary(
    String split,
    java.util.List<String> weightings,
    long predictionRows,
    int checkpoints,
    int folds,
    int groups,
    int groupsOk,
    int groupsDegenerate,
    int groupsIncomplete,
    int groupsFailed,
    Map<String, String> failedCheckpoints,
    long predictionRecordsWithoutTargets,
    long foldRecordsWithoutPredictions,
    long foldRecordsWithoutTargets,
    Map<String, Double> secondsPerStage) {}
