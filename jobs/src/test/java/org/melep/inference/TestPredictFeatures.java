package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.model.Architecture;
import org.melep.model.Layer;
import org.melep.model.Weights;
import org.melep.spark.SparkTestBase;
import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;

/**
 * {@code melep predict --features}: the zoo entries' feature outputs stored in the predictions
 * table, incrementally like the outputs, and the head applied to the stored features gives the
 * stored outputs (so they are the penultimate layer, the classifier's input).
 */
class TestPredictFeatures extends SparkTestBase {
  private static final int RECORDS = 24;
  private static final long SEED = 5;
  private static Path root;
  private static Dataset<Row> corpus;
  private static ZooManifest zoo;
  private static List<DemoZoo.Entry> entries;

  @BeforeAll
  static void setUp() throws IOException {
    root = Files.createTempDirectory(Path.of("target"), "predict-features").toAbsolutePath();
    corpus =
        TestCorpus.write(
            spark, TestCorpus.rows(RECORDS, 1000, 3), root.resolve("corpus").toString());
    // the demo zoo's two ONNX checkpoints (a ResNet1d with logits, a Bi-LSTM with probabilities)
    entries = DemoZoo.entries().subList(0, 2);
    zoo = DemoZoo.write(root.resolve("zoo").toString(), SEED, entries, new Configuration());
  }

  private static PredictJob job(ZooManifest z, String out) {
    return PredictJob.on(spark).corpus(corpus).zoo(z).output(out).batchSize(7);
  }

  @Test
  void featuresAreStoredIncrementallyAndAreTheHeadsInput() {
    assertThat(zoo.checkpoints())
        .extracting(CheckpointSpec::features)
        .containsOnly(Architecture.FEATURES);
    String out = root.resolve("predictions").toString();
    PredictResult plain = job(zoo, out).execute();
    assertThat(plain.inferredTotal()).isEqualTo(2 * RECORDS);
    assertThat(plain.predictions(spark).filter("features is not null").count()).isZero();
    Map<String, Row> before = byKey(plain.predictions(spark).collectAsList());

    // asked for features: the rows without them are re-inferred
    PredictResult withFeatures = job(zoo, out).features(true).execute();
    assertThat(withFeatures.invalidatedTotal()).isEqualTo(2 * RECORDS);
    assertThat(withFeatures.inferredTotal()).isEqualTo(2 * RECORDS);
    List<Row> rows = withFeatures.predictions(spark).collectAsList();
    assertThat(rows).hasSize(2 * RECORDS);
    for (int c = 0; c < entries.size(); c++) {
      // DemoZoo's seed for its c-th entry
      assertFeaturesAreTheHeadsInput(rows, entries.get(c), SEED + c, before);
    }

    // up to date either way: nothing computed or written, the features stay
    PredictResult again = job(zoo, out).features(true).execute();
    assertThat(again.written()).isFalse();
    assertThat(again.reusedTotal()).isEqualTo(2 * RECORDS);
    PredictResult withoutAsking = job(zoo, out).execute();
    assertThat(withoutAsking.written()).isFalse();
    assertThat(withoutAsking.predictions(spark).filter("features is null").count()).isZero();
  }

  /**
   * A djl entry's features (its network's body output) are stored the same way: the head's weights
   * applied to them give the stored outputs.
   */
  @Test
  void aDjlEntrysFeaturesAreTheHeadsInputToo() {
    DemoZoo.Entry djl = DemoZoo.entries().get(2);
    assertThat(djl.format()).isEqualTo(org.melep.zoo.ModelFormat.DJL);
    ZooManifest written =
        DemoZoo.write(root.resolve("zoo-djl").toString(), SEED, List.of(djl), new Configuration());
    CheckpointSpec spec = written.checkpoints().get(0).withFeatures(Architecture.FEATURES);
    ZooManifest z = new ZooManifest("zoo.yaml", List.of(spec));
    PredictResult r = job(z, root.resolve("p-djl").toString()).features(true).execute();
    assertThat(r.inferredTotal()).isEqualTo(RECORDS);
    List<Row> rows = r.predictions(spark).collectAsList();
    assertThat(rows).hasSize(RECORDS);
    assertFeaturesAreTheHeadsInput(rows, djl, SEED, null);
  }

