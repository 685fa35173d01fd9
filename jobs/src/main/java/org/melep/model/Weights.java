package org.melep.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named float tensors of one model, keyed by PyTorch {@code state_dict} style names (for example
 * {@code stem.conv.weight}, {@code lstm.weight_ih_l0}). Each architecture documents the names it
 * reads. The training issue fills one of these and hands it to {@link Architecture#toOnnx}.
 */
public final class Weights {
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  public Weights put(String name, Tensor tensor) {
    tensors.put(name, tensor);
    return this;
  }

  public Weights put(String name, float[] data, long... shape) {
    return put(name, Tensor.of(data, shape));
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The tensor called {@code name}, which must have the given shape. */
  public Tensor get(String name, long... shape) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("Cannot find weight: missing tensor: " + name);
    }
    if (!t.hasShape(shape)) {
      throw new IllegalArgumentException(
          "Cannot use weight "
              + name
              + ": expected shape "
              + Arrays.toString(shape)
              + " but got "
              + Arrays.toString(t.shape()));
    }
    return t;
  }

  public int size() {
    return tensors.size();
  }

  public long parameterCount() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.size();
    }
    return n;
  }
}
