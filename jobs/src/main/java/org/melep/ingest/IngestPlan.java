package org.melep.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.melep.corpus.RecordParseException;
import org.melep.corpus.ptbxl.PtbxlDatabase;
import org.melep.corpus.ptbxl.PtbxlEntry;
import org.melep.corpus.ptbxl.ScpStatements;

/**
 * Turns listed input files into record tasks and up-front rejects, on the driver. Every listed file
 * ends up in exactly one task or reject, which is how the job accounts for every input file.
 *
 * <ul>
 *   <li>Challenge trees: files are grouped by folder and name stem; a group with a {@code .hea} is
 *       a record (its {@code .mat}/{@code .dat} with it), a {@code .mat}/{@code .dat} with no
 *       header is an orphan, any other file is not a record file.
 *   <li>PTB-XL roots: each {@code ptbxl_database.csv} row names its record under {@code
 *       records100/} or {@code records500/} ({@code --ptbxl-rate}); files of that folder the CSV
 *       does not list are rejected, rows whose header is missing too. The other rate's folder and
 *       the CSV files themselves are not record inputs.
 * </ul>
 *
 * Record ids are {@code <dataset>/<record name>}; a second record with the same id is rejected.
 */
public final class IngestPlan {
  public static final String PTBXL_DATASET = "ptbxl";
  public static final String SCP_PREFIX = "scp:";

  private final List<RecordTask> tasks = new ArrayList<>();
  private final List<IngestResult> rejects = new ArrayList<>();
  private final Map<String, String> recordIds = new HashMap<>();
  private int listedFiles;

  public List<RecordTask> tasks() {
    return tasks;
  }

  public List<IngestResult> rejects() {
    return rejects;
  }

  /** Files listed over all inputs. */
  public int listedFiles() {
    return listedFiles;
  }

  /** Adds the files of a challenge tree rooted at {@code root}. */
  public void addChallengeTree(String root, List<ListedFile> files) {
    listedFiles += files.size();
    for (List<ListedFile> group : groupByStem(files).values()) {
      ListedFile header = find(group, "hea");
      if (header == null) {
        for (ListedFile f : group) {
          rejectStray(f, folderDataset(f));
        }
        continue;
      }
      List<ListedFile> recordFiles = new ArrayList<>();
      for (ListedFile f : group) {
        if (isRecordExtension(f.extension())) {
          recordFiles.add(f);
        } else {
          rejectStray(f, folderDataset(f));
        }
      }
      String folder = header.parent().substring(header.parent().lastIndexOf('/') + 1);
      String dataset = ChallengeDatasets.of(header.stem(), folder);
      String id = dataset + "/" + header.stem();
      if (claim(id, header.path(), dataset, recordFiles.size())) {
        tasks.add(RecordTask.challenge(id, dataset, header.path(), recordFiles.size()));
      }
    }
  }

