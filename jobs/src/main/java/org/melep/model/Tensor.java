package org.melep.model;

import java.util.Arrays;

/** A dense float32 tensor: row-major data and its shape. */
public record Tensor(long[] shape, float[] data) {
  public Tensor {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("Cannot make tensor: negative dimension: " + d);
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "Cannot make tensor: shape "
              + Arrays.toString(shape)
              + " holds "
              + n
              + " values, data has "
              + data.length);
    }
  }

  public static Tensor of(float[] data, long... shape) {
    return new Tensor(shape.clone(), data);
  }

  public int size() {
    return data.length;
  }

  public boolean hasShape(long... expected) {
    return Arrays.equals(shape, expected);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
