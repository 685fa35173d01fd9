package org.melep.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.mat.MatV4Reader;
import org.melep.corpus.preprocess.Normalization;
import org.melep.corpus.preprocess.PreprocessOptions;
import org.melep.corpus.preprocess.PreprocessedSignal;
import org.melep.corpus.preprocess.Preprocessor;
import org.melep.corpus.preprocess.ResampleMethod;
import org.melep.corpus.wfdb.WfdbHeader;
import org.melep.corpus.wfdb.WfdbHeaderParser;
import org.melep.corpus.wfdb.WfdbSignalReader;
import org.melep.labels.LabelSets;

/** Every sample record of the test resources ({@code ecg/}, see its README.md), read in place. */
class TestSharedDataRecords {

  static SourceRecord read(Path header) throws IOException {
    Path dir = header.getParent();
    return WfdbRecordReader.read(
        header.toString(),
        Files.readAllBytes(header),
        name -> {
          try {
            return Files.readAllBytes(dir.resolve(name));
          } catch (NoSuchFileException e) {
            throw new java.io.FileNotFoundException(name);
          }
        });
  }

  static List<Path> headers(String folder) throws IOException {
    try (Stream<Path> s = Files.walk(SharedData.resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
    }
  }

  @Test
  void everyRecordParsesWithTwelveLeadsAndTheHeadersLength() throws IOException {
    int n = 0;
    for (String folder : List.of("cinc2021", "ptb-xl/records100", "ptb-xl/records500")) {
      for (Path h : headers(folder)) {
        WfdbHeader header = WfdbHeaderParser.parse(h.toString(), Files.readAllBytes(h));
        SourceRecord r = read(h);
        assertThat(r.millivolts()).as(h.toString()).hasNumberOfRows(12);
        assertThat(r.nSamples()).as(h.toString()).isEqualTo(header.nSamples());
        assertThat(r.fs()).as(h.toString()).isEqualTo(header.fs());
        assertThat(r.gain()).as(h.toString()).containsOnly(1000.0);
        n++;
      }
    }
    assertThat(n).isEqualTo(14 + 16 + 7); // challenge, PTB-XL 100 Hz, PTB-XL 500 Hz
  }

  @Test
  void challengeHr00001AndPtbxl00001HrAreTheSameSignal() throws IOException {
    Path mat = SharedData.resolve("cinc2021/HR00001.mat");
    short[][] challenge = MatV4Reader.read(mat.toString(), Files.readAllBytes(mat), "val").values();
    Path hea = SharedData.resolve("ptb-xl/records500/00000/00001_hr.hea");
    Path dat = SharedData.resolve("ptb-xl/records500/00000/00001_hr.dat");
    WfdbHeader h = WfdbHeaderParser.parse(hea.toString(), Files.readAllBytes(hea));
    short[][] ptbxl =
        WfdbSignalReader.read(dat.toString(), Files.readAllBytes(dat), h.signals(), h.nSamples());
    assertThat(challenge).hasDimensions(12, 5000);
    assertThat(ptbxl).isDeepEqualTo(challenge);
    // and both readers give the same millivolts, leads matched by name (AVR vs aVR)
    SourceRecord a = read(SharedData.resolve("cinc2021/HR00001.hea"));
    SourceRecord b = read(hea);
    assertThat(b.millivolts()).isDeepEqualTo(a.millivolts());
    assertThat(a.millivolts()[3][0]).isEqualTo(82 / 1000f); // aVR's initial value
  }

  @Test
  void challengeCodesMapToTheConfiguredLabelSets() throws IOException {
    LabelSets sets = LabelSets.defaults();
    Map<String, List<String>> a0001 = sets.labelsForCodes(read(hea("A0001")).codes());
    assertThat(read(hea("A0001")).codes()).containsExactly("59118001"); // #Dx: 59118001
    assertThat(a0001.get("cpsc")).containsExactly("RBBB");
    assertThat(a0001.get("csn")).containsExactly("CRBBB");
    assertThat(a0001.get("georgia")).isEmpty();
    Map<String, List<String>> hr = sets.labelsForCodes(read(hea("HR00001")).codes());
    assertThat(hr.get("csn")).containsExactly("NORM", "LQRSV"); // 251146004,426783006
    assertThat(hr.get("cpsc")).containsExactly("NORM");
    Map<String, List<String>> js = sets.labelsForCodes(read(hea("JS00002")).codes());
    assertThat(js.get("csn")).containsExactly("SB", "TAb"); // 426177001,164934002
    assertThat(js.get("georgia")).containsExactly("SB", "TAb");
    // totals over all 14 headers, computed independently with Python from the #Dx lines
    Map<String, Integer> totals = new TreeMap<>();
    int unmatched = 0;
    for (Path h : headers("cinc2021")) {
      SourceRecord r = read(h);
      boolean any = false;
      for (var e : sets.labelsForCodes(r.codes()).entrySet()) {
        totals.merge(e.getKey(), e.getValue().size(), Integer::sum);
        any |= !e.getValue().isEmpty();
      }
      if (!any) {
        unmatched++;
        assertThat(r.codes()).as("kept codes of %s", h).isNotEmpty();
      }
    }
    assertThat(totals)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("csn", 19, "georgia", 15, "cpsc", 12, "ptbxl", 0));
    assertThat(unmatched).isEqualTo(2); // Q0012 and JS45550
  }

