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

  /** Rhythm probabilities (exactly one rhythm per record; normalised). */
  public Map<String, Double> rhythms = new LinkedHashMap<>();

  /** Findings in draw order (exclusions and {@code given} refer to earlier findings). */
  public List<FindingPrior> findings = List.of();

  /** Standard deviation of white measurement noise, mV. */
  public double noiseMv = 0.02;

  /** Amplitude of baseline wander (sum of two slow sinusoids per lead), mV. */
  public double wanderMv = 0.1;

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
}