  /**
   * Adds a PTB-XL root: {@code files} are those listed under {@code records<rate>/}, {@code
   * database} and {@code statements} the two CSV files' contents.
   */
  public void addPtbxlRoot(
      String root, List<ListedFile> files, int rate, byte[] database, byte[] statements) {
    listedFiles += files.size();
    String prefix = root.endsWith("/") ? root : root + "/";
    String dbPath = prefix + PtbxlDatabase.DATABASE_FILE;
    ScpStatements scp = ScpStatements.parse(prefix + PtbxlDatabase.STATEMENTS_FILE, statements);
    PtbxlDatabase db = PtbxlDatabase.parse(dbPath, database);
    Map<String, List<ListedFile>> groups = new HashMap<>();
    for (Map.Entry<String, List<ListedFile>> e : groupByStem(files).entrySet()) {
      String key = e.getKey();
      groups.put(key.startsWith(prefix) ? key.substring(prefix.length()) : key, e.getValue());
    }
    for (RecordParseException p : db.problems()) {
      rejects.add(
          IngestResult.rejected(
              PTBXL_DATASET, p.getSource(), RejectKind.DATABASE_ROW, p.getMessage(), 0));
    }
    for (PtbxlEntry entry : db.entries()) {
      String stem = entry.filename(rate);
      List<ListedFile> group = groups.remove(stem);
      ListedFile header = group == null ? null : find(group, "hea");
      String headerPath = prefix + stem + ".hea";
      if (header == null) {
        rejects.add(
            IngestResult.rejected(
                PTBXL_DATASET,
                headerPath,
                RejectKind.DATABASE_ROW,
                "Cannot read "
                    + headerPath
                    + ": missing header of record "
                    + stem
                    + " listed in "
                    + PtbxlDatabase.DATABASE_FILE
                    + " line "
                    + entry.lineNumber(),
                group == null ? 0 : group.size()));
        continue;
      }
      List<String> codes = new ArrayList<>();
      for (String c : entry.scpCodes().keySet()) {
        codes.add(SCP_PREFIX + c);
      }
      List<String> superclasses = scp.superclasses(entry.scpCodes().keySet());
      String name = stem.substring(stem.lastIndexOf('/') + 1);
      String id = PTBXL_DATASET + "/" + name;
      if (claim(id, header.path(), PTBXL_DATASET, group.size())) {
        tasks.add(
            new RecordTask(
                id,
                PTBXL_DATASET,
                header.path(),
                group.size(),
                codes,
                superclasses,
                entry.age(),
                entry.sex(),
                entry.stratFold()));
      }
    }
    for (List<ListedFile> group : new TreeMap<>(groups).values()) {
      for (ListedFile f : group) {
        rejects.add(
            IngestResult.rejected(
                PTBXL_DATASET,
                f.path(),
                RejectKind.NOT_IN_DATABASE,
                "Cannot ingest " + f.path() + ": record not listed in " + dbPath,
                1));
      }
    }
  }

  private boolean claim(String id, String path, String dataset, int files) {
    String previous = recordIds.putIfAbsent(id, path);
    if (previous != null) {
      rejects.add(
          IngestResult.rejected(
              dataset,
              path,
              RejectKind.PARSE_ERROR,
              "Cannot ingest "
                  + path
                  + ": duplicate record id "
                  + id
                  + ", already read from "
                  + previous,
              files));
      return false;
    }
    return true;
  }

  private void rejectStray(ListedFile f, String dataset) {
    if (isRecordExtension(f.extension())) {
      rejects.add(
          IngestResult.rejected(
              dataset,
              f.path(),
              RejectKind.ORPHAN_FILE,
              "Cannot ingest " + f.path() + ": no header " + f.stem() + ".hea beside it",
              1));
    } else {
      rejects.add(
          IngestResult.rejected(
              dataset,
              f.path(),
              RejectKind.NOT_A_RECORD,
              "Cannot ingest " + f.path() + ": not a WFDB record file (.hea, .mat, .dat)",
              1));
    }
  }

  private static String folderDataset(ListedFile f) {
    String folder = f.parent().substring(f.parent().lastIndexOf('/') + 1);
    return ChallengeDatasets.of(f.stem(), folder);
  }

  private static boolean isRecordExtension(String ext) {
    return ext.equals("hea") || ext.equals("mat") || ext.equals("dat");
  }

  private static ListedFile find(List<ListedFile> group, String ext) {
    for (ListedFile f : group) {
      if (f.extension().equals(ext)) {
        return f;
      }
    }
    return null;
  }

  /** Files by folder + "/" + stem, sorted for a stable order. */
  private static Map<String, List<ListedFile>> groupByStem(List<ListedFile> files) {
    Map<String, List<ListedFile>> groups = new TreeMap<>();
    for (ListedFile f : files) {
      groups.computeIfAbsent(f.parent() + "/" + f.stem(), k -> new ArrayList<>()).add(f);
    }
    return new LinkedHashMap<>(groups);
  }
}
