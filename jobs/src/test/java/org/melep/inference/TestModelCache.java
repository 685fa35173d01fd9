package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestModelCache {

  /** A runner that only records whether it was closed. */
  private static final class FakeRunner implements ModelRunner {
    boolean closed;

    @Override
    public long[] recordShape() {
      return new long[] {1};
    }

    @Override
    public int outputs() {
      return 1;
    }

    @Override
    public float[] run(float[] input, int n) {
      return new float[n];
    }

    @Override
    public String describe() {
      return "fake";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void loadsOncePerKeyAndCountsLoads() {
    ModelCache cache = new ModelCache(2);
    List<FakeRunner> made = new ArrayList<>();
    RunnerOptions opts = RunnerOptions.cpu(1);
    for (int i = 0; i < 5; i++) {
      try (ModelCache.Lease l = cache.acquire("aaa", opts, () -> add(made))) {
        assertThat(l.loadedNow()).isEqualTo(i == 0);
        assertThat(l.runner()).isSameAs(made.get(0));
      }
    }
    assertThat(made).hasSize(1);
    assertThat(cache.loads()).isEqualTo(1);
    assertThat(cache.loads("aaa")).isEqualTo(1);
    cache.acquire("aaa", RunnerOptions.cpu(2), () -> add(made)).close();
    assertThat(cache.loads()).isEqualTo(2);
  }

  @Test
  void evictsLeastRecentlyUsedAndClosesOnlyWhenReleased() {
    ModelCache cache = new ModelCache(2);
    List<FakeRunner> made = new ArrayList<>();
    RunnerOptions opts = RunnerOptions.cpu(1);
    ModelCache.Lease a = cache.acquire("a", opts, () -> add(made));
    cache.acquire("b", opts, () -> add(made)).close();
    cache.acquire("c", opts, () -> add(made)).close(); // evicts a (oldest), still leased
    assertThat(cache.size()).isEqualTo(2);
    assertThat(made.get(0).closed).isFalse();
    a.close();
    assertThat(made.get(0).closed).isTrue();
    a.close(); // idempotent
    cache.acquire("d", opts, () -> add(made)).close(); // evicts b, idle: closed at once
    assertThat(made.get(1).closed).isTrue();
    assertThat(cache.keys()).containsExactly("c@CPU/1/-1", "d@CPU/1/-1");
    cache.clear();
    assertThat(made.get(2).closed).isTrue();
    assertThat(made.get(3).closed).isTrue();
    assertThatThrownBy(() -> new ModelCache(0))
        .hasMessage("Cannot make model cache: capacity must be >= 1: 0");
  }

  @Test
  void failedLoadIsNotCached() {
    ModelCache cache = new ModelCache(2);
    assertThatThrownBy(
            () ->
                cache.acquire(
                    "x",
                    RunnerOptions.cpu(1),
                    () -> {
                      throw new InferenceException("x", null, "broken");
                    }))
        .hasMessage("Cannot run checkpoint x: broken");
    assertThat(cache.size()).isZero();
    assertThat(cache.loads()).isZero();
  }

  private static FakeRunner add(List<FakeRunner> made) {
    FakeRunner r = new FakeRunner();
    made.add(r);
    return r;
  }
}
