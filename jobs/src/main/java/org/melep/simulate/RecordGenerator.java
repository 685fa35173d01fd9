package org.melep.simulate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;
import org.melep.random.RecordRng;

/**
 * Generates record {@code index} of a simulated corpus from {@code (seed, index)} alone: the
 * record's random stream ({@link RecordRng}) first picks its dataset by the configured weights,
 * then its conditions ({@link ConditionSampler}), patient and signal ({@link EcgSynthesizer}). A
 * record is therefore the same whatever the partitioning and whatever the total record count
 * ({@code --records 1000} is a prefix of {@code --records 200000}).
 *
 * <p>Serializable for Spark; the synthesizer's buffers are created lazily per JVM copy, so use one
 * instance per task.
 */
public final class RecordGenerator implements Serializable {
  private final SimulationConfig config;
  private final long seed;
  private final DatasetProfile[] profiles;
  private final double[] cumulative;
  private final ConditionSampler[] samplers;
  private final LabelCoder[] coders;
  private transient EcgSynthesizer synth;

  public RecordGenerator(SimulationConfig config, LabelSets table, long seed) {
    this.config = config;
    this.seed = seed;
    int k = config.datasets.size();
    profiles = config.datasets.toArray(new DatasetProfile[0]);
    cumulative = new double[k];
    samplers = new ConditionSampler[k];
    coders = new LabelCoder[k];
    double total = 0;
    for (DatasetProfile d : profiles) {
      total += d.weight;
    }
    double cum = 0;
    for (int i = 0; i < k; i++) {
      cum += profiles[i].weight / total;
      cumulative[i] = cum;
      samplers[i] = new ConditionSampler(profiles[i]);
      coders[i] = new LabelCoder(config, profiles[i], table);
    }
    cumulative[k - 1] = 1.0;
  }

  public SimulationConfig config() {
    return config;
  }

  /** The index of the dataset record {@code index} belongs to (cheap: one random draw). */
  public int datasetOf(long index) {
    return pick(RecordRng.forRecord(seed, index).nextDouble());
  }

  public String datasetName(int dataset) {
    return profiles[dataset].name;
  }

  public int datasetCount() {
    return profiles.length;
  }

  private int pick(double u) {
    int i = 0;
    while (i < cumulative.length - 1 && u >= cumulative[i]) {
      i++;
    }
    return i;
  }

  /** Generates record {@code index}. */
  public SimulatedRecord generate(long index) {
    SplittableRandom rng = RecordRng.forRecord(seed, index);
    int d = pick(rng.nextDouble());
    long mask = samplers[d].sample(rng);
    return render(index, d, mask, rng);
  }

  /**
   * Generates a record of dataset {@code dataset} with the given conditions (for plots and tests:
   * the conditions are not drawn).
   */
  public SimulatedRecord generateWith(long index, String dataset, long conditions) {
    SplittableRandom rng = RecordRng.forRecord(seed, index);
    rng.nextDouble();
    int d = -1;
    for (int i = 0; i < profiles.length; i++) {
      if (profiles[i].name.equals(dataset)) {
        d = i;
      }
    }
    if (d < 0) {
      config.dataset(dataset); // throws with the known names
    }
    samplers[d].sample(rng);
    Condition.rhythmOf(conditions);
    return render(index, d, conditions, rng);
  }

  /** The synthesizer of this generator (its {@code signal()} holds the last record). */
  public EcgSynthesizer synthesizer() {
    if (synth == null) {
      synth = new EcgSynthesizer(config.samplingRate, config.nSamples());
    }
    return synth;
  }

  private SimulatedRecord render(long index, int d, long mask, SplittableRandom rng) {
    DatasetProfile p = profiles[d];
    Integer age = null;
    double ua = rng.nextDouble();
    double ageDraw = p.ageMean + p.ageSd * rng.nextGaussian();
    int years = (int) Math.round(Math.max(18, Math.min(95, ageDraw)));
    if (ua >= p.ageMissing) {
      age = years;
    }
    boolean female = rng.nextDouble() < p.femaleFraction;
    String sex = female ? "F" : "M";
    EcgSynthesizer s = synthesizer();
    // the patient has an age even where the record does not state it
    s.synthesize(mask, p, years, female, rng);
    byte[] signal = s.encode(EcgSignal.DEFAULT_GAIN);
    Map<String, List<String>> labels = new LinkedHashMap<>();
    for (String set : CorpusSchema.LABEL_SETS) {
      labels.put(set, coders[d].labels(set, mask));
    }
    String name = String.format("SIM%010d", index);
    return new SimulatedRecord(
        index,
        p.name + "/" + name,
        p.name,
        mask,
        config.samplingRate,
        s.nSamples(),
        signal,
        coders[d].codes(mask),
        labels,
        age,
        sex,
        "simulate:seed=" + seed + ":index=" + index);
  }
}
