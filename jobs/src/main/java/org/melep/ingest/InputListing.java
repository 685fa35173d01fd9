package org.melep.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Lists the files under an input folder through the Hadoop file system API: the driver lists the
 * top level, and the sub-folders are listed recursively in parallel on the executors (a tree of
 * tens of thousands of files on an object store lists in the time of its largest sub-folder); a
 * handful of sub-folders is listed on the driver. Hidden files and folders (names starting with
 * {@code .} or {@code _}) are skipped.
 */
final class InputListing {
  private InputListing() {}

  /**
   * Lists {@code root} recursively; with at least {@code minParallelFolders} sub-folders they are
   * listed by a Spark job, else on the driver (a Spark job costs more than a few listings).
   */
  static List<ListedFile> list(
      JavaSparkContext jsc, SerializableHadoopConf conf, Path root, int minParallelFolders) {
    try {
      FileSystem fs = root.getFileSystem(conf.get());
      List<ListedFile> files = new ArrayList<>();
      List<String> dirs = new ArrayList<>();
      for (FileStatus st : fs.listStatus(root)) {
        if (hidden(st.getPath().getName())) {
          continue;
        }
        if (st.isDirectory()) {
          dirs.add(st.getPath().toString());
        } else {
          files.add(new ListedFile(st.getPath().toString(), st.getLen()));
        }
      }
      if (!dirs.isEmpty() && dirs.size() < minParallelFolders) {
        for (String d : dirs) {
          listRecursive(conf, d).forEachRemaining(files::add);
        }
      } else if (!dirs.isEmpty()) {
        jsc.setJobDescription("ingest: list " + dirs.size() + " folders under " + root);
        files.addAll(
            jsc.parallelize(dirs, Math.min(dirs.size(), 256))
                .flatMap((FlatMapFunction<String, ListedFile>) d -> listRecursive(conf, d))
                .collect());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list input folder: " + root, e);
    }
  }

  private static Iterator<ListedFile> listRecursive(SerializableHadoopConf conf, String dir)
      throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf.get());
    List<ListedFile> out = new ArrayList<>();
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      // a plain walk: listFiles() would build LocatedFileStatus, which makes the local file
      // system fork a "stat" process per file to read its permissions
      walk(fs, p, out);
      return out.iterator();
    }
    // object stores answer a recursive listing with a flat, paged LIST: much faster than a walk
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
    String rootPrefix = p.toString();
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      String path = st.getPath().toString();
      String rel = path.substring(Math.min(rootPrefix.length(), path.length()));
      if (hiddenPath(rel)) {
        continue;
      }
      out.add(new ListedFile(path, st.getLen()));
    }
    return out.iterator();
  }

  private static void walk(FileSystem fs, Path dir, List<ListedFile> out) throws IOException {
    for (FileStatus st : fs.listStatus(dir)) {
      if (hidden(st.getPath().getName())) {
        continue;
      }
      if (st.isDirectory()) {
        walk(fs, st.getPath(), out);
      } else {
        out.add(new ListedFile(st.getPath().toString(), st.getLen()));
      }
    }
  }

  static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static boolean hiddenPath(String relative) {
    for (String part : relative.split("/")) {
      if (!part.isEmpty() && hidden(part)) {
        return true;
      }
    }
    return false;
  }
}
