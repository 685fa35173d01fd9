package org.melep.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.RecordParseException;
import org.melep.corpus.mat.MatV4Matrix;
import org.melep.corpus.mat.MatV4Reader;
import org.melep.corpus.wfdb.WfdbHeader;
import org.melep.corpus.wfdb.WfdbHeaderParser;
import org.melep.corpus.wfdb.WfdbSignalReader;
import org.melep.corpus.wfdb.WfdbSignalSpec;

/**
 * Reads one WFDB record: the header, then the signal files it names, either MATLAB v4 {@code .mat}
 * (the challenge's layout) or WFDB {@code .dat} (format 16, 212, 80). The 12 leads are found by
 * name (case-insensitive: PTB-XL writes {@code AVR}); a record lacking one is rejected, extra
 * signals are ignored. Physical value = (digital - baseline) / gain, in mV.
 */
public final class WfdbRecordReader {
  private WfdbRecordReader() {}

  /**
   * Reads a record; every problem is a {@link RecordParseException} naming the file at fault.
   *
   * @param headerSource the header's path, for messages
   */
  public static SourceRecord read(String headerSource, byte[] headerBytes, SignalFiles files)
      throws IOException {
    WfdbHeader header = WfdbHeaderParser.parse(headerSource, headerBytes);
    int[] leadSignal = matchLeads(headerSource, header);
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    for (int i = 0; i < header.signals().size(); i++) {
      byFile.computeIfAbsent(header.signals().get(i).fileName(), k -> new ArrayList<>()).add(i);
    }
    short[][] digital = new short[header.nSignals()][];
    int nSamples = -1;
    for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
      String fileName = e.getKey();
      String fileSource = siblingName(headerSource, fileName);
      if (fileName.contains("/") || fileName.contains("\\") || fileName.equals("..")) {
        throw new RecordParseException(headerSource, "signal file name has a path: " + fileName);
      }
      List<WfdbSignalSpec> specs = new ArrayList<>();
      for (int i : e.getValue()) {
        specs.add(header.signals().get(i));
      }
      byte[] bytes;
      try {
        bytes = files.read(fileName);
      } catch (FileNotFoundException ex) {
        throw new RecordParseException(
            headerSource, "missing signal file " + fileName + " named by the header");
      }
      short[][] values;
      if (fileName.toLowerCase(Locale.ROOT).endsWith(".mat")) {
        values = readMat(fileSource, bytes, header, specs);
      } else {
        values = WfdbSignalReader.read(fileSource, bytes, specs, header.nSamples());
      }
      for (int j = 0; j < values.length; j++) {
        digital[e.getValue().get(j)] = values[j];
      }
      if (nSamples >= 0 && values[0].length != nSamples) {
        throw new RecordParseException(
            fileSource,
            "signal files of the record differ in length: " + values[0].length + " != " + nSamples);
      }
      nSamples = values[0].length;
    }
    if (nSamples < 1) {
      throw new RecordParseException(headerSource, "record has no samples");
    }
    float[][] mv = new float[CorpusSchema.N_LEADS][nSamples];
    double[] gain = new double[CorpusSchema.N_LEADS];
    for (int k = 0; k < CorpusSchema.N_LEADS; k++) {
      int s = leadSignal[k];
      WfdbSignalSpec spec = header.signals().get(s);
      double perMv = spec.gain() * unitsPerMillivolt(headerSource, spec);
      gain[k] = perMv;
      short[] d = digital[s];
      int base = spec.baseline();
      for (int j = 0; j < nSamples; j++) {
        mv[k][j] = (float) ((d[j] - base) / perMv);
      }
    }
    return new SourceRecord(
        header.recordName(), header.fs(), mv, gain, header.codes(), header.age(), header.sex());
  }

  /** For each lead of {@link CorpusSchema#LEADS}, the index of its signal in the header. */
  static int[] matchLeads(String source, WfdbHeader header) {
    int[] index = new int[CorpusSchema.N_LEADS];
    java.util.Arrays.fill(index, -1);
    for (int i = 0; i < header.signals().size(); i++) {
      String name = header.signals().get(i).description().trim();
      for (int k = 0; k < CorpusSchema.N_LEADS; k++) {
        if (CorpusSchema.LEADS.get(k).equalsIgnoreCase(name)) {
          if (index[k] >= 0) {
            throw new RecordParseException(
                source, "lead " + CorpusSchema.LEADS.get(k) + " appears twice");
          }
          index[k] = i;
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (int k = 0; k < CorpusSchema.N_LEADS; k++) {
      if (index[k] < 0) {
        missing.add(CorpusSchema.LEADS.get(k));
      }
    }
    if (!missing.isEmpty()) {
      throw new RecordParseException(source, "record lacks lead(s) " + String.join(", ", missing));
    }
    return index;
  }

  private static short[][] readMat(
      String source, byte[] bytes, WfdbHeader header, List<WfdbSignalSpec> specs) {
    MatV4Matrix m = MatV4Reader.read(source, bytes, "val");
    if (m.rows() != specs.size()) {
      throw new RecordParseException(
          source,
          "matrix 'val' has "
              + m.rows()
              + " rows but the header lists "
              + specs.size()
              + " signals in this file");
    }
    if (header.nSamples() > 0 && m.columns() != header.nSamples()) {
      throw new RecordParseException(
          source,
          "header says "
              + header.nSamples()
              + " samples per signal but matrix 'val' has "
              + m.columns());
    }
    if (m.columns() == 0) {
      throw new RecordParseException(source, "matrix 'val' has no samples");
    }
    WfdbSignalReader.verifyChecksums(source, specs, m.values());
    return m.values();
  }

  private static double unitsPerMillivolt(String source, WfdbSignalSpec spec) {
    String u = spec.units().trim().toLowerCase(Locale.ROOT);
    switch (u) {
      case "mv":
        return 1;
      case "uv":
      case "\u00b5v":
      case "\u03bcv":
        return 1000;
      case "v":
        return 0.001;
      default:
        throw new RecordParseException(
            source,
            "unsupported units '"
                + spec.units()
                + "' of lead "
                + spec.description()
                + " (mV, uV or V)");
    }
  }

  private static String siblingName(String headerSource, String fileName) {
    int slash = headerSource.lastIndexOf('/');
    return slash < 0 ? fileName : headerSource.substring(0, slash + 1) + fileName;
  }
}
