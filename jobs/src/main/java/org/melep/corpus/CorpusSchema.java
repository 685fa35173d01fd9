package org.melep.corpus;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical ECG corpus: one Parquet table, partitioned by {@link #DATASET}, written by {@code
 * melep ingest} and {@code melep simulate} and read by every other command. See {@code
 * docs/corpus.md}.
 *
 * <p>The signal is stored as WFDB does: 16-bit integers and a gain. {@link #SIGNAL} holds {@code 12
 * x n_samples} little-endian int16 values, lead-major (all samples of lead {@code I}, then lead
 * {@code II}, ... in {@link #LEADS} order); lead {@code k}'s value in millivolts is {@code
 * signal[k][j] / adc_gain[k]}. {@link EcgSignal} encodes and decodes it.
 */
public final class CorpusSchema {
  private CorpusSchema() {}

  /** The 12 leads in storage order. Readers match leads by name, never by position. */
  public static final List<String> LEADS =
      List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

  public static final int N_LEADS = 12;

  public static final String RECORD_ID = "record_id";
  public static final String DATASET = "dataset";
  public static final String FS = "fs";
  public static final String N_SAMPLES = "n_samples";
  public static final String SIGNAL = "signal";
  public static final String ADC_GAIN = "adc_gain";
  public static final String CODES = "codes";
  public static final String AGE = "age";
  public static final String SEX = "sex";
  public static final String SOURCE_PATH = "source_path";

  /**
   * PTB-XL's {@code strat_fold} (1-10, from {@code ptbxl_database.csv}); null for other sources.
   * The last column, nullable: corpora written before it existed lack it, and readers treat a
   * missing column as all null.
   */
  public static final String STRAT_FOLD = "strat_fold";

  /** Label-set names, each with a column {@code labels_<name>} of positive label abbreviations. */
  public static final List<String> LABEL_SETS = List.of("cpsc", "georgia", "ptbxl", "csn");

  public static String labelColumn(String labelSet) {
    return "labels_" + labelSet;
  }

  public static final StructType SCHEMA = buildSchema();

  private static StructType buildSchema() {
    StructType s =
        new StructType()
            .add(RECORD_ID, DataTypes.StringType, false)
            .add(DATASET, DataTypes.StringType, false)
            .add(FS, DataTypes.DoubleType, false)
            .add(N_SAMPLES, DataTypes.IntegerType, false)
            .add(SIGNAL, DataTypes.BinaryType, false)
            .add(ADC_GAIN, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add(CODES, DataTypes.createArrayType(DataTypes.StringType, false), false);
    for (String set : LABEL_SETS) {
      s = s.add(labelColumn(set), DataTypes.createArrayType(DataTypes.StringType, false), false);
    }
    return s.add(new StructField(AGE, DataTypes.IntegerType, true, Metadata.empty()))
        .add(new StructField(SEX, DataTypes.StringType, true, Metadata.empty()))
        .add(SOURCE_PATH, DataTypes.StringType, false)
        .add(new StructField(STRAT_FOLD, DataTypes.IntegerType, true, Metadata.empty()));
  }
}
