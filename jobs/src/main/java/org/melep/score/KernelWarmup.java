package org.melep.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.melep.melep.ConditionalTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs both passes' partition loops once per JVM on a small synthetic table, in a background daemon
 * thread, so that the JIT compiles them (the vectorised kernel is many times slower until C2 has
 * compiled it) while the job is still reading and checking its inputs. Started by the scorer on the
 * driver and by its first tasks on each executor; it reads and writes nothing outside itself, so
 * the scores do not depend on it. {@code -D}{@value #PROPERTY}{@code =false} switches it off.
 */
public final class KernelWarmup {
  static final String PROPERTY = "melep.score.warmup";
  private static final Logger LOG = LoggerFactory.getLogger(KernelWarmup.class);
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /** Synthetic shape: groups, records and labels as in a typical fold x checkpoint grid. */
  static final int FOLDS = 16;

  static final int CHECKPOINTS = 4;
  static final int RECORDS = 400;
  static final int Y = 10;
  static final int Z = 20;
  static final int ROUNDS = 12;

  private KernelWarmup() {}

  /**
   * Starts the warm-up in this JVM unless it was started before, is switched off, or the JVM does
   * not compile with C2 (e.g. {@code -XX:TieredStopAtLevel=1}: the vectorised kernel then never
   * gets fast, and a warm-up would only take a core).
   */
  public static void startOnce() {
    if (!STARTED.get() && optimizingCompiler()) {
      start(STARTED, System.getProperty(PROPERTY), ROUNDS);
    }
  }

  /** Whether HotSpot's optimizing compiler (tier 4) is on; true when it cannot be told. */
  static boolean optimizingCompiler() {
    try {
      com.sun.management.HotSpotDiagnosticMXBean vm =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      return vm == null || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
    } catch (RuntimeException | LinkageError e) {
      return true;
    }
  }

  /**
   * Starts a warm-up thread of {@code rounds} rounds unless {@code started} is set already or
   * {@code switchValue} is {@code false}; returns the thread started, or null.
   */
  static Thread start(AtomicBoolean started, String switchValue, int rounds) {
    if (started.get() || "false".equals(switchValue) || !started.compareAndSet(false, true)) {
      return null;
    }
    Thread t = new Thread(() -> runQuietly(rounds), "melep-kernel-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  private static void runQuietly(int rounds) {
    try {
      long start = System.nanoTime();
      double sink = run(rounds);
      LOG.debug(
          "Kernel warm-up: {} rounds in {} ms ({})",
          rounds,
          (System.nanoTime() - start) / 1_000_000,
          sink);
    } catch (Exception | LinkageError e) {
      LOG.debug("Kernel warm-up stopped: {}", e.toString());
    }
  }

  /** Both passes over the synthetic rows, {@code rounds} times; returns a sum of the outputs. */
  static double run(int rounds) throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < CHECKPOINTS; c++) {
      names.add("c" + c);
    }
    GroupIndex index =
        new GroupIndex(Collections.nCopies(FOLDS, Y), names, Collections.nCopies(CHECKPOINTS, Z));
    List<ScoringInput> rows = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      int[] m = new int[FOLDS * (2 + Y)];
      int p = 0;
      for (int f = 0; f < FOLDS; f++) {
        if (r.nextInt(4) == 0) {
          continue;
        }
        m[p++] = f;
        int k = p++;
        int positives = 0;
        for (int y = 0; y < Y; y++) {
          if (r.nextInt(3) == 0) {
            m[p++] = y;
            positives++;
          }
        }
        m[k] = positives;
      }
      int[] memberships = java.util.Arrays.copyOf(m, p);
      for (String c : names) {
        double[] theta = new double[Z];
        for (int z = 0; z < Z; z++) {
          theta[z] = 0.02 + 0.96 * r.nextDouble();
        }
        ScoringInput row = new ScoringInput();
        row.setCheckpoint(c);
        row.setRecordId("r" + i);
        row.setTheta(theta);
        row.setMemberships(memberships);
        rows.add(row);
      }
    }
    double sink = 0;
    for (int round = 0; round < rounds; round++) {
      ConditionalTables.Builder tables = ConditionalTables.builder(CHECKPOINTS * FOLDS);
      Iterator<JointCountsBuffer> one = new PartitionJointCounts(index).call(rows.iterator());
      while (one.hasNext()) {
        JointCountsBuffer b = one.next();
        tables.put(
            b.getCheckpointIndex() * FOLDS + b.getFoldIndex(),
            b.getTargetLabels(),
            b.getSourceLabels(),
            b.getJoint());
      }
      Iterator<PhiSumsBuffer> two =
          new PartitionPhiSums(index, tables.build()).call(rows.iterator());
      while (two.hasNext()) {
        sink += two.next().getLogSums()[0];
      }
    }
    return sink;
  }
}
