package org.melep.model;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded random initialisers for {@link Architecture#randomWeights}. */
final class WeightInit {
  private final SplittableRandom random;

  WeightInit(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Weights for every layer of the list, drawn in layer order. */
  Weights forLayers(List<Layer> layers) {
    Weights w = new Weights();
    add(w, layers);
    return w;
  }

  private void add(Weights w, List<Layer> layers) {
    for (Layer layer : layers) {
      if (layer instanceof Layer.Conv c) {
        w.put(c.name() + ".weight", he((long) c.in() * c.kernel(), c.out(), c.in(), c.kernel()));
      } else if (layer instanceof Layer.BatchNorm b) {
        if (b.residualEnd()) {
          batchNorm(w, b.name(), b.channels(), 0.1, 0.3);
        } else {
          batchNorm(w, b.name(), b.channels(), 0.8, 1.2);
        }
      } else if (layer instanceof Layer.Residual r) {
        add(w, r.main());
        add(w, r.shortcut());
      } else if (layer instanceof Layer.BiLstm l) {
        double std = 1.0 / Math.sqrt(l.hidden());
        long gates = 4L * l.hidden();
        for (String d : Layer.BiLstm.DIRECTIONS) {
          w.put(l.name() + ".weight_ih_l0" + d, normal(std, gates, l.in()));
          w.put(l.name() + ".weight_hh_l0" + d, normal(std, gates, l.hidden()));
          w.put(l.name() + ".bias_ih_l0" + d, normal(std, gates));
          w.put(l.name() + ".bias_hh_l0" + d, normal(std, gates));
        }
      } else if (layer instanceof Layer.Linear f) {
        w.put(f.name() + ".weight", he(f.in(), f.out(), f.in()));
        w.put(f.name() + ".bias", normal(0.01, f.out()));
      }
    }
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
