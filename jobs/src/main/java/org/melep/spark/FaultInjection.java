package org.melep.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * A test-only fault for the stages that matter to exactly-once results: when the system property
 * {@value #PROPERTY} names a stage on the driver (or several, separated by commas: one run then
 * exercises each of them), the stage's partition function is wrapped so that the first attempt of
 * the task of partition 0 throws after emitting {@value #AFTER_ROWS} rows (or at its end, if it has
 * fewer); the retry runs clean. With the value {@code <stage>}{@value #KILL_SUFFIX} that task
 * instead halts its executor JVM at the same point (a lost executor, as when a node dies), once per
 * stage per driver JVM. Without the property the function is returned as it is: production runs pay
 * nothing.
 */
public final class FaultInjection {
  /**
   * System property naming the stage to fail once: {@link #INFERENCE}, {@link #PASS_ONE}, {@link
   * #PASS_TWO} or {@link #FINETUNE}.
   */
  public static final String PROPERTY = "melep.test.failStage";

  public static final String INFERENCE = "inference";
  public static final String PASS_ONE = "pass1";
  public static final String PASS_TWO = "pass2";

  /** The fine-tune tasks of {@code melep train finetune} (one per fold, checkpoint, seed). */
  public static final String FINETUNE = "finetune";

  /** Appended to a stage name in {@link #PROPERTY}: kill the executor JVM instead of throwing. */
  public static final String KILL_SUFFIX = ":kill";

  static final int AFTER_ROWS = 3;

  /** The stages whose kill fault was armed already (once per stage per driver JVM). */
  private static final java.util.Set<String> killed =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private FaultInjection() {}

  public static <T, U> MapPartitionsFunction<T, U> wrap(
      String stage, MapPartitionsFunction<T, U> f) {
    String chosen = System.getProperty(PROPERTY);
    if (names(chosen, stage)) {
      return new Failing<>(stage, false, f);
    }
    if (names(chosen, stage + KILL_SUFFIX) && killed.add(stage)) {
      return new Failing<>(
          stage, true, f); // one executor per driver JVM: the first job of the stage
    }
    return f;
  }

  /** {@link #wrap} for an RDD's {@code mapPartitionsWithIndex} function. */
  public static <T, U> Function2<Integer, Iterator<T>, Iterator<U>> wrapIndexed(
      String stage, Function2<Integer, Iterator<T>, Iterator<U>> f) {
    String chosen = System.getProperty(PROPERTY);
    boolean kill = names(chosen, stage + KILL_SUFFIX) && killed.add(stage);
    if (!kill && !names(chosen, stage)) {
      return f;
    }
    Failing<T, U> failing = new Failing<>(stage, kill, null);
    return (p, in) -> failing.armed(f.call(p, in));
  }

  /** Whether the property's value (stages separated by commas) names {@code entry}. */
  static boolean names(String chosen, String entry) {
    if (chosen == null) {
      return false;
    }
    for (String s : chosen.split(",")) {
      if (s.strip().equals(entry)) {
        return true;
      }
    }
    return false;
  }

  /** The message of an injected fault (tests look for it in task failures). */
  public static String message(String stage) {
    return "injected fault in stage " + stage;
  }

  private static final class Failing<T, U> implements MapPartitionsFunction<T, U> {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final boolean kill;
    private final MapPartitionsFunction<T, U> f;

    Failing(String stage, boolean kill, MapPartitionsFunction<T, U> f) {
      this.stage = stage;
      this.kill = kill;
      this.f = f;
    }

    private IllegalStateException fault() {
      if (kill) {
        Runtime.getRuntime()
            .halt(137); // the executor JVM dies without cleaning up, like a lost node
      }
      return new IllegalStateException(message(stage));
    }

    @Override
    public Iterator<U> call(Iterator<T> input) throws Exception {
      return armed(f.call(input));
    }

    /**
     * {@code out}, failing in the first attempt of partition 0 (of the stage's first attempt: a
     * stage resubmitted after a lost executor numbers its task attempts from 0 again).
     */
    Iterator<U> armed(Iterator<U> out) {
      TaskContext task = TaskContext.get();
      boolean armed =
          task != null
              && task.partitionId() == 0
              && task.attemptNumber() == 0
              && task.stageAttemptNumber() == 0;
      if (!armed) {
        return out;
      }
      return new Iterator<>() {
        int emitted;

        @Override
        public boolean hasNext() {
          if (!out.hasNext()) {
            throw fault();
          }
          return true;
        }

        @Override
        public U next() {
          if (++emitted > AFTER_ROWS) {
            throw fault();
          }
          return out.next();
        }
      };
    }
  }
}
