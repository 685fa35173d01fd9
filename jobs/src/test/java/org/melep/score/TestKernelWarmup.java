package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The kernel warm-up runs both passes' loops on its synthetic table (the same sum each time), in
 * one daemon thread per JVM, and not at all when switched off or when the JVM has no C2 (the test
 * JVMs run on C1 alone: {@code melep.tests.jvm}).
 */
class TestKernelWarmup {
  @Test
  void bothPassesRunOnTheSyntheticTable() throws Exception {
    double once = KernelWarmup.run(1);
    assertThat(once).isFinite().isNotZero();
    assertThat(KernelWarmup.run(1)).isEqualTo(once);
  }

  @Test
  void oneDaemonThreadPerJvmUnlessSwitchedOff() throws Exception {
    AtomicBoolean off = new AtomicBoolean();
    assertThat(KernelWarmup.start(off, "false", 1)).isNull();
    assertThat(off).isFalse();

    AtomicBoolean started = new AtomicBoolean();
    Thread t = KernelWarmup.start(started, null, 1);
    assertThat(t).isNotNull();
    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getName()).isEqualTo("melep-kernel-warmup");
    assertThat(KernelWarmup.start(started, null, 1)).isNull();
    t.join(120_000);
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void noWarmUpWithoutTheOptimizingCompiler() {
    boolean clientOnly =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.matches("-XX:TieredStopAtLevel=[0-3]"));
    assertThat(KernelWarmup.optimizingCompiler()).isEqualTo(!clientOnly);
  }
}
