package org.melep.progress;

import java.io.PrintStream;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-line console progress display driven by Spark's listener events: the running stage (its job
 * description, see {@link SparkContext#setJobDescription}), tasks done/total, records read and
 * records/s, and the time since it was installed. The line is rewritten in place with a carriage
 * return, at most every 250 ms, and ended with a new line on {@link Handle#close()}.
 *
 * <p>Commands call {@link #install(SparkSession, boolean)} around their Spark work:
 *
 * <pre>{@code
 * try (ConsoleProgress.Handle progress = ConsoleProgress.install(spark, ProgressOption.enabled(spec))) {
 *   job.execute();
 * }
 * }</pre>
 *
 * <p>Listener events arrive on Spark's listener bus thread and {@code close} on the caller's: all
 * state is guarded by this object's lock.
 */
public class ConsoleProgress extends SparkListener {
  /** Environment variable: {@code MELEP_PROGRESS=0} turns the progress line off. */
  public static final String ENV = "MELEP_PROGRESS";

  /** Shortest time between two repaints. */
  static final long MIN_INTERVAL_MILLIS = 250;

  /** The clock is repainted this often while a stage runs, even without task events. */
  static final long TICK_MILLIS = 1000;

  /** Width of the line when the environment does not say ({@code COLUMNS}). */
  static final int DEFAULT_WIDTH = 100;

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleProgress.class);
  private static final String JOB_DESCRIPTION = "spark.job.description";
  private static final long DRAIN_MILLIS = 2000;

  /** A registered progress line; closing it removes the listener and ends the line. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private static final Handle NONE = () -> {};

  private final PrintStream out;
  private final long minIntervalNanos;
  private final long tickMillis;
  private final int width;
  private final long startNanos = System.nanoTime();
  private final Map<Integer, Stage> active = new LinkedHashMap<>();
  private Stage current;
  private long lastPaintNanos;
  private int lastLength;
  private boolean painted;
  private boolean finished;

  /** A progress line on {@code out}, always enabled (callers decide; see {@link #install}). */
  public ConsoleProgress(PrintStream out) {
    this(out, MIN_INTERVAL_MILLIS, TICK_MILLIS, terminalWidth());
  }

  /**
   * For tests: {@code minIntervalMillis} 0 repaints on every event, {@code tickMillis} 0 starts no
   * clock thread.
   */
  ConsoleProgress(PrintStream out, long minIntervalMillis, long tickMillis, int width) {
    this.out = out;
    this.minIntervalNanos = TimeUnit.MILLISECONDS.toNanos(minIntervalMillis);
    this.tickMillis = tickMillis;
    this.width = width;
  }

  /**
   * Shows a progress line on stderr while the returned handle is open, when {@code enabled}, the
   * JVM runs on a terminal ({@link System#console()} exists: not when output is redirected) and the
   * environment variable {@code MELEP_PROGRESS} is not {@code 0}; otherwise returns a handle that
   * does nothing.
   */
  public static Handle install(SparkSession spark, boolean enabled) {
    if (!enabled || System.console() == null || "0".equals(System.getenv(ENV))) {
      return NONE;
    }
    return new ConsoleProgress(System.err).attach(spark);
  }

  /**
   * Registers this listener on the session's context until the handle is closed (once: a closed
   * line stays closed).
   */
  public Handle attach(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    sc.addSparkListener(this);
    ScheduledExecutorService ticker = tickMillis > 0 ? startTicker() : null;
    return new Handle() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (this) {
          if (closed) {
            return;
          }
          closed = true;
        }
        if (ticker != null) {
          ticker.shutdownNow();
        }
        drain(sc);
        sc.removeSparkListener(ConsoleProgress.this);
        finish();
      }
    };
  }

  private ScheduledExecutorService startTicker() {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "melep-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () -> {
          synchronized (ConsoleProgress.this) {
            if (current != null) {
              paint(false);
            }
          }
        },
        tickMillis,
        tickMillis,
        TimeUnit.MILLISECONDS);
    return ticker;
  }

  /** Lets events already posted (the last tasks of the job just finished) reach this listener. */
  private static void drain(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty(DRAIN_MILLIS);
    } catch (Exception e) {
      LOG.debug("Progress line: listener bus not drained in {} ms", DRAIN_MILLIS, e);
    }
  }

  @Override
  public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
    StageInfo info = event.stageInfo();
    Stage stage = new Stage(info, name(info, event.properties()));
    active.put(info.stageId(), stage);
    current = stage;
    paint(false);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    Stage stage = active.get(event.stageId());
    if (stage == null || stage.attempt != event.stageAttemptId()) {
      return;
    }
    if (event.taskInfo().successful()) {
      int index = event.taskInfo().index();
      if (!stage.done.get(index)) {
        stage.done.set(index);
        stage.records += records(event.taskMetrics());
      }
    } else if (event.taskInfo().failed()) {
      stage.failed++;
    }
    current = stage;
    paint(false);
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
    Stage stage = active.get(event.stageInfo().stageId());
    if (stage == null || stage.attempt != event.stageInfo().attemptNumber()) {
      return;
    }
    active.remove(stage.id);
    current = stage;
    paint(true);
    current = active.isEmpty() ? null : active.values().stream().reduce((a, b) -> b).get();
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd event) {
    if (active.isEmpty()) {
      current = null;
    }
  }

  /**
   * Repaints once more (all events are in) and ends the line, when anything was shown; events still
   * in flight afterwards paint nothing.
   */
  synchronized void finish() {
    if (current != null) {
      paint(true);
    }
    if (painted) {
      out.println();
      out.flush();
    }
    current = null;
    active.clear();
    finished = true;
  }

  private void paint(boolean force) {
    long now = System.nanoTime();
    if (finished
        || current == null
        || (!force && painted && now - lastPaintNanos < minIntervalNanos)) {
      return;
    }
    String text = current.line(now, startNanos).render(width - 1);
    StringBuilder b =
        new StringBuilder(Math.max(text.length(), lastLength) + 1).append('\r').append(text);
    for (int i = text.length(); i < lastLength; i++) {
      b.append(' ');
    }
    out.print(b);
    out.flush();
    lastLength = text.length();
    lastPaintNanos = now;
    painted = true;
  }

  private static String name(StageInfo info, Properties properties) {
    String description = properties == null ? null : properties.getProperty(JOB_DESCRIPTION);
    return description == null || description.isBlank() ? info.name() : description;
  }

  /** Input records of a task, else its shuffle records (a stage reads one or the other). */
  private static long records(TaskMetrics metrics) {
    if (metrics == null) {
      return 0;
    }
    long input = metrics.inputMetrics().recordsRead();
    return input > 0 ? input : metrics.shuffleReadMetrics().recordsRead();
  }

  private static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    try {
      int n = columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.trim());
      return n >= 40 ? n : DEFAULT_WIDTH;
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /** Counters of one stage attempt. */
  private static final class Stage {
    final int id;
    final int attempt;
    final String name;
    final int tasks;
    final long submittedNanos = System.nanoTime();
    final BitSet done = new BitSet();
    int failed;
    long records;

    Stage(StageInfo info, String name) {
      this.id = info.stageId();
      this.attempt = info.attemptNumber();
      this.name = name;
      this.tasks = info.numTasks();
    }

    ProgressLine line(long nowNanos, long startNanos) {
      return new ProgressLine(
          id,
          name,
          done.cardinality(),
          tasks,
          failed,
          records,
          TimeUnit.NANOSECONDS.toMillis(nowNanos - submittedNanos),
          TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos));
    }
  }
}
