package org.melep.fold;

/**
 * How large a fold's test split must be for its F1 to tell checkpoints apart: the standard error of
 * F1 on a test split of {@code n} records, by the delta method over the multinomial counts of true
 * positives, false positives and false negatives (docs/folds.md, "How large a test split").
 *
 * <p>With cell probabilities {@code a = P(TP)}, {@code b = P(FP)}, {@code c = P(FN)}, {@code F1 =
 * 2a / (2a + b + c)} and {@code Var(F1) = 4 a (b + c) (a + b + c) / (n (2a + b + c)^4)}; for a
 * classifier with precision = recall = {@code r} at prevalence {@code p} this is {@code r (1 - r)
 * (2 - r) / (2 n p)}.
 */
public final class FoldSizing {
  private FoldSizing() {}

  /**
   * Standard error of one label's F1 on {@code n} test records at {@code prevalence}, for a
   * classifier of the given precision and recall.
   */
  public static double f1StandardError(int n, double prevalence, double precision, double recall) {
    if (n < 1 || !(prevalence > 0 && prevalence <= 1)) {
      throw new IllegalArgumentException(
          "Cannot size a test split: need n >= 1 and prevalence in (0, 1]: n="
              + n
              + ", prevalence="
              + prevalence);
    }
    if (!(precision > 0 && precision <= 1 && recall > 0 && recall <= 1)) {
      throw new IllegalArgumentException(
          "Cannot size a test split: precision and recall must be in (0, 1]: "
              + precision
              + ", "
              + recall);
    }
    double a = recall * prevalence;
    double c = (1 - recall) * prevalence;
    double b = a * (1 / precision - 1);
    double d = 2 * a + b + c;
    return Math.sqrt(4 * a * (b + c) * (a + b + c) / (n * Math.pow(d, 4)));
  }

  /**
   * Standard error of the difference of two checkpoints' fold F1 (the mean over {@code labels}
   * labels of equal weight and equal prevalence), assuming their errors independent: {@code sqrt(2
   * / labels) x f1StandardError}. Errors of two checkpoints on one test set are positively
   * correlated in practice, so this is an upper bound.
   */
  public static double differenceStandardError(
      int n, int labels, double prevalence, double precision, double recall) {
    if (labels < 1) {
      throw new IllegalArgumentException(
          "Cannot size a test split: labels must be >= 1: " + labels);
    }
    return Math.sqrt(2.0 / labels) * f1StandardError(n, prevalence, precision, recall);
  }

  /**
   * The smallest test split at which a difference of {@code delta} F1 between two checkpoints is
   * {@code z} standard errors ({@link #differenceStandardError}).
   */
  public static int testSizeFor(
      double delta, double z, int labels, double prevalence, double precision, double recall) {
    if (!(delta > 0) || !(z > 0)) {
      throw new IllegalArgumentException(
          "Cannot size a test split: delta and z must be > 0: " + delta + ", " + z);
    }
    double atOne = differenceStandardError(1, labels, prevalence, precision, recall);
    return (int) Math.ceil(atOne * atOne * z * z / (delta * delta));
  }
}
