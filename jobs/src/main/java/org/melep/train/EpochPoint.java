package org.melep.train;

import java.io.Serializable;

/** One epoch of a learning curve; a score is NaN where there was nothing to score. */
public record EpochPoint(
    int epoch, double trainLoss, double validationWeightedF1, double testWeightedF1)
    implements Serializable {}
