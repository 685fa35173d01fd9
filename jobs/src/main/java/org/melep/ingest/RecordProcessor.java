package org.melep.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.melep.corpus.RecordParseException;
import org.melep.corpus.preprocess.PreprocessException;
import org.melep.corpus.preprocess.PreprocessedSignal;
import org.melep.corpus.preprocess.Preprocessor;
import org.melep.labels.LabelSets;

/**
 * Turns one {@link RecordTask} into an {@link IngestResult} on an executor: reads the header and
 * signal files through the Hadoop file system (so HDFS, S3, DBFS and local paths all work),
 * preprocesses, and builds the corpus row. Never throws for bad input: every failure becomes a
 * reject naming the file and the problem.
 */
public final class RecordProcessor {
  private final Configuration conf;
  private final Preprocessor preprocessor;
  private final LabelSets labelSets;
  private final long maxFileBytes;

  public RecordProcessor(
      Configuration conf, Preprocessor preprocessor, LabelSets labelSets, long maxFileBytes) {
    this.conf = conf;
    this.preprocessor = preprocessor;
    this.labelSets = labelSets;
    this.maxFileBytes = maxFileBytes;
  }

  public IngestResult process(RecordTask task) {
    String header = task.headerPath();
    try {
      Path headerPath = new Path(header);
      FileSystem fs = headerPath.getFileSystem(conf);
      byte[] headerBytes = readFile(fs, headerPath);
      Path dir = headerPath.getParent();
      SourceRecord rec =
          WfdbRecordReader.read(header, headerBytes, name -> readFile(fs, new Path(dir, name)));
      PreprocessedSignal signal = preprocessor.process(rec.millivolts(), rec.fs(), rec.gain());
      List<String> codes = task.fromDatabase() ? task.codes() : rec.codes();
      Integer age = task.fromDatabase() ? task.age() : rec.age();
      String sex = task.fromDatabase() ? task.sex() : rec.sex();
      Row row =
          CorpusRowBuilder.build(
              task.recordId(),
              task.dataset(),
              signal,
              codes,
              task.superclasses(),
              age,
              sex,
              header,
              task.stratFold(),
              labelSets);
      return IngestResult.ingested(task.dataset(), header, row, task.files());
    } catch (FileTooLargeException e) {
      return IngestResult.rejected(
          task.dataset(), header, RejectKind.TOO_LARGE, e.getMessage(), task.files());
    } catch (RecordParseException e) {
      return IngestResult.rejected(
          task.dataset(), header, RejectKind.of(e), e.getMessage(), task.files());
    } catch (PreprocessException e) {
      RejectKind kind =
          e.getMessage().startsWith("record too short")
              ? RejectKind.TOO_SHORT
              : RejectKind.CANNOT_RESAMPLE;
      return IngestResult.rejected(
          task.dataset(),
          header,
          kind,
          "Cannot preprocess " + header + ": " + e.getMessage(),
          task.files());
    } catch (FileNotFoundException e) {
      return IngestResult.rejected(
          task.dataset(),
          header,
          RejectKind.MISSING_FILE,
          "Cannot read " + header + ": file not found: " + e.getMessage(),
          task.files());
    } catch (IOException | RuntimeException e) {
      return IngestResult.rejected(
          task.dataset(),
          header,
          RejectKind.UNREADABLE,
          "Cannot read " + header + ": " + e,
          task.files());
    }
  }

  private byte[] readFile(FileSystem fs, Path path) throws IOException {
    FileStatus st = fs.getFileStatus(path); // FileNotFoundException when absent
    long len = st.getLen();
    if (len > maxFileBytes) {
      throw new FileTooLargeException(
          "Cannot read "
              + path
              + ": "
              + len
              + " bytes is more than --max-file-mb allows ("
              + maxFileBytes
              + " bytes)");
    }
    byte[] bytes = new byte[(int) len];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  /** A file over the size limit. */
  static final class FileTooLargeException extends IOException {
    FileTooLargeException(String message) {
      super(message);
    }
  }
}
