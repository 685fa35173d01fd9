package org.melep.transfer;

import java.util.ArrayList;
import java.util.List;

/** The chosen metrics (MELEP excluded: it has its own two-pass job) of one finished state. */
public final class MetricFinisher {
  private MetricFinisher() {}

  public static List<MetricResult> finish(
      FeatureStats s, List<String> labels, List<Metric> metrics) {
    List<MetricResult> out = new ArrayList<>();
    for (Metric m : metrics) {
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
