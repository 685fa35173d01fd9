package org.melep.onnx;

import java.util.SplittableRandom;

/** Seeded random initialisers for {@link Architecture#randomWeights}. */
final class WeightInit {
  private final SplittableRandom random;

  WeightInit(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** He-normal: N(0, 2 / fanIn), shape {@code [out, fanIn...]}. */
  Tensor he(long fanIn, long... shape) {
    return normal(Math.sqrt(2.0 / fanIn), shape);
  }

  Tensor normal(double std, long... shape) {
    float[] data = new float[count(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (gaussian() * std);
    }
    return Tensor.of(data, shape);
  }

  Tensor uniform(double lo, double hi, long... shape) {
    float[] data = new float[count(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (lo + random.nextDouble() * (hi - lo));
    }
    return Tensor.of(data, shape);
  }

  /** Batch-norm parameters under {@code prefix}: weight (gamma), bias, running mean and var. */
  void batchNorm(Weights w, String prefix, long channels, double gammaLo, double gammaHi) {
    w.put(prefix + ".weight", uniform(gammaLo, gammaHi, channels));
    w.put(prefix + ".bias", normal(0.05, channels));
    w.put(prefix + ".running_mean", normal(0.05, channels));
    w.put(prefix + ".running_var", uniform(0.8, 1.2, channels));
  }

  private double gaussian() {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static int count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Cannot allocate tensor: too large: " + n);
    }
    return (int) n;
  }
}
