package org.melep.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's Bi-LSTM: one bidirectional LSTM layer {@code leads -> hidden} per direction over the
 * time steps, the outputs of every step flattened (time-major, forward then backward per step, as
 * PyTorch's {@code batch_first} output flattens; the penultimate output), and one linear layer
 * {@code steps * 2 * hidden -> labels}. With {@code pool > 1} the signal is first averaged over
 * windows of {@code pool} samples ({@code steps = samples / pool}). With the {@link
 * Layer.BiLstm.Readout#MEAN mean} readout the head reads instead the mean over the steps of the
 * forward and backward states ({@code 2 * hidden} features: compact enough for LogME and H-score,
 * whose state holds a features x features Gram matrix), linear {@code 2 * hidden -> labels};
 * melep's small variants ({@link #bilstmSmall}, {@link #small}) use it, the paper's ({@link
 * #paper}) keeps every step.
 *
 * <p>Weight names (PyTorch {@code nn.LSTM} style, gate order i, f, g, o): {@code lstm.weight_ih_l0
 * [4 hidden, leads]}, {@code lstm.weight_hh_l0 [4 hidden, hidden]}, {@code lstm.bias_ih_l0 [4
 * hidden]}, {@code lstm.bias_hh_l0 [4 hidden]}, the same with suffix {@code _reverse} for the
 * backward direction, {@code fc.weight [labels, steps * 2 hidden]}, {@code fc.bias [labels]}. The
 * ONNX export reorders gates to ONNX's i, o, f, c.
 */
public record BiLstmArchitecture(
    int leads, int samples, int hidden, int labels, int pool, Layer.BiLstm.Readout readout)
    implements Architecture {

  public static final String TYPE = "bilstm";

  public BiLstmArchitecture {
    if (readout == null) {
      throw new IllegalArgumentException("Cannot build bilstm: no readout");
    }
    if (leads < 1 || samples < 1 || hidden < 1 || labels < 1 || pool < 1 || samples < pool) {
      throw new IllegalArgumentException(
          "Cannot build bilstm: sizes must be positive (pool <= samples): leads="
              + leads
              + " samples="
              + samples
              + " hidden="
              + hidden
              + " labels="
              + labels
              + " pool="
              + pool);
    }
  }

  /** Every step's states read by the head (the paper's readout). */
  public BiLstmArchitecture(int leads, int samples, int hidden, int labels, int pool) {
    this(leads, samples, hidden, labels, pool, Layer.BiLstm.Readout.STEPS);
  }

  /** The Bi-LSTM on the raw signal (no pooling), every step's states read by the head. */
  public BiLstmArchitecture(int leads, int samples, int hidden, int labels) {
    this(leads, samples, hidden, labels, 1);
  }

  /** The paper's Bi-LSTM on 12 leads x 1000 samples, 100 units per direction. */
  public static BiLstmArchitecture paper(int labels) {
    return new BiLstmArchitecture(12, 1000, 100, labels);
  }

  /**
   * {@code bilstm-small}: 32 units per direction on the signal averaged over 4 samples (250 steps),
   * the head reading the mean of the states over the steps (64 features): 11,776 LSTM values + 65 x
   * labels in the head.
   */
  public static BiLstmArchitecture bilstmSmall(int labels) {
    return new BiLstmArchitecture(12, 1000, 32, labels, 4, Layer.BiLstm.Readout.MEAN);
  }

  /**
   * A tiny variant for tests and the random-weight demo zoo: 8 units per direction, the mean
   * readout (16 features).
   */
  public static BiLstmArchitecture small(int labels) {
    return new BiLstmArchitecture(12, 1000, 8, labels, 1, Layer.BiLstm.Readout.MEAN);
  }

  @Override
  public String type() {
    return TYPE;
  }

  public int steps() {
    return samples / pool;
  }

  /** The head's input width: {@code steps * 2 * hidden}, or {@code 2 * hidden} (mean readout). */
  public long features() {
    return lstm().outputs();
  }

  @Override
  public BiLstmArchitecture withLabels(int n) {
    return new BiLstmArchitecture(leads, samples, hidden, n, pool, readout);
  }

  private Layer.BiLstm lstm() {
    return new Layer.BiLstm("lstm", leads, hidden, steps(), readout);
  }

  @Override
  public List<Layer> body() {
    List<Layer> l = new ArrayList<>();
    if (pool > 1) {
      l.add(new Layer.AvgPool(pool));
    }
    l.add(lstm());
    return l;
  }

  @Override
  public Layer.Linear classifier() {
    long f = features();
    if (f > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Cannot build bilstm: too many features: " + f);
    }
    return new Layer.Linear("fc", (int) f, labels);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("hidden", hidden);
    if (pool > 1) {
      m.put("pool", pool);
    }
    if (readout != Layer.BiLstm.Readout.STEPS) {
      m.put("readout", readout.id());
    }
    return m;
  }
}
