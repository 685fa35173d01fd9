package org.melep.simulate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's settings: {@code conf/simulate.yaml}, plain data (snake_case keys, no type tags)
 * read with Jackson YAML. The jar embeds the default as {@code melep/conf/simulate.yaml}.
 */
public class SimulationConfig implements Serializable {
  public static final String RESOURCE = "melep/conf/simulate.yaml";

  private static final List<String> LABEL_SETS = org.melep.corpus.CorpusSchema.LABEL_SETS;

  /** Samples per second of the generated signal. */
  public double samplingRate = 100.0;

  /** Length of each record, seconds. */
  public double durationSeconds = 10.0;

  /** PTB-XL superclass -> the conditions that make it positive (NORM: none of the others). */
  public Map<String, List<String>> ptbxlSuperclasses = new LinkedHashMap<>();

  /** The simulated source datasets. */
  public List<DatasetProfile> datasets = new ArrayList<>();

  public SimulationConfig() {}

  public int nSamples() {
    return (int) Math.round(samplingRate * durationSeconds);
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** The default settings embedded in the jar. */
  public static SimulationConfig embedded() {
    try (InputStream in = SimulationConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Cannot load simulator settings: missing: " + RESOURCE);
      }
      return mapper().readValue(in, SimulationConfig.class).validated(RESOURCE);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read simulator settings: " + RESOURCE, e);
    }
  }

  /** Settings from a YAML file. */
  public static SimulationConfig read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return mapper().readValue(in, SimulationConfig.class).validated(file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read simulator settings: " + file + ": " + e.getMessage(), e);
    }
  }

  /** The profile named {@code name}. */
  public DatasetProfile dataset(String name) {
    for (DatasetProfile d : datasets) {
      if (d.name.equals(name)) {
        return d;
      }
    }
    List<String> known = new ArrayList<>();
    datasets.forEach(d -> known.add(d.name));
    throw new IllegalArgumentException(
        "Cannot find simulated dataset: not configured (known: " + known + "): " + name);
  }

  /**
   * A copy keeping only the named datasets with the given weights, e.g. {@code
   * sim_csn:0.5,sim_cpsc:0.5} (a name without weight keeps its configured weight).
   */
  public SimulationConfig withDatasets(String spec) {
    SimulationConfig copy = new SimulationConfig();
    copy.samplingRate = samplingRate;
    copy.durationSeconds = durationSeconds;
    copy.ptbxlSuperclasses = ptbxlSuperclasses;
    for (String part : spec.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      String[] nw = p.split(":", -1);
      DatasetProfile base = dataset(nw[0].strip());
      DatasetProfile d = copyOf(base);
      if (nw.length == 2) {
        try {
          d.weight = Double.parseDouble(nw[1].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "Cannot parse --datasets: weight is not a number: " + p, e);
        }
      } else if (nw.length > 2) {
        throw new IllegalArgumentException("Cannot parse --datasets: expected name[:weight]: " + p);
      }
      copy.datasets.add(d);
    }
    return copy.validated("--datasets " + spec);
  }

  private static DatasetProfile copyOf(DatasetProfile d) {
    return mapper().convertValue(mapper().convertValue(d, Map.class), DatasetProfile.class);
  }

  /** Checks the settings, naming the source and the bad value. */
  public SimulationConfig validated(String source) {
    check(samplingRate > 0 && samplingRate <= 2000, source, "sampling_rate", samplingRate);
    check(
        durationSeconds > 0 && durationSeconds <= 600, source, "duration_seconds", durationSeconds);
    check(!datasets.isEmpty(), source, "datasets", "empty");
    double total = 0;
    for (DatasetProfile d : datasets) {
      check(d.name != null && d.name.matches("[A-Za-z0-9_.-]+"), source, "dataset name", d.name);
      check(d.weight >= 0 && Double.isFinite(d.weight), source, d.name + ".weight", d.weight);
      total += d.weight;
      check(!d.rhythms.isEmpty(), source, d.name + ".rhythms", "empty");
      for (Map.Entry<String, Double> r : d.rhythms.entrySet()) {
        Condition c = Condition.parse(r.getKey());
        check(c.kind() == Condition.Kind.RHYTHM, source, d.name + ".rhythms", r.getKey());
        check(r.getValue() != null && r.getValue() >= 0, source, d.name + ".rhythms", r);
      }
      for (FindingPrior f : d.findings) {
        Condition c = Condition.parse(f.name);
        check(c.kind() == Condition.Kind.FINDING, source, d.name + ".findings", f.name);
        check(f.prevalence >= 0 && f.prevalence <= 1, source, d.name + "." + f.name, f.prevalence);
        check(f.factor > 0, source, d.name + "." + f.name + ".factor", f.factor);
        f.rhythms.forEach(Condition::parse);
        f.excludes.forEach(Condition::parse);
        if (f.given != null) {
          Condition.parse(f.given);
        }
      }
      check(d.noiseMv >= 0, source, d.name + ".noise_mv", d.noiseMv);
      check(
          d.noiseColour >= 0 && d.noiseColour <= 0.99,
          source,
          d.name + ".noise_colour (0..0.99)",
          d.noiseColour);
      check(d.wanderMv >= 0, source, d.name + ".wander_mv", d.wanderMv);
      check(d.wanderHz >= 0.05 && d.wanderHz <= 2, source, d.name + ".wander_hz", d.wanderHz);
      check(d.mainsMv >= 0, source, d.name + ".mains_mv", d.mainsMv);
      check(d.mainsHz > 0 && d.mainsHz <= 1000, source, d.name + ".mains_hz", d.mainsHz);
      check(
          d.highpassHz >= 0 && d.highpassHz < samplingRate / 2,
          source,
          d.name + ".highpass_hz (0 or below Nyquist)",
          d.highpassHz);
      check(
          d.lowpassHz >= 0 && (d.lowpassHz == 0 || d.lowpassHz > d.highpassHz),
          source,
          d.name + ".lowpass_hz (0 or above highpass_hz)",
          d.lowpassHz);
      check(
          d.leadPlacementDeg >= 0 && d.leadPlacementDeg <= 45,
          source,
          d.name + ".lead_placement_deg",
          d.leadPlacementDeg);
      check(
          d.armReversal >= 0 && d.armReversal <= 1,
          source,
          d.name + ".arm_reversal",
          d.armReversal);
      check(d.ageSd >= 0, source, d.name + ".age_sd", d.ageSd);
      check(
          d.labelSet == null || LABEL_SETS.contains(d.labelSet),
          source,
          d.name + ".label_set (known: " + LABEL_SETS + ")",
          d.labelSet);
      check(
          "all".equals(d.annotates) || LABEL_SETS.contains(d.annotates),
          source,
          d.name + ".annotates (all or " + LABEL_SETS + ")",
          d.annotates);
      check(d.amplitudeScale > 0, source, d.name + ".amplitude_scale", d.amplitudeScale);
      check(
          d.leadGains.isEmpty() || d.leadGains.size() == 12,
          source,
          d.name + ".lead_gains (12 values)",
          d.leadGains);
      check(
          d.femaleFraction >= 0 && d.femaleFraction <= 1,
          source,
          d.name + ".female_fraction",
          d.femaleFraction);
      check(d.ageMissing >= 0 && d.ageMissing <= 1, source, d.name + ".age_missing", d.ageMissing);
    }
    check(total > 0, source, "dataset weights (sum)", total);
    return this;
  }

  private static void check(boolean ok, String source, String what, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Cannot use simulator settings " + source + ": invalid " + what + ": " + value);
    }
  }
}
