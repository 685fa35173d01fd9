package org.melep.report.stats;

final class Checks {
  private Checks() {}

  static void sameLength(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "Cannot correlate: the samples differ in length: " + x.length + " and " + y.length);
    }
  }

  static void finite(double[] x, String what) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(
            "Cannot compute " + what + ": value #" + i + " is " + x[i]);
      }
    }
  }
}
