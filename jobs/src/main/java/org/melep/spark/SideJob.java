package org.melep.spark;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Work that submits Spark jobs from a second driver thread while the caller's thread submits
 * others, so that two chains of small jobs (each leaving cores idle between its stages) share the
 * executors. The thread inherits the caller's Spark local properties (job description, scheduler
 * pool) and runs its jobs under a job group of its own, so that {@link #cancel} stops them without
 * touching the caller's group.
 *
 * <p>{@link #join} gives the result or throws the work's own exception, unwrapped; a caller that
 * fails first calls {@link #cancel}, so its own error is the one reported.
 *
 * @param <T> the result
 */
public final class SideJob<T> {
  private final JavaSparkContext jsc;
  private final String group = "melep-side-" + UUID.randomUUID();
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private SideJob(SparkSession spark, String name, Supplier<T> work) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Thread thread =
        new Thread(
            () -> {
              // interrupt on cancel: a cancelled scan frees its cores at once
              jsc.setJobGroup(group, name, true);
              try {
                result.complete(work.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              } finally {
                jsc.clearJobGroup();
              }
            },
            "melep " + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts {@code work} now on its own daemon thread. */
  public static <T> SideJob<T> start(SparkSession spark, String name, Supplier<T> work) {
    return new SideJob<>(spark, name, work);
  }

  /** Waits for the work: its result, or its exception as thrown. */
  public T join() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new IllegalStateException("Interrupted while waiting for " + group, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  /** The result when the work has ended without an exception, else empty; never waits. */
  public Optional<T> completed() {
    return result.isDone() && !result.isCompletedExceptionally()
        ? Optional.ofNullable(result.join())
        : Optional.empty();
  }

  /**
   * Cancels the work's running jobs and waits for its thread to finish; its outcome is ignored. A
   * job group cancels only the jobs running at the call, so the cancel is repeated until the thread
   * is done.
   */
  public void cancel() {
    while (!result.isDone()) {
      jsc.sc().cancelJobGroup(group);
      try {
        result.get(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // its outcome is not wanted; wait until it is done
      }
    }
  }
}