  private static Path hea(String name) {
    return SharedData.resolve("cinc2021/" + name + ".hea");
  }

  @Test
  void ptbxl100HzFilesPassThroughLosslessly() throws IOException {
    Preprocessor p = new Preprocessor(PreprocessOptions.DEFAULT);
    for (Path h : headers("ptb-xl/records100")) {
      WfdbHeader header = WfdbHeaderParser.parse(h.toString(), Files.readAllBytes(h));
      Path dat = h.resolveSibling(h.getFileName().toString().replace(".hea", ".dat"));
      short[][] raw =
          WfdbSignalReader.read(dat.toString(), Files.readAllBytes(dat), header.signals(), 0);
      SourceRecord r = read(h);
      PreprocessedSignal s = p.process(r.millivolts(), r.fs(), r.gain());
      assertThat(s.nSamples()).isEqualTo(1000);
      for (int k = 0; k < 12; k++) {
        int signal = indexOf(header, CorpusSchema.LEADS.get(k));
        assertThat(s.digital()[k]).as("%s lead %d", h, k).isEqualTo(raw[signal]);
      }
    }
  }

  @Test
  void ptbxl500HzResampledAgreesWithPtbxlsOwn100HzVersion() throws IOException {
    Preprocessor p = new Preprocessor(PreprocessOptions.DEFAULT);
    double worst = 1;
    List<Path> records500 = headers("ptb-xl/records500");
    assertThat(records500).hasSize(7);
    for (Path h : records500) {
      String stem = h.getFileName().toString().substring(0, 5);
      SourceRecord hr = read(h);
      SourceRecord lr = read(SharedData.resolve("ptb-xl/records100/00000/" + stem + "_lr.hea"));
      float[][] ours = decode(p.process(hr.millivolts(), 500, hr.gain()));
      for (int k = 0; k < 12; k++) {
        worst = Math.min(worst, correlation(ours[k], lr.millivolts()[k], 20, 980));
      }
    }
    assertThat(worst).isGreaterThan(0.97);
  }

  @Test
  void thousandHertzRecordsResampleToTheRightLengthWithoutHighFrequencyContent()
      throws IOException {
    Preprocessor fir = new Preprocessor(PreprocessOptions.DEFAULT);
    Preprocessor dec =
        new Preprocessor(
            new PreprocessOptions(100, 10, ResampleMethod.DECIMATE, Normalization.NONE));
    List<Path> ptb =
        headers("cinc2021").stream()
            .filter(h -> h.getFileName().toString().startsWith("S"))
            .toList();
    assertThat(ptb).isNotEmpty();
    for (Path h : ptb) {
      SourceRecord r = read(h);
      assertThat(r.fs()).isEqualTo(1000.0);
      PreprocessedSignal s = fir.process(r.millivolts(), r.fs(), r.gain());
      assertThat(s.nSamples()).isEqualTo(1000);
      float[][] y = decode(s);
      float[][] d = decode(dec.process(r.millivolts(), r.fs(), r.gain()));
      for (int k = 0; k < 12; k++) {
        // an independent low-pass: the mean of the 10 input samples around each output sample
        float[] box = new float[1000];
        for (int n = 0; n < 1000; n++) {
          double sum = 0;
          for (int i = -5; i < 5; i++) {
            sum += r.millivolts()[k][Math.max(0, 10 * n + i)];
          }
          box[n] = (float) (sum / 10);
        }
        assertThat(correlation(y[k], box, 10, 990)).as("%s lead %d", h, k).isGreaterThan(0.95);
        assertThat(correlation(y[k], d[k], 10, 990)).as("%s lead %d", h, k).isGreaterThan(0.9);
      }
    }
  }

  static float[][] decode(PreprocessedSignal s) {
    float[][] out = new float[12][s.nSamples()];
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < s.nSamples(); j++) {
        out[k][j] = (float) (s.digital()[k][j] / s.gain()[k]);
      }
    }
    return out;
  }

  static double correlation(float[] a, float[] b, int from, int to) {
    double ma = 0, mb = 0;
    for (int i = from; i < to; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= to - from;
    mb /= to - from;
    double ab = 0, aa = 0, bb = 0;
    for (int i = from; i < to; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return aa == 0 && bb == 0 ? 1 : ab / Math.sqrt(aa * bb);
  }

  private static int indexOf(WfdbHeader h, String lead) {
    for (int i = 0; i < h.signals().size(); i++) {
      if (h.signals().get(i).description().equalsIgnoreCase(lead)) {
        return i;
      }
    }
    throw new AssertionError(lead);
  }
}
