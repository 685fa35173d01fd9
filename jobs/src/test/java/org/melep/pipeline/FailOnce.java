package org.melep.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * A fault for tests: passes rows through, but the first task to reach row {@code failAt} of
 * partition {@code partition} throws, once across all executor JVMs (a marker file decides).
 */
public final class FailOnce implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String marker;
  private final int partition;
  private final int failAt;

  public FailOnce(Path marker, int partition, int failAt) {
    this.marker = marker.toAbsolutePath().toString();
    this.partition = partition;
    this.failAt = failAt;
  }

  @Override
  public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
    boolean armed = TaskContext.getPartitionId() == partition;
    return new java.util.Iterator<>() {
      int seen;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        if (armed && ++seen == failAt && fire()) {
          throw new IllegalStateException(
              "injected fault in partition " + partition + " at row " + failAt);
        }
        return rows.next();
      }
    };
  }

  private boolean fire() {
    try {
      Files.createFile(Path.of(marker));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
