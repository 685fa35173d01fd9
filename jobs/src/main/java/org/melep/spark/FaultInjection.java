package org.melep.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * A test-only fault for the stages that matter to exactly-once results: when the system property
 * {@value #PROPERTY} names a stage on the driver, the stage's partition function is wrapped so that
 * the first attempt of the task of partition 0 throws after emitting {@value #AFTER_ROWS} rows (or
 * at its end, if it has fewer); the retry runs clean. Without the property the function is
 * returned as it is: production runs pay nothing.
 */
public final class FaultInjection {
  /** System property naming the stage to fail once: {@link #INFERENCE}, {@link #PASS_ONE} or {@link #PASS_TWO}. */
  public static final String PROPERTY = "melep.test.failStage";
  public static final String INFERENCE = "inference";
  public static final String PASS_ONE = "pass1";
  public static final String PASS_TWO = "pass2";
  static final int AFTER_ROWS = 3;

  private FaultInjection() {}

  public static <T, U> MapPartitionsFunction<T, U> wrap(String stage, MapPartitionsFunction<T, U> f) {
    if (!stage.equals(System.getProperty(PROPERTY))) {
      return f;
    }
    return new Failing<>(stage, f);
  }

  /** The message of an injected fault (tests look for it in task failures). */
  public static String message(String stage) {
    return "injected fault in stage " + stage;
  }

  private static final class Failing<T, U> implements MapPartitionsFunction<T, U> {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final MapPartitionsFunction<T, U> f;

    Failing(String stage, MapPartitionsFunction<T, U> f) {
      this.stage = stage;
      this.f = f;
    }

    @Override
    public Iterator<U> call(Iterator<T> input) throws Exception {
      TaskContext task = TaskContext.get();
      boolean armed = task != null && task.partitionId() == 0 && task.attemptNumber() == 0;
      Iterator<U> out = f.call(input);
      if (!armed) {
        return out;
      }
      return new Iterator<>() {
        int emitted;

        @Override
        public boolean hasNext() {
          if (!out.hasNext()) {
            throw new IllegalStateException(message(stage));
          }
          return true;
        }

        @Override
        public U next() {
          if (++emitted > AFTER_ROWS) {
            throw new IllegalStateException(message(stage));
          }
          return out.next();
        }
      };
    }
  }
}
