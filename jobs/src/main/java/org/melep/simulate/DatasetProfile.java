package org.melep.simulate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated source dataset (plain data read from {@code conf/simulate.yaml}): its share of the
 * records, its label vocabulary, its prevalences and its recording conditions. See {@code
 * docs/simulate.md} for each knob.
 */
public class DatasetProfile implements Serializable {
  /** Dataset name, the {@code dataset} column and the prefix of {@code record_id}. */
  public String name;

  /** Share of the records (weights are normalised over the chosen datasets). */
  public double weight = 1.0;

  /**
   * The label set whose codes the dataset annotates ({@code cpsc}, {@code georgia}, {@code csn}),
   * or {@code all}: conditions outside it are simulated in the signal but not coded.
   */
  public String annotates = "all";

  /** NORM is coded only when no other coded label is positive (CPSC's "normal ECG"). */
  public boolean normOnlyIfNoFinding = false;

  /** Whether {@code labels_ptbxl} is filled (superclasses from the conditions). */
  public boolean ptbxlLabels = false;

  /**
   * The label set a checkpoint pretrained on this dataset learns ({@code cpsc}, {@code georgia},
   * {@code ptbxl}, {@code csn}); null: {@code ptbxl} with {@link #ptbxlLabels}, else {@link
   * #annotates} (or {@code csn} when that is {@code all}). Used by the relatedness table.
   */
  public String labelSet;

  /** Rhythm probabilities (exactly one rhythm per record; normalised). */
  public Map<String, Double> rhythms = new LinkedHashMap<>();

  /** Findings in draw order (exclusions and {@code given} refer to earlier findings). */
  public List<FindingPrior> findings = List.of();

  /** Standard deviation of the measurement noise, mV. */
  public double noiseMv = 0.02;

  /**
   * Colour of the noise: the AR(1) coefficient of the noise sequence, 0 (white) to 0.99 (red: power
   * falling with frequency, as electrode and motion noise); its variance stays {@link #noiseMv}^2.
   */
  public double noiseColour = 0.0;

  /** Amplitude of baseline wander (a per-lead mix of three slow sinusoids), mV. */
  public double wanderMv = 0.1;

  /** Highest frequency of the wander sinusoids, Hz (drawn in 0.05..wander_hz). */
  public double wanderHz = 0.5;

  /** Mains interference: frequency (50 or 60 Hz; aliased by the sampling rate) ... */
  public double mainsHz = 50.0;

  /** ... and its peak amplitude per lead, mV (0: none). */
  public double mainsMv = 0.0;

  /** The recorder's high-pass corner (first order), Hz; 0: none (DC coupled). */
  public double highpassHz = 0.0;

  /** The recorder's low-pass corner (second-order Butterworth), Hz; 0: none. */
  public double lowpassHz = 0.0;

  /**
   * Per-record electrode placement variation: standard deviation of a rotation of the precordial
   * electrodes around the body's vertical axis, degrees (a half-size tilt up or down with it).
   */
  public double leadPlacementDeg = 0.0;

  /** Probability that a record has its left and right arm electrodes swapped (LA/RA reversal). */
  public double armReversal = 0.0;

  /** Global amplitude factor (amplifier calibration, population). */
  public double amplitudeScale = 1.0;

  /** Per-record log-normal amplitude spread (body habitus). */
  public double amplitudeSd = 0.15;

  /** Fixed per-lead gain of the dataset, 12 values in CorpusSchema.LEADS order (empty: all 1). */
  public List<Double> leadGains = List.of();

  /** Per-record, per-lead log-normal gain spread (electrode placement). */
  public double leadGainSd = 0.05;

  /** Age distribution (normal, clipped to 18..95) and the share of records without an age. */
  public double ageMean = 58;

  public double ageSd = 16;
  public double ageMissing = 0.0;

  /** Share of female patients. */
  public double femaleFraction = 0.45;

  public DatasetProfile() {}

  /** The label set a checkpoint pretrained on this dataset learns (see {@link #labelSet}). */
  public String vocabulary() {
    if (labelSet != null) {
      return labelSet;
    }
    if (ptbxlLabels) {
      return "ptbxl";
    }
    return "all".equals(annotates) ? "csn" : annotates;
  }
}
