package org.melep.inference;

import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.zoo.InputContract;

/**
 * Fills a primitive {@code float[]} batch from corpus records as a checkpoint's {@link
 * InputContract} says: checks sampling rate, length and lead count, picks and orders the leads,
 * lays them out (NCL or NLC) and normalises. One builder per task; not thread-safe.
 */
public final class BatchBuilder {
  private final String checkpoint;
  private final InputContract contract;
  private final int[] leadIndex;
  private final int samples;
  private final int recordSize;
  private final float[] batch;
  private final float[] scratch;
  private final boolean direct;
  private int count;

  public BatchBuilder(String checkpoint, InputContract contract, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "Cannot build batches: batch size must be >= 1: " + capacity);
    }
    this.checkpoint = checkpoint;
    this.contract = contract;
    this.samples = contract.samples();
    this.leadIndex = new int[contract.leads().size()];
    for (int k = 0; k < leadIndex.length; k++) {
      leadIndex[k] = CorpusSchema.LEADS.indexOf(contract.leads().get(k));
    }
    this.recordSize = leadIndex.length * samples;
    this.batch = new float[capacity * recordSize];
    this.direct =
        contract.leads().equals(CorpusSchema.LEADS)
            && contract.layout() == InputContract.Layout.NCL
            && contract.normalize() == InputContract.Normalization.NONE;
    this.scratch = direct ? null : new float[CorpusSchema.N_LEADS * samples];
  }

  public int capacity() {
    return batch.length / recordSize;
  }

  public int size() {
    return count;
  }

  public boolean isFull() {
    return count == capacity();
  }

  /** The batch values: the first {@link #size()} records are valid. */
  public float[] values() {
    return batch;
  }

  public void clear() {
    count = 0;
  }

  /** Appends one record, or throws an {@link InferenceException} naming it. */
  public void add(String recordId, double fs, int nSamples, byte[] signal, double[] gain) {
    if (Math.abs(fs - contract.fs()) > 1e-6 * contract.fs()) {
      throw new InferenceException(
          checkpoint,
          recordId,
          "record is sampled at " + fs + " Hz, the checkpoint takes " + contract.fs() + " Hz");
    }
    if (nSamples != samples) {
      throw new InferenceException(
          checkpoint,
          recordId,
          "record has " + nSamples + " samples, the checkpoint takes " + samples);
    }
    if (gain == null
        || gain.length != CorpusSchema.N_LEADS
        || signal == null
        || signal.length != CorpusSchema.N_LEADS * nSamples * 2) {
      int leads = gain == null ? 0 : gain.length;
      throw new InferenceException(
          checkpoint,
          recordId,
          "record has "
              + leads
              + " lead gains and "
              + (signal == null ? 0 : signal.length)
              + " signal bytes, expected "
              + CorpusSchema.N_LEADS
              + " leads x "
              + nSamples
              + " samples");
    }
    for (double g : gain) {
      if (!(Math.abs(g) > 0) || Double.isInfinite(g)) {
        throw new InferenceException(checkpoint, recordId, "record has an unusable ADC gain: " + g);
      }
    }
    if (isFull()) {
      throw new IllegalStateException("Cannot add record " + recordId + ": batch is full");
    }
    int offset = count * recordSize;
    if (direct) {
      EcgSignal.decodeInto(signal, gain, samples, batch, offset);
    } else {
      EcgSignal.decodeInto(signal, gain, samples, scratch, 0);
      fill(offset);
    }
    count++;
  }

  private void fill(int offset) {
    int leads = leadIndex.length;
    boolean ncl = contract.layout() == InputContract.Layout.NCL;
    boolean minmax = contract.normalize() == InputContract.Normalization.MINMAX;
    for (int k = 0; k < leads; k++) {
      int src = leadIndex[k] * samples;
      float lo = 0;
      float scale = 1;
      if (minmax) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < samples; j++) {
          float v = scratch[src + j];
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        lo = min;
        scale = max > min ? 1f / (max - min) : 0f;
      }
      for (int j = 0; j < samples; j++) {
        float v = (scratch[src + j] - lo) * scale;
        batch[ncl ? offset + k * samples + j : offset + j * leads + k] = v;
      }
    }
  }
}