  /** Each row's stored outputs are the entry's head applied to its stored features (1e-4). */
  private static void assertFeaturesAreTheHeadsInput(
      List<Row> rows, DemoZoo.Entry entry, long seed, Map<String, Row> before) {
    Architecture a = entry.architecture();
    Weights w = a.randomWeights(seed);
    Layer.Linear head = a.classifier();
    boolean probs = entry.probs();
    float[] weight = w.get(head.name() + ".weight", head.out(), head.in()).data();
    float[] bias = w.get(head.name() + ".bias", head.out()).data();
    int seen = 0;
    for (Row r : rows) {
      if (!r.getString(r.fieldIndex("checkpoint")).equals(entry.name())) {
        continue;
      }
      seen++;
      List<Float> f = r.getList(r.fieldIndex("features"));
      assertThat(f).hasSize(head.in());
      List<Double> outputs = r.getList(r.fieldIndex(probs ? "probs" : "logits"));
      for (int k = 0; k < head.out(); k++) {
        double z = bias[k];
        for (int j = 0; j < head.in(); j++) {
          z += weight[k * head.in() + j] * f.get(j);
        }
        double expected = probs ? 1 / (1 + Math.exp(-z)) : z;
        assertThat(outputs.get(k))
            .as("%s output %d", entry.name(), k)
            .isCloseTo(expected, within(1e-4));
      }
      if (before != null) {
        // the same outputs as the run without features
        Row old = before.get(key(r));
        assertThat(outputs).isEqualTo(old.getList(old.fieldIndex(probs ? "probs" : "logits")));
      }
    }
    assertThat(seen).as("rows of %s", entry.name()).isPositive();
  }

  @Test
  void anEntryWithoutAFeatureOutputOrWithAWrongOneIsNamed() {
    CheckpointSpec none = zoo.checkpoints().get(0).withFeatures(null);
    ZooManifest without = new ZooManifest("zoo.yaml", List.of(none, zoo.checkpoints().get(1)));
    assertThatThrownBy(
            () -> job(without, root.resolve("p-none").toString()).features(true).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot predict features: checkpoint resnet1d-cpsc of zoo.yaml names no feature output "
                + "(add 'features: <ONNX output name>' to its entry; checkpoints melep train writes name theirs)");
    CheckpointSpec wrong = zoo.checkpoints().get(0).withFeatures("penultimate");
    byte[] bytes = CheckpointFiles.readVerified(wrong, new Configuration());
    assertThatThrownBy(() -> ModelRunners.open(wrong, bytes, RunnerOptions.auto()).close())
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("names feature output 'penultimate' but the model's outputs are")
        .hasMessageContaining("features");
    CheckpointSpec first = zoo.checkpoints().get(0).withFeatures(Architecture.OUTPUT);
    assertThatThrownBy(() -> ModelRunners.open(first, bytes, RunnerOptions.auto()).close())
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("is the model's first output");
  }

  @Test
  void theContractHashChangesOnlyForEntriesThatNameFeatures() {
    CheckpointSpec named = zoo.checkpoints().get(0);
    CheckpointSpec unnamed = named.withFeatures(null);
    assertThat(ContractHash.canonical(unnamed)).doesNotContain("features");
    assertThat(ContractHash.canonical(named))
        .isEqualTo(ContractHash.canonical(unnamed) + ";features=features");
  }

  private static String key(Row r) {
    return r.getString(r.fieldIndex("checkpoint")) + "|" + r.getString(r.fieldIndex("record_id"));
  }

  private static Map<String, Row> byKey(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    rows.forEach(r -> m.put(key(r), r));
    return m;
  }
}
