package org.melep.inference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.melep.corpus.CorpusSchema;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.InputContract;

/**
 * The keys a cached prediction is valid under, beside the model file's sha256: a hash of the
 * checkpoint's manifest contract (what the model is fed and what its outputs mean) and a
 * fingerprint of the record's signal. A change of either re-infers the row.
 */
public final class ContractHash {
  private ContractHash() {}

  /**
   * The manifest contract as canonical text: input leads (in order), layout, normalisation, rate,
   * samples, output kind and output labels (in order), and the feature output's name when the entry
   * names one (so adding or changing {@code features} re-infers the checkpoint once; an entry
   * without it hashes as before features existed).
   */
  public static String canonical(CheckpointSpec spec) {
    InputContract in = spec.input();
    return "fs="
        + Double.toString(in.fs())
        + ";samples="
        + in.samples()
        + ";leads="
        + String.join(",", in.leads())
        + ";layout="
        + in.layout()
        + ";normalize="
        + in.normalize()
        + ";output="
        + spec.output()
        + ";labels="
        + String.join(",", spec.labels())
        + (spec.features() == null ? "" : ";features=" + spec.features());
  }

  /** Lower-case hex SHA-256 of {@link #canonical}. */
  public static String of(CheckpointSpec spec) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(spec).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The record's signal fingerprint, computed by Spark on the executors: 64-bit xxHash (Spark's
   * {@code xxhash64}, seed 42) of the signal bytes, the sampling rate, the sample count and the
   * lead gains, that is of everything the model input is made from.
   */
  public static Column signalFingerprint() {
    return functions.xxhash64(
        functions.col(CorpusSchema.SIGNAL),
        functions.col(CorpusSchema.FS),
        functions.col(CorpusSchema.N_SAMPLES),
        functions.col(CorpusSchema.ADC_GAIN));
  }
}
