package org.melep.transfer.spark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.melep.transfer.Metric;

/**
 * Feature metrics that keep a D x D Gram matrix refuse a feature count that cannot fit, before any
 * job.
 */
class TestGramLimit {

  @Test
  void aCheckpointWithTooManyFeaturesIsRefusedNamingItTheMetricsAndTheSize() {
    // the demo Bi-LSTM's flattened penultimate layer: 16,000 features = 1.9 GiB of Gram matrix
    Map<String, Integer> dims = Map.of("resnet1d-small-cpsc", 128, "bilstm-small-georgia", 16000);
    assertThatThrownBy(
            () ->
                FeatureScoreJob.requireGramFits(
                    dims, List.of(Metric.MELEP, Metric.LOGME, Metric.GBC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot score logme: checkpoint bilstm-small-georgia has 16000 features; a Gram-matrix state would"
                + " take 1.9 GiB per (fold, checkpoint) (limit 4096 features, -Dmelep.maxGramFeatures=N raises"
                + " it); name a smaller feature output or use nce, gbc or melep");
  }

  @Test
  void theLimitIsInclusiveAndThePropertyRaisesIt() {
    assertThatCode(() -> FeatureScoreJob.requireGramFits(Map.of("a", 4096), List.of(Metric.LOGME)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> FeatureScoreJob.requireGramFits(Map.of("a", 4097), List.of(Metric.LOGME)))
        .hasMessageContaining("checkpoint a has 4097 features");
    String before = System.getProperty(FeatureScoreJob.MAX_GRAM_FEATURES_PROPERTY);
    System.setProperty(FeatureScoreJob.MAX_GRAM_FEATURES_PROPERTY, "20000");
    try {
      assertThatCode(
              () -> FeatureScoreJob.requireGramFits(Map.of("a", 16000), List.of(Metric.LOGME)))
          .doesNotThrowAnyException();
    } finally {
      if (before == null) {
        System.clearProperty(FeatureScoreJob.MAX_GRAM_FEATURES_PROPERTY);
      } else {
        System.setProperty(FeatureScoreJob.MAX_GRAM_FEATURES_PROPERTY, before);
      }
    }
  }
}
