package org.melep.ingest;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.corpus.preprocess.PreprocessedSignal;
import org.melep.labels.LabelSets;

/**
 * Builds a corpus row ({@link CorpusSchema#SCHEMA} column order) from a preprocessed record and its
 * labels. Labels come from the configured label sets ({@link org.melep.labels.LabelSet#labelsFor}):
 * labels with SNOMED CT codes match the record's codes, labels without codes (the PTB-XL
 * superclasses) match the record's superclasses by name. A label set not configured gets an empty
 * column; codes that match no set stay in {@code codes}.
 */
public final class CorpusRowBuilder {
  private CorpusRowBuilder() {}

  /**
   * @param superclasses PTB-XL diagnostic superclasses (empty for challenge records)
   * @param stratFold PTB-XL's {@code strat_fold} (null for challenge records)
   */
  public static Row build(
      String recordId,
      String dataset,
      PreprocessedSignal signal,
      List<String> codes,
      List<String> superclasses,
      Integer age,
      String sex,
      String sourcePath,
      Integer stratFold,
      LabelSets labelSets) {
    Object[] values = new Object[CorpusSchema.SCHEMA.size()];
    int i = 0;
    values[i++] = recordId;
    values[i++] = dataset;
    values[i++] = signal.fs();
    values[i++] = signal.nSamples();
    values[i++] = EcgSignal.encode(signal.digital());
    values[i++] = signal.gain().clone();
    values[i++] = codes.toArray(new String[0]);
    for (String set : CorpusSchema.LABEL_SETS) {
      List<String> labels =
          labelSets.contains(set)
              ? labelSets.labelSet(set).labelsFor(codes, superclasses)
              : List.of();
      values[i++] = labels.toArray(new String[0]);
    }
    values[i++] = age;
    values[i++] = sex;
    values[i++] = sourcePath;
    values[i++] = stratFold;
    return RowFactory.create(values);
  }
}
