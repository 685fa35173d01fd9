package org.melep.transfer;

import java.util.ArrayList;
import java.util.List;
import org.melep.status.Status;

/** The chosen metrics (MELEP excluded: it has its own two-pass job) of one finished state. */
public final class MetricFinisher {
  private MetricFinisher() {}

  public static List<MetricResult> finish(
      FeatureStats s, List<String> labels, List<Metric> metrics) {
    return finish(s, labels, metrics, null);
  }

  /**
   * As {@link #finish(FeatureStats, List, List)}; when {@code gramRefused} is not null, the metrics
   * that need the Gram matrix ({@link Metric#needsGram}) are not computed and carry that status
   * (the state was built without the matrix: the checkpoint has too many features), the others are.
   */
  public static List<MetricResult> finish(
      FeatureStats s, List<String> labels, List<Metric> metrics, Status.Failed gramRefused) {
    List<MetricResult> out = new ArrayList<>();
    for (Metric m : metrics) {
      if (gramRefused != null && m.needsGram()) {
        out.add(MetricResult.failed(m, MetricResult.UNIFORM, gramRefused));
        continue;
      }
      switch (m) {
        case LOGME -> out.add(LogMe.finish(s, labels));
        case HSCORE -> out.add(HScore.finish(s, labels, false));
        case HSCORE_LW -> out.add(HScore.finish(s, labels, true));
        case NCE -> out.add(Nce.finish(s, labels));
        case GBC -> out.add(Gbc.finish(s, labels));
        case MELEP ->
            throw new IllegalArgumentException("Cannot finish melep from feature statistics");
      }
    }
    return out;
  }
}
