package org.melep.report.stats;

/**
 * Mergeable state of a Pearson correlation: count, means and centred second moments (Welford's
 * update, Chan et al.'s merge), so that cancellation does not bite on large offsets. Immutable.
 */
public record PearsonMoments(
    long n, double meanX, double meanY, double m2x, double m2y, double cxy) {

  public static final PearsonMoments EMPTY = new PearsonMoments(0, 0, 0, 0, 0, 0);

  public static PearsonMoments of(double[] x, double[] y) {
    Checks.sameLength(x, y);
    PearsonMoments m = EMPTY;
    for (int i = 0; i < x.length; i++) {
      m = m.add(x[i], y[i]);
    }
    return m;
  }

  public PearsonMoments add(double x, double y) {
    long n1 = n + 1;
    double dx = x - meanX;
    double dy = y - meanY;
    double mx = meanX + dx / n1;
    double my = meanY + dy / n1;
    return new PearsonMoments(
        n1, mx, my, m2x + dx * (x - mx), m2y + dy * (y - my), cxy + dx * (y - my));
  }

  /** The state of the union of both samples (associative and commutative). */
  public PearsonMoments sum(PearsonMoments o) {
    if (o.n == 0) {
      return this;
    }
    if (n == 0) {
      return o;
    }
    long nn = n + o.n;
    double dx = o.meanX - meanX;
    double dy = o.meanY - meanY;
    double f = (double) n * o.n / nn;
    return new PearsonMoments(
        nn,
        meanX + dx * o.n / nn,
        meanY + dy * o.n / nn,
        m2x + o.m2x + dx * dx * f,
        m2y + o.m2y + dy * dy * f,
        cxy + o.cxy + dx * dy * f);
  }

  /** The correlation, its Fisher-z 95% interval and its two-sided t-test p-value. */
  public CorrelationResult finish() {
    if (n < 2 || !(m2x > 0) || !(m2y > 0)) {
      return CorrelationResult.undefined(n, n < 2 ? "fewer than 2 pairs" : "a constant variable");
    }
    double r = Math.max(-1.0, Math.min(1.0, cxy / Math.sqrt(m2x * m2y)));
    return CorrelationResult.withFisherInterval(r, n);
  }
}
