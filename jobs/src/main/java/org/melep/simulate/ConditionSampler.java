package org.melep.simulate;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws a record's conditions from a {@link DatasetProfile}: one rhythm, then each finding in the
 * configured order, honouring rhythm restrictions, exclusions and {@code given} co-occurrences.
 *
 * <p>The conditional probabilities are set so that each finding's marginal frequency is its
 * configured prevalence: {@code p = prevalence / P(eligible)}, where {@code P(eligible)} is the
 * probability of an allowed rhythm times that of no excluding finding (treated as independent);
 * with {@code given G} and factor {@code f}, {@code p_if = min(1, f p)} and {@code p_else = (p - q
 * p_if) / (1 - q)}, {@code q} the prevalence of {@code G}.
 */
public final class ConditionSampler implements Serializable {
  private final Condition[] rhythms;
  private final double[] rhythmCumulative;
  private final Condition[] findings;
  private final long[] allowedRhythms;
  private final long[] excluded;
  private final long[] givenBit;
  private final double[] pIf;
  private final double[] pElse;

  public ConditionSampler(DatasetProfile profile) {
    Map<String, Double> r = profile.rhythms;
    rhythms = new Condition[r.size()];
    rhythmCumulative = new double[r.size()];
    double total = r.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException(
          "Cannot sample rhythms: probabilities sum to 0 in dataset: " + profile.name);
    }
    double[] rhythmProb = new double[Condition.values().length];
    int i = 0;
    double cum = 0;
    for (Map.Entry<String, Double> e : r.entrySet()) {
      rhythms[i] = Condition.parse(e.getKey());
      cum += e.getValue() / total;
      rhythmCumulative[i] = cum;
      rhythmProb[rhythms[i].ordinal()] = e.getValue() / total;
      i++;
    }
    rhythmCumulative[rhythms.length - 1] = 1.0;

    List<FindingPrior> f = profile.findings;
    findings = new Condition[f.size()];
    allowedRhythms = new long[f.size()];
    excluded = new long[f.size()];
    givenBit = new long[f.size()];
    pIf = new double[f.size()];
    pElse = new double[f.size()];
    double[] prevalence = new double[Condition.values().length];
    for (int k = 0; k < f.size(); k++) {
      FindingPrior fp = f.get(k);
      findings[k] = Condition.parse(fp.name);
      double eligible = 0;
      if (fp.rhythms.isEmpty()) {
        allowedRhythms[k] = -1L;
        eligible = 1.0;
      } else {
        for (String name : fp.rhythms) {
          Condition c = Condition.parse(name);
          allowedRhythms[k] |= c.bit();
          eligible += rhythmProb[c.ordinal()];
        }
      }
      for (String name : fp.excludes) {
        Condition c = Condition.parse(name);
        excluded[k] |= c.bit();
        eligible *= 1.0 - prevalence[c.ordinal()];
      }
      double p = eligible > 0 ? Math.min(1.0, fp.prevalence / eligible) : 0.0;
      if (fp.given != null) {
        Condition g = Condition.parse(fp.given);
        givenBit[k] = g.bit();
        double q = prevalence[g.ordinal()];
        pIf[k] = Math.min(1.0, fp.factor * p);
        pElse[k] = q < 1 ? Math.max(0.0, (p - q * pIf[k]) / (1 - q)) : 0.0;
      } else {
        pIf[k] = p;
        pElse[k] = p;
      }
      prevalence[findings[k].ordinal()] = fp.prevalence;
    }
  }

  /**
   * The conditions this dataset ever contains, as a {@link Condition} mask: the rhythms of positive
   * probability and the findings of positive prevalence that an allowed rhythm can carry. A
   * condition outside it never occurs in the dataset's signals.
   */
  public long possible() {
    long rhythmMask = 0;
    double previous = 0;
    for (int i = 0; i < rhythms.length; i++) {
      if (rhythmCumulative[i] > previous) {
        rhythmMask |= rhythms[i].bit();
      }
      previous = rhythmCumulative[i];
    }
    long mask = rhythmMask;
    for (int k = 0; k < findings.length; k++) {
      if ((pIf[k] > 0 || pElse[k] > 0) && (allowedRhythms[k] & rhythmMask) != 0) {
        mask |= findings[k].bit();
      }
    }
    return mask;
  }

  /** The conditions of one record as a {@link Condition} bit mask. */
  public long sample(SplittableRandom rng) {
    double u = rng.nextDouble();
    int i = 0;
    while (u >= rhythmCumulative[i]) {
      i++;
    }
    long mask = rhythms[i].bit();
    for (int k = 0; k < findings.length; k++) {
      double v = rng.nextDouble();
      if ((mask & allowedRhythms[k]) == 0 || (mask & excluded[k]) != 0) {
        continue;
      }
      double p = (mask & givenBit[k]) != 0 ? pIf[k] : pElse[k];
      if (v < p) {
        mask |= findings[k].bit();
      }
    }
    return mask;
  }
}
