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
 * windows of {@code pool} samples ({@code steps = samples / pool}).
 *
 * <p>Weight names (PyTorch {@code nn.LSTM} style, gate order i, f, g, o): {@code lstm.weight_ih_l0
 * [4 hidden, leads]}, {@code lstm.weight_hh_l0 [4 hidden, hidden]}, {@code lstm.bias_ih_l0 [4
 * hidden]}, {@code lstm.bias_hh_l0 [4 hidden]}, the same with suffix {@code _reverse} for the
 * backward direction, {@code fc.weight [labels, steps * 2 hidden]}, {@code fc.bias [labels]}. The
 * ONNX export reorders gates to ONNX's i, o, f, c.
 */
public record BiLstmArchitecture(int leads, int samples, int hidden, int labels, int pool)
    implements Architecture {

  public static final String TYPE = "bilstm";

  public BiLstmArchitecture {
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

  /** The Bi-LSTM on the raw signal (no pooling). */
  public BiLstmArchitecture(int leads, int samples, int hidden, int labels) {
    this(leads, samples, hidden, labels, 1);
  }

  /** The paper's Bi-LSTM on 12 leads x 1000 samples, 100 units per direction. */
  public static BiLstmArchitecture paper(int labels) {
    return new BiLstmArchitecture(12, 1000, 100, labels);
  }

  /**
   * {@code bilstm-small}: 32 units per direction on the signal averaged over 4 samples (250 steps):
   * 11,776 LSTM values + 16,001 x labels in the head.
   */
  public static BiLstmArchitecture bilstmSmall(int labels) {
    return new BiLstmArchitecture(12, 1000, 32, labels, 4);
  }

  /** A tiny variant for tests and the random-weight demo zoo: 8 units per direction. */
  public static BiLstmArchitecture small(int labels) {
    return new BiLstmArchitecture(12, 1000, 8, labels);
  }

  @Override
  public String type() {
    return TYPE;
  }

  public int steps() {
    return samples / pool;
  }

  public long features() {
    return (long) steps() * 2 * hidden;
  }

  @Override
  public BiLstmArchitecture withLabels(int n) {
    return new BiLstmArchitecture(leads, samples, hidden, n, pool);
  }

  @Override
  public List<Layer> body() {
    List<Layer> l = new ArrayList<>();
    if (pool > 1) {
      l.add(new Layer.AvgPool(pool));
    }
    l.add(new Layer.BiLstm("lstm", leads, hidden, steps()));
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
    return m;
  }
}
