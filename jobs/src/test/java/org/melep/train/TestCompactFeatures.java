package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.inference.CheckpointFiles;
import org.melep.inference.OnnxRunner;
import org.melep.inference.RunnerOptions;
import org.melep.model.Architecture;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.DjlBlocks;
import org.melep.model.Layer;
import org.melep.model.Weights;
import org.melep.onnx.OnnxExport;
import org.melep.transfer.spark.FeatureScoreJob;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/**
 * The checkpoints melep writes have a compact feature output, and it is what the head reads: the
 * Bi-LSTM's mean readout checked against a plain-Java LSTM written here from PyTorch's equations
 * (not the DJL blocks or the ONNX graph), in the ONNX export ({@code features}), in its logits, and
 * in the DJL body that head-mode fine-tuning trains on.
 */
class TestCompactFeatures {

  @Test
  void melepsBiLstmsReadTheMeanOfTheStatesAndThePapersEveryStep() {
    assertThat(BiLstmArchitecture.bilstmSmall(9).classifier().in()).isEqualTo(64);
    assertThat(BiLstmArchitecture.small(10).classifier().in()).isEqualTo(16);
    assertThat(BiLstmArchitecture.bilstmSmall(9).readout()).isEqualTo(Layer.BiLstm.Readout.MEAN);
    // the paper's architecture is kept as published: every step's states, flattened
    assertThat(BiLstmArchitecture.paper(9).classifier().in()).isEqualTo(1000 * 2 * 100);
    assertThat(new BiLstmArchitecture(12, 1000, 32, 2, 4).classifier().in()).isEqualTo(16_000);
  }

  @Test
  void theOnnxFeatureOutputAndTheDjlBodyAreTheMeanOfTheLstmStatesTheHeadReads() {
    BiLstmArchitecture a = new BiLstmArchitecture(12, 64, 4, 3, 4, Layer.BiLstm.Readout.MEAN);
    Weights w = a.randomWeights(7);
    int n = 3;
    int size = a.leads() * a.samples();
    float[] x = new float[n * size];
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (r.nextDouble() * 2 - 1);
    }
    int d = 2 * a.hidden();
    double[][] expected = new double[n][];
    for (int i = 0; i < n; i++) {
      expected[i] = referenceMeanStates(a, w, x, i);
    }
    float[] fcW = w.get("fc.weight", a.labels(), d).data();
    float[] fcB = w.get("fc.bias", a.labels()).data();

    long[] shape = {a.leads(), a.samples()};
    try (OnnxRunner ort =
        OnnxRunner.open(
            "bilstm",
            OnnxExport.toOnnx(a, w, false),
            shape,
            a.labels(),
            Architecture.FEATURES,
            RunnerOptions.cpu(1))) {
      assertThat(ort.featureCount()).isEqualTo(d);
      float[][] out = ort.runWithFeatures(x, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          assertClose(out[1][i * d + j], expected[i][j], "onnx feature " + i + "," + j);
        }
        for (int y = 0; y < a.labels(); y++) {
          double logit = fcB[y];
          for (int j = 0; j < d; j++) {
            logit += fcW[y * d + j] * expected[i][j];
          }
          assertClose(out[0][i * a.labels() + y], logit, "onnx logit " + i + "," + y);
        }
      }
    }

    // the body head-mode fine-tuning caches and trains the head on (FeatureCache, Finetuning)
    TrainSettings s = TrainSettings.paper().withBatchSize(2).withThreads(1);
    try (DjlTrainer body = DjlTrainer.network(DjlBlocks.of(a), w, Device.cpu(), s)) {
      float[] f = body.features(new Examples(x, new float[n * a.labels()], n, size, a.labels()));
      assertThat(f).hasSize(n * d);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          assertClose(f[i * d + j], expected[i][j], "djl body feature " + i + "," + j);
        }
      }
    }
  }

  @Test
  void everyFeatureOutputOfTheDemoZooFitsTheGramLimit(@TempDir Path tmp) throws Exception {
    Configuration conf = new Configuration();
    ZooManifest zoo = DemoZoo.write(tmp.resolve("zoo").toString(), 1, conf);
    int checked = 0;
    for (CheckpointSpec c : zoo.checkpoints()) {
      if (c.format() != ModelFormat.ONNX) {
        continue;
      }
      DemoZoo.Entry e =
          DemoZoo.entries().stream().filter(x -> x.name().equals(c.name())).findFirst().get();
      byte[] bytes = Files.readAllBytes(Path.of(new java.net.URI(c.uri()).getPath()));
      assertThat(CheckpointFiles.sha256(bytes)).isEqualTo(c.sha256());
      try (OnnxRunner ort =
          OnnxRunner.open(
              c.name(),
              bytes,
              new long[] {12, 1000},
              c.labels().size(),
              c.features(),
              RunnerOptions.cpu(1))) {
        assertThat(ort.featureCount())
            .as(c.name())
            .isEqualTo(e.architecture().classifier().in())
            .isLessThanOrEqualTo(FeatureScoreJob.DEFAULT_MAX_GRAM_FEATURES);
      }
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  private static void assertClose(double actual, double expected, String what) {
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs %s", what, actual, expected)
        .isLessThan(1e-5 * Math.max(1, Math.abs(expected)));
  }

  /**
   * Record {@code i}'s features by PyTorch's LSTM equations in double precision: the signal
   * averaged over windows of {@code pool} samples, a forward LSTM over the steps and one over the
   * reversed steps (weights {@code _reverse}), each step's forward then backward state averaged
   * over the steps.
   */
  private static double[] referenceMeanStates(BiLstmArchitecture a, Weights w, float[] x, int i) {
    int leads = a.leads();
    int steps = a.steps();
    int h = a.hidden();
    double[][] in = new double[steps][leads];
    for (int c = 0; c < leads; c++) {
      for (int t = 0; t < steps; t++) {
        double acc = 0;
        for (int k = 0; k < a.pool(); k++) {
          acc += x[i * leads * a.samples() + c * a.samples() + t * a.pool() + k];
        }
        in[t][c] = acc / a.pool();
      }
    }
    double[] mean = new double[2 * h];
    for (int dir = 0; dir < 2; dir++) {
      String suffix = dir == 0 ? "" : "_reverse";
      float[] wih = w.get("lstm.weight_ih_l0" + suffix, 4 * h, leads).data();
      float[] whh = w.get("lstm.weight_hh_l0" + suffix, 4 * h, h).data();
      float[] bih = w.get("lstm.bias_ih_l0" + suffix, 4 * h).data();
      float[] bhh = w.get("lstm.bias_hh_l0" + suffix, 4 * h).data();
      double[] state = new double[h];
      double[] cell = new double[h];
      for (int s = 0; s < steps; s++) {
        double[] xt = in[dir == 0 ? s : steps - 1 - s];
        double[] gate = new double[4 * h];
        for (int g = 0; g < 4 * h; g++) {
          double v = bih[g] + bhh[g];
          for (int c = 0; c < leads; c++) {
            v += wih[g * leads + c] * xt[c];
          }
          for (int k = 0; k < h; k++) {
            v += whh[g * h + k] * state[k];
          }
          gate[g] = v;
        }
        for (int k = 0; k < h; k++) {
          double ig = sigmoid(gate[k]);
          double fg = sigmoid(gate[h + k]);
          double gg = Math.tanh(gate[2 * h + k]);
          double og = sigmoid(gate[3 * h + k]);
          cell[k] = fg * cell[k] + ig * gg;
          state[k] = og * Math.tanh(cell[k]);
          mean[dir * h + k] += state[k] / steps;
        }
      }
    }
    return mean;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
