package org.melep.report;

/**
 * One row of the joined table: a variant's score of a checkpoint on a fold, and what fine-tuning
 * gave there under an epoch rule ({@code f1} is the mean over seeds, {@code f1Sd} their sample sd,
 * NaN with one seed). {@code labelOnly} is NaN where the label-only score is undefined.
 */
public record Cell(
    String epochRule,
    String variant,
    String fold,
    String checkpoint,
    String source,
    String target,
    double score,
    double labelOnly,
    double f1,
    double f1Sd,
    int seeds) {}
