package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.DjlBlocks;
import org.melep.model.ResNet1dArchitecture;
import org.melep.model.Weights;

/** The training loop lowers the loss, and the same seed gives the same weights on CPU. */
class TestDjlTrainer {

  private static Examples data(int n, int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * 12 * samples];
    float[] y = new float[n * 2];
    for (int i = 0; i < n; i++) {
      boolean pos = r.nextBoolean();
      y[2 * i] = pos ? 1 : 0;
      y[2 * i + 1] = pos ? 0 : 1;
      for (int j = 0; j < 12 * samples; j++) {
        x[i * 12 * samples + j] = (float) (r.nextGaussian() * 0.1 + (pos ? Math.sin(j * 0.3) : 0));
      }
    }
    return new Examples(x, y, n, 12 * samples, 2);
  }

  @Test
  void seededRunsAreIdenticalAndLearn() {
    var a = new ResNet1dArchitecture(12, 128, List.of(1, 1), 8, 16, 2, true);
    Examples d = data(48, 128, 1);
    TrainSettings s = TrainSettings.paper().withBatchSize(16).withThreads(1);
    Weights w1;
    double first;
    double last = 0;
    try (DjlTrainer t = DjlTrainer.network(DjlBlocks.of(a), a.randomWeights(3), Device.cpu(), s)) {
      first = t.epoch(d, 1);
      for (int e = 2; e <= 6; e++) {
        last = t.epoch(d, e);
      }
      w1 = t.weights();
    }
    assertThat(last).isLessThan(first * 0.7);
    try (DjlTrainer t = DjlTrainer.network(DjlBlocks.of(a), a.randomWeights(3), Device.cpu(), s)) {
      for (int e = 1; e <= 6; e++) {
        t.epoch(d, e);
      }
      for (String name : w1.names()) {
        assertThat(t.weights().asMap().get(name).data())
            .as(name)
            .containsExactly(w1.asMap().get(name).data());
      }
    }
  }

  @Test
  void bilstmHeadProbeTrainsOnFeatures() {
    var a = new BiLstmArchitecture(12, 64, 4, 2, 4);
    Examples d = data(32, 64, 2);
    TrainSettings s = TrainSettings.paper().withBatchSize(8).withThreads(1);
    try (DjlTrainer body =
        DjlTrainer.network(DjlBlocks.of(a), a.randomWeights(1), Device.cpu(), s)) {
      float[] f = body.features(d);
      assertThat(f).hasSize(32 * a.classifier().in());
      Examples fe = new Examples(f, d.y(), d.n(), a.classifier().in(), 2);
      Weights head = new Weights();
      a.randomWeights(5)
          .asMap()
          .forEach(
              (k, v) -> {
                if (k.startsWith("fc.")) {
                  head.put(k, v);
                }
              });
      try (DjlTrainer probe = DjlTrainer.linear(a.classifier(), head, Device.cpu(), s)) {
        double first = probe.epoch(fe, 1);
        double later = first;
        for (int e = 2; e <= 8; e++) {
          later = probe.epoch(fe, e);
        }
        assertThat(later).isLessThan(first);
        assertThat(probe.predict(fe)).hasSize(64);
      }
    }
  }
}
