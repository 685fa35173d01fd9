package org.melep.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * One record to read on an executor (a plain class: Spark may serialise it with Kryo): its header
 * and, for PTB-XL, the metadata from {@code ptbxl_database.csv} (which then replaces the header's
 * comments).
 *
 * @param files how many input files the record covers (header and signal files), for accounting
 * @param codes PTB-XL codes ({@code scp:} prefixed), null for challenge records (codes from the
 *     header)
 * @param stratFold PTB-XL's {@code strat_fold}, null for challenge records
 */
public final class RecordTask implements Serializable {
  private final String recordId;
  private final String dataset;
  private final String headerPath;
  private final int files;
  private final List<String> codes;
  private final List<String> superclasses;
  private final Integer age;
  private final String sex;
  private final Integer stratFold;

  public RecordTask(
      String recordId,
      String dataset,
      String headerPath,
      int files,
      List<String> codes,
      List<String> superclasses,
      Integer age,
      String sex,
      Integer stratFold) {
    this.recordId = recordId;
    this.dataset = dataset;
    this.headerPath = headerPath;
    this.files = files;
    this.codes = codes == null ? null : new java.util.ArrayList<>(codes);
    this.superclasses = new java.util.ArrayList<>(superclasses);
    this.age = age;
    this.sex = sex;
    this.stratFold = stratFold;
  }

  public String recordId() {
    return recordId;
  }

  public String dataset() {
    return dataset;
  }

  public String headerPath() {
    return headerPath;
  }

  public int files() {
    return files;
  }

  public List<String> codes() {
    return codes;
  }

  public List<String> superclasses() {
    return superclasses;
  }

  public Integer age() {
    return age;
  }

  public String sex() {
    return sex;
  }

  public Integer stratFold() {
    return stratFold;
  }

  public static RecordTask challenge(
      String recordId, String dataset, String headerPath, int files) {
    return new RecordTask(recordId, dataset, headerPath, files, null, List.of(), null, null, null);
  }

  public boolean fromDatabase() {
    return codes != null;
  }
}
