package org.melep.zoo;

import java.io.Serializable;
import java.util.List;

/**
 * What a checkpoint takes: records sampled at {@code fs} Hz with {@code samples} samples, the given
 * leads in this order (a subset of the corpus leads, matched by name), laid out {@code NCL} ({@code
 * [batch, leads, samples]}) or {@code NLC}, values in millivolts normalised as {@code normalize}
 * says.
 */
public record InputContract(
    double fs, int samples, List<String> leads, Layout layout, Normalization normalize)
    implements Serializable {

  /** Order of the model input's two record dimensions. */
  public enum Layout {
    /** {@code [batch, leads, samples]}. */
    NCL,
    /** {@code [batch, samples, leads]}. */
    NLC
  }

  /** What is done to each record's millivolts before the model sees them. */
  public enum Normalization {
    /** Millivolts as stored. */
    NONE,
    /** Per record and lead, {@code (x - min) / (max - min)}; a flat lead becomes zeros. */
    MINMAX
  }

  public InputContract {
    leads = List.copyOf(leads);
  }

  /**
   * The model input's shape for one record: {@code [leads, samples]} or {@code [samples, leads]}.
   */
  public long[] recordShape() {
    return layout == Layout.NCL
        ? new long[] {leads.size(), samples}
        : new long[] {samples, leads.size()};
  }
}
