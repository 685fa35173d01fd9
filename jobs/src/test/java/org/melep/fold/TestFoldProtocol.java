package org.melep.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestFoldProtocol {
  private static final List<String> CSN =
      List.of(
          "SB", "NORM", "AFL", "STach", "TAb", "LVH", "STC", "TInv", "SA", "AF", "LQRSV", "STD",
          "LAD", "PAC", "PR", "STT", "IAVB", "CRBBB", "PVC", "QAb");

  /** A corpus of n records, each with 1 to 3 random CSN labels (some with none). */
  private static Corpus corpus(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Corpus c = new Corpus(n);
    FoldProtocol p = FoldProtocol.csn(CSN);
    for (int i = 0; i < n; i++) {
      c.ids[i] = "sim_csn/R" + i;
      List<String> labels = new ArrayList<>();
      int k = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(3);
      for (int j = 0; j < k; j++) {
        labels.add(CSN.get(r.nextInt(CSN.size())));
      }
      c.labels.put(c.ids[i], labels);
      c.masks[i] = p.maskOf(labels);
    }
    return c;
  }

  private static final class Corpus {
    final String[] ids;
    final long[] masks;
    final Map<String, List<String>> labels = new HashMap<>();

    Corpus(int n) {
      ids = new String[n];
      masks = new long[n];
    }
  }

  @Test
  void csnFoldsKeepTheProtocolInvariants() {
    Corpus c = corpus(8000, 1);
    List<Fold> folds = FoldProtocol.csn(CSN).seed(3).draw(c.ids, c.masks, c.ids.length);
    assertThat(folds).hasSize(100);
    Set<Integer> sizes = new HashSet<>();
    for (Fold f : folds) {
      assertThat(f.nLabels()).isBetween(2, 10);
      sizes.add(f.nLabels());
      assertThat(CSN).containsAll(f.labels());
      assertThat(new HashSet<>(f.labels())).hasSize(f.nLabels());
      List<Integer> order = f.labels().stream().map(CSN::indexOf).toList();
      assertThat(order).isSorted();
      assertThat(f.train()).hasSize(700);
      assertThat(f.test()).hasSize(300);
      Set<String> train = new HashSet<>(f.train());
      assertThat(train).hasSize(700);
      assertThat(f.test()).doesNotContainAnyElementsOf(train);
      for (String id : f.train()) {
        assertThat(c.labels.get(id)).containsAnyElementsOf(f.labels());
      }
      for (String id : f.test()) {
        assertThat(c.labels.get(id)).containsAnyElementsOf(f.labels());
      }
      assertThat(f.flagged()).isFalse();
      for (int k = 0; k < f.nLabels(); k++) {
        String label = f.labels().get(k);
        long train1 = f.train().stream().filter(id -> c.labels.get(id).contains(label)).count();
        long test1 = f.test().stream().filter(id -> c.labels.get(id).contains(label)).count();
        assertThat(f.trainPositives()[k]).isEqualTo((int) train1).isPositive();
        assertThat(f.testPositives()[k]).isEqualTo((int) test1).isPositive();
      }
    }
    assertThat(sizes).hasSizeGreaterThan(6);
  }

  @Test
  void reproducibleAndIndependentOfInputOrder() {
    Corpus c = corpus(3000, 2);
    FoldProtocol p = FoldProtocol.csn(CSN).seed(9).folds(10).recordsPerFold(200);
    List<Fold> a = p.draw(c.ids, c.masks, 3000);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < c.ids.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(4));
    String[] ids = new String[c.ids.length];
    long[] masks = new long[c.ids.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = c.ids[order.get(i)];
      masks[i] = c.masks[order.get(i)];
    }
    List<Fold> b = p.draw(ids, masks, 3000);
    for (int f = 0; f < a.size(); f++) {
      assertThat(b.get(f).labels()).isEqualTo(a.get(f).labels());
      assertThat(b.get(f).train()).isEqualTo(a.get(f).train());
      assertThat(b.get(f).test()).isEqualTo(a.get(f).test());
    }
    List<Fold> other =
        FoldProtocol.csn(CSN).seed(10).folds(10).recordsPerFold(200).draw(c.ids, c.masks, 3000);
    assertThat(other.get(0).train()).isNotEqualTo(a.get(0).train());
  }

  @Test
  void everyNumberIsConfigurable() {
    Corpus c = corpus(3000, 3);
    List<Fold> folds =
        FoldProtocol.csn(CSN)
            .folds(7)
            .recordsPerFold(100)
            .trainFraction(0.5)
            .labelRange(3, 3)
            .draw(c.ids, c.masks, 3000);
    assertThat(folds)
        .hasSize(7)
        .allSatisfy(
            f -> {
              assertThat(f.nLabels()).isEqualTo(3);
              assertThat(f.train()).hasSize(50);
              assertThat(f.test()).hasSize(50);
            });
  }

  @Test
  void ptbxlProtocolDrawsTwoToFiveSuperclasses() {
    List<String> pool = List.of("NORM", "MI", "STTC", "HYP", "CD");
    FoldProtocol p = FoldProtocol.ptbxl(pool).folds(30).recordsPerFold(100);
    SplittableRandom r = new SplittableRandom(1);
    String[] ids = new String[1000];
    long[] masks = new long[1000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "sim_ptbxl/R" + i;
      masks[i] = p.maskOf(List.of(pool.get(r.nextInt(5)), pool.get(r.nextInt(5))));
    }
    List<Fold> folds = p.draw(ids, masks, 1000);
    assertThat(folds).allSatisfy(f -> assertThat(f.nLabels()).isBetween(2, 5));
    assertThat(folds.stream().map(Fold::nLabels).distinct().count()).isEqualTo(4);
  }

  /** Label QAb has a single positive: it can never be in both splits. */
  private static Corpus withSinglePositive() {
    int n = 400;
    Corpus c = new Corpus(n);
    FoldProtocol p = FoldProtocol.csn(CSN);
    for (int i = 0; i < n; i++) {
      c.ids[i] = "r" + i;
      List<String> labels = i == 0 ? List.of("QAb") : List.of(i % 2 == 0 ? "SB" : "NORM");
      c.labels.put(c.ids[i], labels);
      c.masks[i] = p.maskOf(labels);
    }
    return c;
  }

  @Test
  void foldWithoutPositiveInASplitIsRedrawnOrFlaggedNeverSilentlyKept() {
    Corpus c = withSinglePositive();
    // folds of QAb and SB: QAb's single positive is in train or in test, never in both
    List<String> pool = List.of("QAb", "SB");
    FoldProtocol qabOnly =
        new FoldProtocol(pool).labelRange(2, 2).folds(3).recordsPerFold(100).redrawFlagged(false);
    String[] ids = c.ids;
    long[] masks = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      masks[i] = qabOnly.maskOf(c.labels.get(ids[i]));
    }
    List<Fold> kept = qabOnly.draw(ids, masks, ids.length);
    assertThat(kept)
        .allSatisfy(
            f -> {
              assertThat(f.flagged()).isTrue();
              assertThat(f.flagReason())
                  .containsPattern("label QAb has [01] positives in train and [01] in test");
            });
    FoldProtocol redraw =
        new FoldProtocol(pool).labelRange(2, 2).folds(3).recordsPerFold(100).maxAttempts(4);
    assertThatThrownBy(() -> redraw.draw(ids, masks, ids.length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Cannot draw fold 0: all 4 draws left a label without a positive in a split")
        .hasMessageContaining("label QAb has");
  }

  @Test
  void flaggedDrawsAreRedrawnWhenAnotherDrawWorks() {
    Corpus c = withSinglePositive();
    List<String> pool = List.of("QAb", "SB", "NORM");
    FoldProtocol p = new FoldProtocol(pool).labelRange(1, 1).folds(20).recordsPerFold(100);
    long[] masks = new long[c.ids.length];
    for (int i = 0; i < c.ids.length; i++) {
      masks[i] = p.maskOf(c.labels.get(c.ids[i]));
    }
    List<Fold> folds = p.allowSmaller(true).draw(c.ids, masks, c.ids.length);
    assertThat(folds)
        .allSatisfy(
            f -> {
              assertThat(f.flagged()).isFalse();
              assertThat(f.labels()).doesNotContain("QAb");
            });
    assertThat(folds.stream().mapToInt(Fold::attempt).sum()).isPositive();
  }

  @Test
  void tooSmallCorpusIsAClearErrorOrAllowedSmaller() {
    Corpus c = corpus(500, 4);
    long withPositive = java.util.Arrays.stream(c.masks).filter(m -> m != 0).count();
    assertThatThrownBy(() -> FoldProtocol.csn(CSN).draw(c.ids, c.masks, 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot draw folds: only "
                + withPositive
                + " of 500 records have a positive among the labels "
                + CSN
                + " but --records-per-fold is 1000 (use a larger corpus, a smaller"
                + " --records-per-fold, or --allow-smaller)");
    assertThatThrownBy(() -> FoldProtocol.csn(CSN).recordsPerFold(300).draw(c.ids, c.masks, 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot draw fold ")
        .hasMessageContaining("records have a positive among its labels")
        .hasMessageContaining("but --records-per-fold is 300");
    List<Fold> smaller =
        FoldProtocol.csn(CSN)
            .folds(5)
            .allowSmaller(true)
            .redrawFlagged(false)
            .draw(c.ids, c.masks, 500);
    assertThat(smaller)
        .allSatisfy(
            f -> {
              assertThat(f.train().size() + f.test().size()).isEqualTo((int) f.eligible());
              assertThat(f.eligible()).isLessThan(1000);
            });
  }

  @Test
  void badSettingsAndInputsAreNamed() {
    Corpus c = corpus(100, 5);
    assertThatThrownBy(() -> FoldProtocol.csn(CSN).trainFraction(1.0).draw(c.ids, c.masks, 100))
        .hasMessage("Cannot draw folds: --train-fraction must be in (0, 1): 1.0");
    assertThatThrownBy(() -> FoldProtocol.csn(CSN).labelRange(2, 21).draw(c.ids, c.masks, 100))
        .hasMessage("Cannot draw folds: --max-labels must be in [min-labels, 20]: 21");
    String[] dup = c.ids.clone();
    dup[1] = dup[0];
    assertThatThrownBy(() -> FoldProtocol.csn(CSN).recordsPerFold(10).draw(dup, c.masks, 100))
        .hasMessage("Cannot draw folds: duplicate record_id: " + dup[0]);
  }
}
