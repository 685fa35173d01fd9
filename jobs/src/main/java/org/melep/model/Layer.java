package org.melep.model;

import java.io.Serializable;
import java.util.List;

/**
 * One step of an {@link Architecture}'s layer list: the single definition that both the DJL block
 * builder ({@link DjlBlocks}, for training and inference) and the ONNX writer ({@code
 * org.melep.onnx.OnnxExport}) walk. Tensors between layers are {@code [N, channels, length]} until
 * a layer flattens them to {@code [N, features]}. Each layer with weights names them (PyTorch
 * {@code state_dict} style) under its {@code name}.
 */
public sealed interface Layer extends Serializable {

  /** 1-D convolution without bias, weight {@code name.weight [out, in, kernel]}. */
  record Conv(String name, int in, int out, int kernel, int stride, int pad) implements Layer {}

  /**
   * Batch norm over channels: {@code name.weight} (gamma), {@code .bias}, {@code .running_mean},
   * {@code .running_var}, epsilon {@link #EPSILON}. {@code residualEnd}: the last norm of a
   * residual branch, initialised with a small gain so that deep random networks stay tame.
   */
  record BatchNorm(String name, int channels, boolean residualEnd) implements Layer {
    public static final float EPSILON = 1e-5f;
  }

  record Relu() implements Layer {}

  record MaxPool(int kernel, int stride, int pad) implements Layer {}

  /** Average pooling over time, stride = kernel, no padding (a trailing remainder is dropped). */
  record AvgPool(int kernel) implements Layer {}

  /** {@code relu(main(x) + shortcut(x))}; an empty shortcut is the identity. */
  record Residual(List<Layer> main, List<Layer> shortcut) implements Layer {
    public Residual {
      main = List.copyOf(main);
      shortcut = List.copyOf(shortcut);
    }
  }

  /** Mean over time, then flattened: {@code [N, C, L] -> [N, C]}. */
  record GlobalAvgPool() implements Layer {}

  /**
   * A bidirectional one-layer LSTM over time. Its output, with {@link Readout#STEPS}: {@code [N, L
   * * 2 hidden]}, per step the forward then the backward state, time-major (PyTorch {@code
   * batch_first} output flattened); with {@link Readout#MEAN}: {@code [N, 2 hidden]}, the mean over
   * the steps of those states (forward then backward). Weights {@code name.weight_ih_l0 [4 hidden,
   * in]}, {@code .weight_hh_l0 [4 hidden, hidden]}, {@code .bias_ih_l0}, {@code .bias_hh_l0} (gates
   * i, f, g, o) and the same with suffix {@code _reverse}.
   */
  record BiLstm(String name, int in, int hidden, int steps, Readout readout) implements Layer {
    public static final List<String> DIRECTIONS = List.of("", "_reverse");

    public BiLstm {
      if (readout == null) {
        throw new IllegalArgumentException("Cannot build a Bi-LSTM layer without a readout");
      }
    }

    /** Every step's states flattened, as the paper's Bi-LSTM. */
    public BiLstm(String name, int in, int hidden, int steps) {
      this(name, in, hidden, steps, Readout.STEPS);
    }

    public long outputs() {
      return readout == Readout.MEAN ? 2L * hidden : (long) steps * 2 * hidden;
    }

    /** What the Bi-LSTM hands to the next layer. */
    public enum Readout {
      /** Every step's forward and backward states, flattened time-major ({@code steps}). */
      STEPS("steps"),
      /** The mean over the steps of the forward and backward states ({@code mean}). */
      MEAN("mean");

      private final String id;

      Readout(String id) {
        this.id = id;
      }

      /** The manifest's {@code architecture.readout} value. */
      public String id() {
        return id;
      }

      public static Readout parse(String value) {
        for (Readout r : values()) {
          if (r.id.equals(value)) {
            return r;
          }
        }
        throw new IllegalArgumentException(
            "Cannot read a Bi-LSTM readout: expected steps or mean: " + value);
      }
    }
  }

  /**
   * Fully connected {@code in -> out} with bias: {@code name.weight [out, in]}, {@code name.bias}.
   */
  record Linear(String name, int in, int out) implements Layer {}
}
